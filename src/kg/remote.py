"""External SPARQL stores: Oxigraph server, Fuseki, GraphDB, Virtuoso, QLever, ...

`RemoteStore` talks the SPARQL 1.1 Protocol (through SPARQLWrapper) and offers the same `query()` as
a pyoxigraph Store, returning pyoxigraph result objects, so everything above it (saved queries,
resource pages, the public endpoint) works unchanged on an external store.

Loading (`kg build --store URL`) uses the SPARQL 1.1 Graph Store Protocol when a GSP URL is known:
one PUT per graph, which replaces that graph atomically on the server. Without one it falls back
to SPARQL Update (DROP, then INSERT DATA in chunks).
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from itertools import islice

import pyoxigraph as ox

from .errors import KGError

CHUNK = 5_000  # triples per INSERT DATA request


@dataclass
class Endpoints:
    query: str
    update: str | None = None
    gsp: str | None = None

    @classmethod
    def guess(cls, url: str, update: str | None = None, gsp: str | None = None) -> "Endpoints":
        """Fill in update and GSP URLs by the conventions of common servers when not given.

        Oxigraph: /query /update /store; Fuseki: /ds/query (or /ds/sparql) /ds/update /ds/data.
        """
        url = url.rstrip("/")
        if update is None and gsp is None:
            for q, u, g in (("/query", "/update", "/store"), ("/sparql", "/update", "/data")):
                if url.endswith(q):
                    root = url[: -len(q)]
                    update, gsp = root + u, root + g
                    break
        return cls(url, update, gsp)


class RemoteStore:
    def __init__(self, endpoints: Endpoints, *, timeout: float = 30.0):
        self.endpoints = endpoints
        self.timeout = timeout

    # -- reading -------------------------------------------------------------------------------

    def query(self, query: str, *, default_graph=None, named_graphs=None, **_ignored):
        from SPARQLWrapper import POST, SPARQLWrapper
        from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

        client = SPARQLWrapper(self.endpoints.query)
        client.setMethod(POST)
        client.setRequestMethod("postdirectly")
        client.setTimeout(int(self.timeout))
        client.setQuery(query)
        for g in default_graph or []:
            client.addDefaultGraph(g.value)
        for g in named_graphs or []:
            client.addNamedGraph(g.value)
        client.addCustomHttpHeader(
            "Accept", "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8")
        try:
            response = client.query().response
            body = response.read()
            ctype = (response.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        except QueryBadFormed as e:
            raise KGError(f"SPARQL syntax error (external store): {_tail(e)}") from None
        except (urllib.error.URLError, OSError, TimeoutError) as e:
            raise KGError(f"the external store at {self.endpoints.query} is not reachable: {_tail(e)}", status=503) from None
        except Exception as e:  # SPARQLWrapper wraps HTTP errors in its own exceptions
            raise KGError(f"the external store refused the query: {_tail(e)}", status=502) from None
        if ctype in ("application/sparql-results+json", "application/json"):
            return ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        if ctype in ("application/sparql-results+xml", "application/xml"):
            return ox.parse_query_results(body, format=ox.QueryResultsFormat.XML)
        fmt = ox.RdfFormat.from_media_type(ctype)
        if fmt is None:
            raise KGError(f"the external store answered with an unknown content type {ctype!r}", status=502)
        return list(ox.parse(body, format=fmt))

    # -- writing -------------------------------------------------------------------------------

    def replace(self, dataset: ox.Dataset, progress=lambda m: None) -> None:
        """Replace the store's content with `dataset` (default graph and named graphs)."""
        graphs: dict = {}
        for q in dataset:
            graphs.setdefault(q.graph_name, []).append(ox.Triple(q.subject, q.predicate, q.object))
        if self.endpoints.gsp:
            for graph, triples in graphs.items():
                progress(f"PUT {len(triples)} triples into {_graph_name(graph)}")
                self._put(graph, triples)
        elif self.endpoints.update:
            self._update("DROP SILENT ALL")
            for graph, triples in graphs.items():
                progress(f"INSERT DATA {len(triples)} triples into {_graph_name(graph)}")
                it = iter(triples)
                while chunk := list(islice(it, CHUNK)):
                    data = ox.serialize(chunk, format=ox.RdfFormat.N_TRIPLES).decode()
                    body = data if isinstance(graph, ox.DefaultGraph) else f"GRAPH {graph} {{\n{data}}}"
                    self._update(f"INSERT DATA {{\n{body}}}")
        else:
            raise KGError("no way to write to the external store: give --update-url or --gsp-url")

    def _put(self, graph, triples) -> None:
        target = self.endpoints.gsp + ("?default" if isinstance(graph, ox.DefaultGraph)
                                       else "?graph=" + urllib.parse.quote(graph.value, safe=""))
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
        self._send(urllib.request.Request(target, data=body, method="PUT",
                                          headers={"Content-Type": "application/n-triples"}))

    def _update(self, update: str) -> None:
        self._send(urllib.request.Request(self.endpoints.update, data=update.encode(), method="POST",
                                          headers={"Content-Type": "application/sparql-update"}))

    def _send(self, request: urllib.request.Request) -> None:
        try:
            with urllib.request.urlopen(request, timeout=max(self.timeout, 120)) as response:
                response.read()
        except urllib.error.HTTPError as e:
            raise KGError(f"the external store refused the write ({e.code}): {e.read()[:300].decode(errors='replace')}",
                          status=502) from None
        except (urllib.error.URLError, OSError) as e:
            raise KGError(f"the external store at {request.full_url} is not reachable: {_tail(e)}", status=503) from None


def _graph_name(graph) -> str:
    return "the default graph" if isinstance(graph, ox.DefaultGraph) else f"<{graph.value}>"


def _tail(e: Exception) -> str:
    return " ".join(str(e).split())[:300]


def is_url(value) -> bool:
    return isinstance(value, str) and value.startswith(("http://", "https://"))
