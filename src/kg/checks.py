"""Build-time checks: integrity shapes (pySHACL) and OWL consistency (owlready2 + HermiT)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pyoxigraph as ox

from . import config
from .errors import KGError

SH = "http://www.w3.org/ns/shacl#"
MAX_SHOWN = 40


def to_rdflib(dataset: ox.Dataset, graph=ox.DefaultGraph()):
    """Copy one graph of a pyoxigraph dataset into an rdflib Graph (via N-Triples, lossless)."""
    import rdflib

    triples = (ox.Triple(q.subject, q.predicate, q.object) for q in dataset if q.graph_name == graph)
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    g = rdflib.Graph()
    g.parse(data=data.decode(), format="nt")
    return g


def integrity(dataset: ox.Dataset, base: str) -> None:
    """Validate the knowledge (default graph) against shapes/integrity/. Raises KGError on failure."""
    import pyshacl
    import rdflib

    data = to_rdflib(dataset)
    shapes = rdflib.Graph()
    for path in sorted((config.SHAPES_DIR / "integrity").glob("*.ttl")):
        shapes.parse(path, format="turtle")
    if base != config.CANONICAL_BASE:
        shapes = _rebased(shapes, base)
    conforms, report, _ = pyshacl.validate(data, shacl_graph=shapes, advanced=True, inference="none")
    if conforms:
        return
    lines = []
    q = f"""PREFIX sh: <{SH}>
    SELECT ?focus ?path ?msg WHERE {{ ?r a sh:ValidationResult ; sh:focusNode ?focus ; sh:resultMessage ?msg .
      OPTIONAL {{ ?r sh:resultPath ?path }} FILTER(lang(?msg) = "en" || lang(?msg) = "") }}
    ORDER BY ?focus ?path"""
    for row in report.query(q):
        lines.append(f"{_short(row.focus, base)}: {row.msg}")
    shown = lines[:MAX_SHOWN] + ([f"... and {len(lines) - MAX_SHOWN} more"] if len(lines) > MAX_SHOWN else [])
    raise KGError(f"integrity check failed: {len(lines)} problem(s)", details=shown)


def _rebased(graph, base):
    import rdflib

    out = rdflib.Graph()
    for triple in graph:
        s, p, o = (rdflib.URIRef(str(t).replace(config.CANONICAL_BASE, base, 1))
                if isinstance(t, rdflib.URIRef) and str(t).startswith(config.CANONICAL_BASE) else t
                for t in triple)
        out.add((s, p, o))
    return out


def _short(term, base: str) -> str:
    text = str(term)
    return text[len(base) + 1:] if text.startswith(base) else text


# Datatypes HermiT knows (OWL 2 datatype map). Others (xsd:gYear, xsd:date, ...) are turned into
# plain strings in the reasoner's copy only: they carry no logic we reason about.
OWL2_DATATYPES = {
    "http://www.w3.org/2001/XMLSchema#" + t
    for t in ("string", "boolean", "decimal", "integer", "double", "float", "dateTime", "dateTimeStamp",
              "nonNegativeInteger", "positiveInteger", "int", "long", "anyURI", "normalizedString", "token")
} | {"http://www.w3.org/1999/02/22-rdf-syntax-ns#langString", "http://www.w3.org/1999/02/22-rdf-syntax-ns#PlainLiteral"}


def consistency(dataset: ox.Dataset) -> list[str]:
    """Check ontology + data with HermiT. Returns warnings; raises KGError if inconsistent."""
    if shutil.which("java") is None:
        return ["Java is not installed: OWL consistency check (HermiT) skipped"]
    import owlready2

    def plain(t):
        if isinstance(t, ox.Literal) and t.language is None and t.datatype.value not in OWL2_DATATYPES:
            return ox.Literal(t.value)
        return t

    triples = (ox.Triple(q.subject, q.predicate, plain(q.object))
               for q in dataset if q.graph_name == ox.DefaultGraph())
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "kg.nt"
        path.write_bytes(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES))
        world = owlready2.World()
        onto = world.get_ontology(path.as_uri()).load(format="ntriples")
        try:
            with onto:
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError:
            raise KGError("OWL consistency check failed: HermiT finds the ontology and data inconsistent") from None
        finally:
            world.close()
    return []
