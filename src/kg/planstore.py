"""Stored plans: each plan and its validation report in named graphs, so gaps are queryable.

    {base}/graph/plan/{slug}     the plan as given (its triples)
    {base}/graph/report/{slug}   its sh:ValidationReport

`kg build` stores the example plans of examples/ with their reports, `kg validate --save` and
POST /api/plans (admin token) store more. The saved queries in queries/gaps/ read these graphs.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pyoxigraph as ox

from . import config, plans, validate
from .errors import KGError


def graph_names(plan_iri: str, base: str = config.BASE) -> tuple[ox.NamedNode, ox.NamedNode]:
    slug = plan_iri.rstrip("/").rsplit("/", 1)[-1]
    return ox.NamedNode(f"{base}/graph/plan/{slug}"), ox.NamedNode(f"{base}/graph/report/{slug}")


def quads(plan: plans.Plan, report: validate.Report, base: str = config.BASE) -> list[ox.Quad]:
    if not plan.plans:
        raise KGError("the input has no go:AreaPlan to store")
    plan_graph, report_graph = graph_names(plan.plans[0].value, base)
    report_triples = list(ox.parse(report.to_turtle().encode(), format=ox.RdfFormat.TURTLE))
    out = [ox.Quad(*t, plan_graph) for t in skolemize(plan.triples, plan_graph.value + "/node/")]
    out += [ox.Quad(*t, report_graph) for t in skolemize(report_triples, report_graph.value + "/node/")]
    return out


def skolemize(triples, prefix: str) -> list[tuple]:
    """Replace blank nodes by IRIs under `prefix` named by a hash of what they say (recursively for
    nested blank nodes): the same plan or report always gets the same IRIs, so builds stay
    byte-identical. Two blank nodes that say exactly the same become one node, which changes nothing
    an RDF reader can tell apart."""
    triples = list(triples)
    outgoing: dict = {}
    for t in triples:
        if isinstance(t.subject, ox.BlankNode):
            outgoing.setdefault(t.subject, []).append(t)
    names: dict = {}

    def name(node, depth: int = 0) -> ox.NamedNode:
        if node not in names:
            if depth > 50:  # a cycle of blank nodes: fall back to a stable label for this node
                return ox.NamedNode(prefix + "cycle")
            lines = sorted(f"{t.predicate} {name(t.object, depth + 1) if isinstance(t.object, ox.BlankNode) else t.object}"
                           for t in outgoing.get(node, []))
            names[node] = ox.NamedNode(prefix + hashlib.sha1("\n".join(lines).encode()).hexdigest()[:16])
        return names[node]

    def fixed(term):
        return name(term) if isinstance(term, ox.BlankNode) else term

    return sorted({(fixed(t.subject), t.predicate, fixed(t.object)) for t in triples}, key=str)


def validate_and_store_quads(path: Path, knowledge, base: str = config.BASE) -> tuple[validate.Report, list[ox.Quad]]:
    plan = plans.parse_file(path, knowledge=knowledge)
    report = validate.validate(plan, knowledge)
    return report, quads(plan, report, base)


def example_quads(knowledge, examples_dir: Path = config.EXAMPLES_DIR, base: str = config.BASE) -> list[ox.Quad]:
    """The example plans with their reports (used by `kg build`)."""
    out: list[ox.Quad] = []
    for path in sorted(examples_dir.glob("*")):
        if path.suffix in (".ttl", ".json", ".jsonld"):
            out += validate_and_store_quads(path, knowledge, base)[1]
    return out


def replace(store: ox.Store, new: list[ox.Quad]) -> None:
    """Write a plan's graphs into a writable store, replacing earlier versions of them."""
    for graph in {q.graph_name for q in new}:
        store.remove_graph(graph) if store.contains_named_graph(graph) else None
    store.extend(new)
    store.flush()
