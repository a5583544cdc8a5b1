"""Dumping the store to files. Line-based formats are sorted so that dumps are byte-identical."""

from __future__ import annotations

import pyoxigraph as ox

from .sparql import GRAPH_FORMATS, PREFIXES


def dump(store, fmt: str) -> bytes:
    from .remote import RemoteStore

    rdf_format = GRAPH_FORMATS[fmt]
    if isinstance(store, RemoteStore):  # an external store: its default graph, through SPARQL
        triples = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
        data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES if rdf_format.supports_datasets else rdf_format)
        return b"".join(sorted(data.splitlines(keepends=True))) if rdf_format in (ox.RdfFormat.N_QUADS, ox.RdfFormat.N_TRIPLES) or rdf_format.supports_datasets else data
    if rdf_format in (ox.RdfFormat.N_QUADS, ox.RdfFormat.N_TRIPLES):
        quads = store if rdf_format is ox.RdfFormat.N_QUADS else store.quads_for_pattern(None, None, None, ox.DefaultGraph())
        if rdf_format is ox.RdfFormat.N_TRIPLES:
            quads = (ox.Triple(q.subject, q.predicate, q.object) for q in quads)
        lines = ox.serialize(quads, format=rdf_format).splitlines(keepends=True)
        return b"".join(sorted(lines))
    if rdf_format.supports_datasets:
        return ox.serialize(store, format=rdf_format, prefixes=PREFIXES if fmt == "trig" else None)
    triples = (ox.Triple(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    return ox.serialize(triples, format=rdf_format, prefixes=PREFIXES if fmt == "turtle" else None)
