"""The public query engine: untrusted SPARQL, run with a time limit that really stops the work.

pyoxigraph cannot cancel a running query, so public queries run in a small pool of worker
processes that each open the store read-only. A query that overruns its time limit has its worker
killed (the work stops) and a fresh worker takes its place; the other workers keep answering.

Before a query reaches a worker it is screened: SPARQL Update, SERVICE and LOAD are refused, because
the public endpoint is read-only and must never make network calls (pyoxigraph would otherwise
evaluate SERVICE over HTTP).
"""

from __future__ import annotations

import multiprocessing as mp
import queue
import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from .errors import KGError

DEFAULT_TIMEOUT = 10.0
MAX_QUERY_CHARS = 100_000
MAX_NESTING = 64  # deeper brackets are refused: deep recursion overflows the parser's stack

# Tokens that cannot hide a keyword: IRIs, strings, comments. Removed before screening so that a
# literal "SERVICE" in a string or IRI is not mistaken for the keyword (and vice versa).
_STRIP = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*',
)
_UPDATE = re.compile(r"(?<![\w:?$])(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD)(?![\w:])", re.I)
_SERVICE = re.compile(r"(?<![\w:?$])SERVICE(?![\w:])", re.I)


def screen(query: str) -> None:
    """Refuse what the public endpoint must not run. Raises KGError with a 4xx status."""
    if len(query) > MAX_QUERY_CHARS:
        raise KGError(f"query is too long: {len(query)} characters, the limit is {MAX_QUERY_CHARS}", status=413)
    if not query.strip():
        raise KGError("empty query")
    code = _STRIP.sub(" ", query)
    depth = deepest = 0
    for char in code:
        if char in "{([":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "})]":
            depth -= 1
    if deepest > MAX_NESTING:
        raise KGError(f"query nests brackets {deepest} deep; the limit is {MAX_NESTING}")
    m = _UPDATE.search(code)
    if m:
        raise KGError(f"SPARQL Update ({m.group(1).upper()}) is not allowed: this endpoint is read-only", status=403)
    if _SERVICE.search(code):
        raise KGError("SERVICE is not allowed: queries on this endpoint cannot reach other endpoints", status=403)


@dataclass
class Answer:
    kind: str            # select / ask / graph
    body: bytes
    fmt: str
    truncated: bool

    def result(self):
        """The answer as a kg.sparql.Result (rows or triples), for callers that read it in Python."""
        import json

        import pyoxigraph as ox

        from . import sparql

        if self.kind == "graph":
            return sparql.Result("graph", triples=list(ox.parse(self.body, format=sparql.GRAPH_FORMATS[self.fmt])),
                                 truncated=self.truncated)
        if self.fmt != "json":
            raise ValueError(f"cannot read {self.fmt} results back; ask for json")
        return sparql.Result(self.kind, json_doc=json.loads(self.body), truncated=self.truncated)


def _worker_main(store_path: str, conn) -> None:  # runs in the child process
    import pyoxigraph as ox

    from . import sparql

    store = ox.Store.read_only(store_path)
    while True:
        job = conn.recv()
        if job is None:
            return
        query, default_graph, named_graphs, row_limit, select_fmt, graph_fmt = job
        try:
            result = sparql.run(
                store, query, row_limit=row_limit,
                default_graph=[ox.NamedNode(g) for g in default_graph] or None,
                named_graphs=[ox.NamedNode(g) for g in named_graphs] or None,
            )
            fmt = graph_fmt if result.kind == "graph" else select_fmt
            conn.send(("ok", Answer(result.kind, result.serialize(fmt), fmt, result.truncated)))
        except KGError as e:
            conn.send(("error", (str(e), e.status)))
        except Exception as e:  # a bug must not kill the worker silently
            conn.send(("error", (f"query failed: {type(e).__name__}", 500)))


class _Worker:
    def __init__(self, ctx, store_path: str, generation: int = 0):
        self.generation = generation
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(store_path, child), daemon=True)
        self.process.start()
        child.close()

    def kill(self) -> None:
        self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


