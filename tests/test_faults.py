"""Faults: the store survives a crashed server, and a failed build never disturbs the store being served.

- kill -9 of `kg serve` in the middle of a mixed load, restart on the same store directory: the store
  opens, and a fixed set of queries gives exactly the answers it gave before the crash.
- a failing `kg build --store S` (syntax error in a copy of the real data; integrity violation in a
  minimal home) while a server is serving S: the build fails with status 2, the server keeps answering
  identically, and S still opens after the server stops.

(An external store that goes away -> 503 and recovery is tested in tests/test_external_store.py.)
"""

from __future__ import annotations

import http.client
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

import pytest

from conftest import ROOT, free_port, kg, wait_for
from fixtures_data import BROKEN, SYNTAX_ERROR

GO = "https://w3id.org/gebiedsontwikkeling"
# A fixed set of requests whose answers must not change across a crash or a failed build.
FIXED = [
    "/sparql?format=csv&query=" + quote("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"),
    "/sparql?format=csv&query=" + quote("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"),
    "/sparql?format=csv&query=" + quote(
        "PREFIX go: <https://w3id.org/gebiedsontwikkeling/def/> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
        "SELECT ?k ?l WHERE { ?k a go:PolicyFramework ; skos:prefLabel ?l } ORDER BY ?k ?l"),
    "/sparql?format=ntriples&query=" + quote(f"DESCRIBE <{GO}/id/kader/nhv>"),
    "/api/instruments?format=csv&actor=actor/gemeente",
    "/api/instruments?format=csv&area_type=begrip/gebiedstype/laagveen",
    "/api/queries/competency/cq-01?format=csv",
    "/api/queries/competency/cq-06?format=csv",
    "/doc/kader/nhv?format=ntriples",
]
MIXED = FIXED + ["/", "/doc/kader/nhv", "/zoeken?q=water", "/def/Instrument?format=turtle", "/api/queries"]


def get(port: int, path: str, timeout: float = 30) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Accept": "text/html" if "format=" not in path else "*/*"})
        r = conn.getresponse()
        return r.status, r.read()
    finally:
        conn.close()


def answers(port: int) -> dict[str, tuple[int, list[bytes]]]:
    """Status and sorted lines of each fixed request (row order of unordered results may vary)."""
    out = {}
    for path in FIXED:
        status, body = get(port, path)
        out[path] = (status, sorted(body.splitlines()))
    return out


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


class Server:
    def __init__(self, store: Path, log: Path):
        self.store, self.log = store, log
        self.port = free_port()
        self.proc: subprocess.Popen | None = None

    def start(self) -> "Server":
        self.proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", "--store", str(self.store),
                                      "--port", str(self.port)], stdout=open(self.log, "a"),
                                     stderr=subprocess.STDOUT, start_new_session=True)
        wait_for(f"http://127.0.0.1:{self.port}/api/queries", timeout=60)
        return self

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc:
            try:  # the session we started: workers included
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


@pytest.fixture
def store_copy(request, tmp_path) -> Path:
    """A private copy of the session's store: these tests kill servers and build over it.
    (KG_TEST_STORE=DIR uses an existing built store instead of the session build; development only.)"""
    source = Path(os.environ.get("KG_TEST_STORE") or request.getfixturevalue("built_store"))
    copy = tmp_path / "store"
    shutil.copytree(source.resolve(), copy)
    return copy


def test_kill_9_mid_load_then_restart_gives_same_answers(store_copy, tmp_path):
    server = Server(store_copy, tmp_path / "server.log").start()
    try:
        before = answers(server.port)
        assert all(status == 200 for status, _ in before.values()), {p: s for p, (s, _) in before.items()}
        done, stop = [], threading.Event()

        def client(i: int) -> None:
            n = i
            while not stop.is_set():
                try:
                    status, _ = get(server.port, MIXED[n % len(MIXED)], timeout=10)
                    done.append(status)
                except (OSError, http.client.HTTPException):
                    pass  # expected once the server is killed
                n += 1

        threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(6)]
        for t in threads:
            t.start()
        deadline = time.monotonic() + 30
        while len(done) < 40 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(done) >= 40, f"load did not get going: {len(done)} answers"
        assert all(s == 200 for s in done), sorted(set(done))
        workers = children(server.proc.pid)
        os.kill(server.proc.pid, signal.SIGKILL)  # the crash, mid-load
        server.proc.wait(timeout=10)
        time.sleep(1)
        stop.set()
        for t in threads:
            t.join(timeout=15)
        # the query workers notice their parent is gone and exit (no orphans holding the store)
        deadline = time.monotonic() + 15
        while any(alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.2)
        orphans = [w for w in workers if alive(w)]
        assert not orphans, f"query workers {orphans} outlived the killed server"

        server.start()  # same store directory, straight after the crash
        after = answers(server.port)
        assert after == before
        check = kg("query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--store", str(store_copy),
                   "--format", "csv")
        assert check.returncode == 0, check.stderr
    finally:
        server.stop()


def _broken_real_copy(tmp_path: Path) -> Path:
    """A copy of the real project home with a syntax error appended to one real data file."""
    home = tmp_path / "realhome"
    for part in ("ontology", "data", "shapes", "queries"):
        shutil.copytree(ROOT / part, home / part)
    victim = sorted((home / "data").rglob("*.ttl"))[-1]
    victim.write_text(victim.read_text(encoding="utf-8") + "\n<broken> <triple\n", encoding="utf-8")
    return home


def _broken_mini(mini_home: Path, text: str) -> Path:
    (mini_home / "data" / "fixture.ttl").write_text(text, encoding="utf-8")
    return mini_home


@pytest.mark.parametrize("kind", ["syntax-error-in-real-data", "syntax-error", "integrity-violation"])
def test_failed_build_leaves_the_served_store_serving(kind, store_copy, tmp_path, mini_home):
    home = {"syntax-error-in-real-data": lambda: _broken_real_copy(tmp_path),
            "syntax-error": lambda: _broken_mini(mini_home, SYNTAX_ERROR),
            "integrity-violation": lambda: _broken_mini(mini_home, BROKEN)}[kind]()
    listing = sorted(p.name for p in store_copy.iterdir())
    server = Server(store_copy, tmp_path / "server.log").start()
    try:
        before = answers(server.port)
        assert all(status == 200 for status, _ in before.values())
        result = kg("build", "--store", str(store_copy), "--no-reason", env={"KG_HOME": str(home)}, timeout=300)
        assert result.returncode == 2, (result.returncode, result.stderr[-2000:])
        assert "Traceback" not in result.stderr
        assert answers(server.port) == before  # still serving, identically
        assert server.proc.poll() is None
    finally:
        server.stop()
    assert sorted(p.name for p in store_copy.iterdir()) == listing or (store_copy / "CURRENT").exists()
    restarted = Server(store_copy, tmp_path / "server2.log").start()
    try:
        assert answers(restarted.port) == before
    finally:
        restarted.stop()
