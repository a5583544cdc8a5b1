"""Content negotiation: pick a serialisation from the Accept header or a format= override.

The matching itself is werkzeug's (quality values, wildcards); this module only maps media types to
the short format names of kg.sparql.
"""

from __future__ import annotations

from flask import request

from ..errors import KGError

RESULT_TYPES = {  # SELECT / ASK
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {  # CONSTRUCT / DESCRIBE and resource descriptions
    "text/turtle": "turtle",
    "application/n-triples": "ntriples",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "rdfxml",
    "application/n-quads": "nquads",
    "application/trig": "trig",
}
MEDIA_TYPE = {v: k for k, v in reversed(list(RESULT_TYPES.items()))} | {v: k for k, v in GRAPH_TYPES.items()}
MEDIA_TYPE["json"] = "application/sparql-results+json"
MEDIA_TYPE["xml"] = "application/sparql-results+xml"
# Short names clients send as format= (SPARQLWrapper sends n3, rdf+xml, json-ld, ...).
ALIASES = {"ttl": "turtle", "n3": "turtle", "nt": "ntriples", "n-triples": "ntriples", "json-ld": "jsonld",
           "rdf": "rdfxml", "rdf+xml": "rdfxml", "xml-rdf": "rdfxml", "nq": "nquads", "srj": "json", "srx": "xml"}
# A result format asked for a graph result means its RDF counterpart (as Virtuoso and Fuseki do).
GRAPH_COUNTERPART = {"json": "jsonld", "xml": "rdfxml", "csv": "ntriples", "tsv": "ntriples"}


def format_override() -> str | None:
    fmt = request.args.get("format") or request.form.get("format")
    if not fmt:
        return None
    fmt = ALIASES.get(fmt.lower(), fmt.lower())
    if fmt in RESULT_TYPES.values() or fmt in GRAPH_TYPES.values() or fmt in ("html",):
        return fmt
    if "/" in fmt:  # a media type given as format=
        return RESULT_TYPES.get(fmt) or GRAPH_TYPES.get(fmt) or _unknown(fmt)
    return _unknown(fmt)


def _unknown(fmt: str):
    known = sorted(set(RESULT_TYPES.values()) | set(GRAPH_TYPES.values()))
    raise KGError(f"unknown format {fmt!r}; use one of {', '.join(known)}", status=406)


def negotiate(types: dict[str, str], default: str) -> str:
    """Best format for the Accept header among `types`; `default` when nothing specific is asked."""
    accept = request.accept_mimetypes
    if not accept or accept.best in (None, "*/*"):
        return default
    best = accept.best_match(list(types), default=None)
    if best is None:
        if accept.quality("*/*") > 0 or accept.quality("text/*") > 0 or accept.quality("application/*") > 0:
            return default
        raise KGError(f"cannot produce {request.headers.get('Accept')}; available: {', '.join(types)}", status=406)
    return types[best]


def negotiate_lenient(types: dict[str, str], default: str) -> str:
    """Like negotiate, but falls back to the default instead of refusing (SPARQL clients often send
    one Accept header for every query form)."""
    best = request.accept_mimetypes.best_match(list(types), default=None)
    if best is None or request.accept_mimetypes.best in (None, "*/*"):
        return default if best is None else types[best]
    return types[best]