class QueryEngine:
    """A pool of query worker processes over one read-only store directory."""

    def __init__(self, store_path: Path, *, workers: int = 3, timeout: float = DEFAULT_TIMEOUT,
                 row_limit: int = 10_000):
        from .store import current_version

        self.store_path = str(current_version(store_path))  # the version, not the swappable link
        self._generation = 0
        self.timeout = timeout
        self.row_limit = row_limit
        self._ctx = mp.get_context("spawn")  # no forked copies of RocksDB or server threads
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._size = workers
        self._lock = threading.Lock()
        self._started = False

    def _start(self) -> None:
        with self._lock:
            if not self._started:
                for _ in range(self._size):
                    self._idle.put(self._new_worker())
                self._started = True

    def _new_worker(self) -> _Worker:
        return _Worker(self._ctx, self.store_path, self._generation)

    def _replace(self) -> None:
        self._idle.put(self._new_worker())

    def reload(self, store_path: Path) -> None:
        """Switch to a new store version: idle workers now, busy ones when they finish."""
        with self._lock:
            self.store_path = str(store_path)
            self._generation += 1
            if not self._started:
                return
            stale = []
            while True:
                try:
                    stale.append(self._idle.get_nowait())
                except queue.Empty:
                    break
            for worker in stale:
                worker.kill()
                self._idle.put(self._new_worker())

    def _release(self, worker: _Worker) -> None:
        if worker.generation == self._generation:
            self._idle.put(worker)
        else:
            worker.kill()
            threading.Thread(target=self._replace, daemon=True).start()

    def run(self, query: str, *, select_fmt: str = "json", graph_fmt: str = "turtle",
            default_graph: list[str] = (), named_graphs: list[str] = ()) -> Answer:
        screen(query)
        self._start()
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            raise KGError("all query workers are busy; try again shortly", status=503) from None
        deadline = time.monotonic() + self.timeout
        try:
            worker.conn.send((query, list(default_graph), list(named_graphs), self.row_limit, select_fmt, graph_fmt))
            if not worker.conn.poll(max(0.0, deadline - time.monotonic())):
                worker.kill()
                threading.Thread(target=self._replace, daemon=True).start()
                worker = None
                raise KGError(f"query stopped after the time limit of {self.timeout:g} s; "
                              "narrow it down or add a LIMIT", status=422)
            status, payload = worker.conn.recv()
        except (EOFError, BrokenPipeError, OSError):
            if worker is not None:
                worker.kill()
                threading.Thread(target=self._replace, daemon=True).start()
                worker = None
            # the worker died on this query (e.g. a stack overflow deep in the engine): refuse the query
            raise KGError("the query could not be evaluated: it stopped the query worker", status=422) from None
        finally:
            if worker is not None:
                self._release(worker)
        if status == "error":
            message, code = payload
            raise KGError(message, status=code)
        return payload

    def close(self) -> None:
        while True:
            try:
                worker = self._idle.get_nowait()
            except queue.Empty:
                return
            try:
                worker.conn.send(None)
            except OSError:
                pass
            worker.kill()


class RemoteEngine:
    """The public engine on an external store: the same screening; the store's own time limit and
    our HTTP timeout bound the work (a remote server cannot be made to stop by us)."""

    def __init__(self, remote, *, row_limit: int = 10_000):
        self.remote = remote
        self.row_limit = row_limit

    def run(self, query: str, *, select_fmt: str = "json", graph_fmt: str = "turtle",
            default_graph: list[str] = (), named_graphs: list[str] = ()) -> Answer:
        import pyoxigraph as ox

        from . import sparql

        screen(query)
        result = sparql.run(self.remote, query, row_limit=self.row_limit,
                            default_graph=[ox.NamedNode(g) for g in default_graph] or None,
                            named_graphs=[ox.NamedNode(g) for g in named_graphs] or None)
        fmt = graph_fmt if result.kind == "graph" else select_fmt
        return Answer(result.kind, result.serialize(fmt), fmt, result.truncated)

    def close(self) -> None:
        pass
