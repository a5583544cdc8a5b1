"""Running SPARQL queries and turning their results into the formats users ask for.

All serialisation is pyoxigraph's. Results pass through SPARQL JSON once, which is where the
result-row limit is applied; other result formats are converted from it.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass
from itertools import islice

import pyoxigraph as ox

from .errors import KGError

#: Result formats for SELECT/ASK and for CONSTRUCT/DESCRIBE, by short name.
RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
}

DEFAULT_ROW_LIMIT = 10_000

PREFIXES = {
    "go": "https://w3id.org/gebiedsontwikkeling/def/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "prov": "http://www.w3.org/ns/prov#",
    "dct": "http://purl.org/dc/terms/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "sh": "http://www.w3.org/ns/shacl#",
}


@dataclass
class Result:
    """A finished query: kind is 'select', 'ask' or 'graph'."""

    kind: str
    json_doc: dict | None = None        # SPARQL JSON for select/ask
    triples: list | None = None         # for graph results
    truncated: bool = False

    @property
    def variables(self) -> list[str]:
        return self.json_doc["head"].get("vars", []) if self.json_doc else []

    @property
    def bindings(self) -> list[dict]:
        return self.json_doc["results"]["bindings"] if self.kind == "select" else []

    def rows(self) -> list[dict[str, str]]:
        """Rows as plain {variable: value} dicts (for tables, CSV-like use and JSON APIs)."""
        return [{v: b[v]["value"] for v in self.variables if v in b} for b in self.bindings]

    def serialize(self, fmt: str) -> bytes:
        if self.kind == "graph":
            if fmt not in GRAPH_FORMATS:
                raise KGError(f"format {fmt!r} is not available for CONSTRUCT/DESCRIBE; use one of {', '.join(GRAPH_FORMATS)}", status=406)
            return ox.serialize(self.triples, format=GRAPH_FORMATS[fmt], prefixes=PREFIXES if fmt in ("turtle", "trig") else None)
        if fmt not in RESULT_FORMATS:
            raise KGError(f"format {fmt!r} is not available for SELECT/ASK; use one of {', '.join(RESULT_FORMATS)}", status=406)
        data = json.dumps(self.json_doc, ensure_ascii=False).encode()
        if fmt == "json":
            return data
        parsed = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
        if isinstance(parsed, ox.QueryBoolean):
            if fmt in ("csv", "tsv"):  # CSV/TSV have no boolean form in the spec; answer like Jena does
                return b"_askResult\r\n" + (b"true" if bool(parsed) else b"false") + b"\r\n"
            return ox.QueryBoolean.serialize(parsed, format=RESULT_FORMATS[fmt])  # noqa
        return parsed.serialize(format=RESULT_FORMATS[fmt])


# The WHERE keyword outside comments, strings and IRIs (which are blanked out, keeping offsets).
_HIDDEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*')
_WHERE = re.compile(r"\bWHERE\s*\{", re.I)


def bind(query: str, bindings: dict | None) -> str:
    """Bind variables to RDF terms with a VALUES block at the start of the WHERE clause.

    The terms are pyoxigraph terms (validated on construction, escaped by str()), so no user text
    reaches the query unescaped. We do not use pyoxigraph's `substitutions`: in 0.5 they do not
    reach FILTER and EXISTS scopes, and this form also works on external SPARQL stores.
    """
    if not bindings:
        return query
    blanked = _HIDDEN.sub(lambda m: " " * len(m.group(0)), query)
    m = _WHERE.search(blanked)
    if not m:
        raise KGError("a query with parameters needs an explicit WHERE { ... } clause")
    names = sorted(bindings)
    values = "VALUES (" + " ".join("?" + n for n in names) + ") { (" + " ".join(str(bindings[n]) for n in names) + ") }"
    return query[: m.end()] + " " + values + " " + query[m.end():]


def run(
    store,
    query: str,
    *,
    substitutions: dict | None = None,
    default_graph=None,
    named_graphs=None,
    row_limit: int = DEFAULT_ROW_LIMIT,
) -> Result:
    """Evaluate a query on a pyoxigraph store, with `substitutions` (name -> pyoxigraph term) bound
    through `bind`. SyntaxError becomes a KGError with the position."""
    try:
        outcome = store.query(bind(query, substitutions), default_graph=default_graph, named_graphs=named_graphs)
    except SyntaxError as e:
        raise KGError(syntax_error_message(e)) from None
    try:
        return materialise(outcome, row_limit)
    except OSError as e:
        raise KGError(f"query failed: {e}", status=500) from None


_POSITION = re.compile(r"^error at (\d+):(\d+): (.*)$", re.S)
_EXPECTED = re.compile(r'^expected one of (.*)$', re.S)


def syntax_error_message(error: SyntaxError, what: str = "SPARQL") -> str:
    """pyoxigraph's parser message ("error at 3:14: expected one of <60 alternatives>") as a short
    sentence that keeps the position: "SPARQL syntax error at line 3, column 14 (3:14): expected one
    of <the first 8> (and 52 more)"."""
    text = str(error)
    m = _POSITION.match(text)
    if not m:
        return f"{what} syntax error: {text}"
    line, column, detail = m.groups()
    expected = _EXPECTED.match(detail)
    if expected:
        options = expected.group(1).split(", ")
        detail = "expected one of " + ", ".join(options[:8]) + (f" (and {len(options) - 8} more)" if len(options) > 8 else "")
    return f"{what} syntax error at line {line}, column {column} ({line}:{column}): {detail}"


def materialise(outcome, row_limit: int) -> Result:
    if isinstance(outcome, ox.QueryBoolean):
        buffer = io.BytesIO()
        outcome.serialize(buffer, format=ox.QueryResultsFormat.JSON)
        return Result("ask", json_doc=json.loads(buffer.getvalue()))
    if isinstance(outcome, (ox.QueryTriples, list)):  # a list: triples parsed from an external store
        triples = list(islice(outcome, row_limit + 1))
        return Result("graph", triples=triples[:row_limit], truncated=len(triples) > row_limit)
    buffer = io.BytesIO()
    outcome.serialize(buffer, format=ox.QueryResultsFormat.JSON)
    doc = json.loads(buffer.getvalue())
    rows = doc["results"]["bindings"]
    truncated = len(rows) > row_limit
    if truncated:
        del rows[row_limit:]
    return Result("select", json_doc=doc, truncated=truncated)
