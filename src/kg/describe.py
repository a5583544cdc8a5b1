"""What the graph says about one resource, shaped for a resource page.

Reads the triples with the saved query queries/describe.rq and groups them: names and definitions
first, then outgoing properties, incoming links and provenance (source passages with their text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pyoxigraph as ox

from . import config, queries, sparql
from .errors import KGError

RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
NAME_PROPERTIES = [SKOS + "prefLabel", SKOS + "altLabel", RDFS_LABEL]
TEXT_PROPERTIES = [SKOS + "definition", DCT + "description"]
OWL_SAMEAS = "http://www.w3.org/2002/07/owl#sameAs"
RDFS_SEEALSO = "http://www.w3.org/2000/01/rdf-schema#seeAlso"
FOAF_PAGE = "http://xmlns.com/foaf/0.1/page"
#: Properties whose IRI values point outside the graph (ELI, wetten.overheid.nl, TOOI, ...).
LINK_OUT_PROPERTIES = {OWL_SAMEAS, RDFS_SEEALSO, FOAF_PAGE}
LINK_OUT_TERMS = {"legalSource"}
#: How a resource page groups the ontology's properties (by local name of {base}/def/...), in order.
GROUPS: list[tuple[str, tuple[str, ...]]] = [
    ("kern", ("frameworkKind", "instrumentType", "actorType", "koppelkansType", "roleType", "governanceLevel",
              "legalForce", "bindingRoute", "status", "adopted", "inForce", "number", "code", "aspect",
              "comparator", "valueKind")),
    ("waarden", ("value", "valueMax", "valueText", "unit", "deadline", "periodStart", "periodEnd", "baseline",
                 "scope", "claimedValue", "claimedResource", "homes", "indicator")),
    ("toepassing", ("appliesToAreaType", "areaType", "theme", "mainTask", "coTask", "usedBy", "binds",
                    "responsibleActor", "actor", "trekker", "addressedTo", "roleIn", "inProvince",
                    "inMunicipality", "withinArea", "area")),
    ("relaties", ("partOf", "implements", "transposes", "replaces", "basedOn", "relatedTo", "serves", "legalBasis",
                  "setBy", "connects", "framework", "about", "concerns", "addresses", "memberOf")),
    ("toelichting", ("rationale", "contribution")),
]
_GROUP_OF = {name: (i, j, key) for i, (key, names) in enumerate(GROUPS) for j, name in enumerate(names)}


@dataclass
class Link:
    iri: str | None
    label: str
    lang: str | None = None
    datatype: str | None = None


@dataclass
class Description:
    iri: str
    label: str
    types: list[Link] = field(default_factory=list)
    names: list[tuple[str, Link]] = field(default_factory=list)      # (property label, value)
    texts: list[tuple[str, Link]] = field(default_factory=list)
    properties: list[tuple[Link, list[Link]]] = field(default_factory=list)
    incoming: list[tuple[Link, list[Link]]] = field(default_factory=list)
    sources: list[dict] = field(default_factory=list)
    triples: list = field(default_factory=list)
    groups: list[tuple[str, list[tuple[Link, list[Link]]]]] = field(default_factory=list)  # (group key, properties)
    links_out: list[tuple[Link, Link]] = field(default_factory=list)   # (property, external IRI)
    passage: dict | None = None        # when the resource is a source passage: its document, lines, text


def triples(store, iri: str) -> list:
    q = queries.get("describe")
    return sparql.run(store, q.text, substitutions={"iri": ox.NamedNode(iri)}).triples


def describe(store, iri: str, lang: str = "nl") -> Description:
    found = triples(store, iri)
    if not any(t.subject == ox.NamedNode(iri) or t.object == ox.NamedNode(iri) for t in found):
        raise KGError(f"nothing is known about {iri}", status=404)
    labels: dict[str, dict[str | None, str]] = {}
    for t in found:
        if t.predicate.value == RDFS_LABEL and isinstance(t.object, ox.Literal):
            labels.setdefault(t.subject.value, {})[t.object.language] = t.object.value

    def label_of(term) -> str:
        if isinstance(term, ox.Literal):
            return term.value
        options = labels.get(term.value, {})
        return options.get(lang) or options.get("nl") or options.get("en") or options.get(None) or local_name(term.value)

    def link(term) -> Link:
        if isinstance(term, ox.Literal):
            dt = term.datatype.value if term.datatype else None
            return Link(None, term.value, term.language, None if dt and dt.endswith(("#string", "#langString")) else dt)
        return Link(term.value if isinstance(term, ox.NamedNode) else None, label_of(term))

    subject = ox.NamedNode(iri)
    d = Description(iri=iri, label=label_of(subject), triples=found)
    outgoing: dict[str, list] = {}
    incoming: dict[str, list] = {}
    for t in found:
        if t.subject == subject:
            outgoing.setdefault(t.predicate.value, []).append(t.object)
        elif t.object == subject:
            incoming.setdefault(t.predicate.value, []).append(t.subject)
    for p, objects in sorted(outgoing.items(), key=lambda kv: label_of(ox.NamedNode(kv[0]))):
        values = sorted((link(o) for o in objects), key=lambda x: (x.lang != lang, x.label))
        if p == RDF_TYPE:
            d.types = values
        elif p in NAME_PROPERTIES:
            d.names += [(label_of(ox.NamedNode(p)), v) for v in values if p != RDFS_LABEL]
        elif p in TEXT_PROPERTIES:
            d.texts += [(label_of(ox.NamedNode(p)), v) for v in values]
        elif p == PROV_DERIVED:
            d.sources = [passage(store, o.value) for o in objects if isinstance(o, ox.NamedNode)]
            d.sources.sort(key=lambda s: (s["document"], s["start"]))
        else:
            d.properties.append((Link(p, label_of(ox.NamedNode(p))), values))
    grouped: dict[str, list] = {}
    own = re.split(r"/(?:id|def)/", iri, maxsplit=1)[0] + "/"
    external = lambda v: bool(v.iri) and not v.iri.startswith(own)  # noqa: E731
    for prop, values in d.properties:
        name = local_name(prop.iri) if "/def/" in prop.iri else None
        if prop.iri in LINK_OUT_PROPERTIES or name in LINK_OUT_TERMS:
            d.links_out += [(prop, v) for v in values if external(v)]
            values = [v for v in values if not external(v)]
            if not values:
                continue
        order = _GROUP_OF.get(name, (len(GROUPS), 0, "overig"))
        grouped.setdefault(order[2], []).append((order, prop, values))
    for key in [k for k, _ in GROUPS] + ["overig"]:
        if key in grouped:
            d.groups.append((key, [(prop, values) for _, prop, values in sorted(grouped[key], key=lambda x: (x[0], x[1].label))]))
    if "/id/passage/" in iri:
        d.passage = passage(store, iri)
    for p, subjects in sorted(incoming.items(), key=lambda kv: label_of(ox.NamedNode(kv[0]))):
        d.incoming.append((Link(p, label_of(ox.NamedNode(p))), sorted((link(s) for s in subjects), key=lambda x: x.label)))
    return d


def passage(store, iri: str) -> dict:
    """A source passage with document, lines, section and (when the sources are present) its text."""
    rows = sparql.run(store, queries.get("passage").text, substitutions={"passage": ox.NamedNode(iri)}).rows()
    info = {"iri": iri, "document": local_name(iri).split("-")[0], "start": 0, "end": 0, "text": None}
    if rows:
        r = rows[0]
        info.update(document=local_name(r["doc"]), title=r.get("title"), start=int(r["start"]), end=int(r["end"]),
                    section=r.get("sectionTitle"))
        info["text"] = source_text(info["document"], info["start"], info["end"])
    return info


def source_text(doc: str, start: int, end: int) -> str | None:
    from .citations import seed_lines

    try:
        lines = seed_lines(doc, config.SOURCES_DIR)
    except FileNotFoundError:
        return None
    return "\n".join(lines[start - 1:end])


def local_name(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
