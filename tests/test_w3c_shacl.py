"""The W3C SHACL test suite (tests/w3c_shacl/: core, and SHACL-SPARQL) through the `shacl` engine.

kg.validate's default engine is the `shacl` package; this runs every test case of the vendored suite
through it, called as kg.validate calls it (compiled shapes, ``validate_text(..., inference="none")``),
and compares the report with the expected one the way the suite defines equality (its index.html,
"Validate RDF data"):

* ``sh:conforms`` is the same, and
* the report graphs are isomorphic once both are cut down to the report node, its results and, per
  result, sh:focusNode, sh:resultPath (with the blank-node structure of a complex path),
  sh:resultSeverity, sh:sourceConstraint, sh:sourceConstraintComponent, sh:sourceShape, sh:value,
  and those sh:resultMessage values the expected report names. Isomorphism matches blank nodes
  (focus nodes, values, nested shapes, paths) by structure.

A case whose expected result is sht:Failure passes when the engine refuses the shapes.
tests/w3c_shacl/known-failures.tsv lists the cases the engine fails, with the reason; the test of
each listed case is a strict xfail, so a fix upstream (XPASS) and a new regression both fail.
No network: the suite is in the repository.
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

import pytest
import rdflib
from rdflib import RDF, BNode, Graph, Literal, Namespace
from rdflib.collection import Collection
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

SUITE = Path(__file__).resolve().parent / "w3c_shacl"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = Namespace("http://www.w3.org/ns/shacl-test#")
SH = Namespace("http://www.w3.org/ns/shacl#")
#: The predicates of a result the suite compares (sh:resultMessage is handled apart).
COMPARED = {SH.focusNode, SH.resultPath, SH.resultSeverity, SH.sourceConstraint,
            SH.sourceConstraintComponent, SH.sourceShape, SH.value}
#: Test cases per part of the suite (a missing or extra file shows up here).
EXPECTED_CASES = {"core": 98, "sparql": 22}

# the suite has deliberately ill-typed literals ("aldi"^^xsd:integer); rdflib logs each one
logging.getLogger("rdflib.term").setLevel(logging.CRITICAL)
pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")


@dataclass
class Case:
    name: str              # e.g. core/node/class-001
    manifest: Graph
    entry: rdflib.term.Node
    shapes: Path
    data: Path


def _path(iri) -> Path:
    return Path(url2pathname(urlparse(str(iri)).path))


def _cases(manifest: Path = SUITE / "manifest.ttl") -> list[Case]:
    g = Graph()
    g.parse(manifest, format="turtle", publicID=manifest.as_uri())
    out = []
    for include in g.objects(None, MF.include):
        out += _cases(_path(include))
    folder = manifest.parent.relative_to(SUITE).as_posix()
    for entries in g.objects(None, MF.entries):
        for entry in Collection(g, entries):
            if (entry, RDF.type, SHT.Validate) not in g:
                continue
            action = g.value(entry, MF.action)
            out.append(Case(f"{folder}/{str(entry).rsplit('/', 1)[-1]}", g, entry,
                            _path(g.value(action, SHT.shapesGraph)), _path(g.value(action, SHT.dataGraph))))
    return out


def _known_failures() -> dict[str, str]:
    out = {}
    for line in (SUITE / "known-failures.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, reason, *link = line.split("\t")
            out[name] = reason + (f" ({link[0]})" if link else "")
    return out


with warnings.catch_warnings():
    warnings.simplefilter("ignore", UserWarning)    # "Parsing weird boolean": ill-typed on purpose
    CASES = _cases()
KNOWN = _known_failures()


def _closure(g: Graph, node, out: Graph):
    for p, o in g.predicate_objects(node):
        out.add((node, p, o))
        if isinstance(o, BNode):
            _closure(g, o, out)


def _report(g: Graph, report) -> Graph:
    """The part of a validation report the suite compares."""
    out = Graph()
    out.add((report, RDF.type, SH.ValidationReport))
    for c in g.objects(report, SH.conforms):
        out.add((report, SH.conforms, Literal(bool(c.toPython()))))
    for r in g.objects(report, SH.result):
        out.add((report, SH.result, r))
        out.add((r, RDF.type, SH.ValidationResult))
        for p, o in g.predicate_objects(r):
            if p in COMPARED:
                out.add((r, p, o))
                if p == SH.resultPath and isinstance(o, BNode):
                    _closure(g, o, out)
            elif p == SH.resultMessage:
                out.add((r, p, o))
    return out


def _show(g: Graph) -> str:
    return "\n".join("    " + " ".join(t.n3() for t in triple) for triple in sorted(g))


def run_case(case: Case) -> str | None:
    """None when the engine passes the case, else what differs."""
    import shacl

    expected_node = case.manifest.value(case.entry, MF.result)
    try:
        shapes = shacl.Shapes.from_text(case.shapes.read_text(encoding="utf-8"), "turtle", base=case.shapes.as_uri())
        report = shapes.validate_text(case.data.read_text(encoding="utf-8"), "turtle", base=case.data.as_uri(),
                                      inference="none")
    except Exception as e:  # noqa: BLE001 - the engine refused the shapes or the data
        return None if expected_node == SHT.Failure else f"the engine raised {type(e).__name__}: {e}"
    if expected_node == SHT.Failure:
        return f"expected a failure (sht:Failure), the engine reported {len(report.results)} result(s)"
    expected = _report(case.manifest, expected_node)
    actual_graph = Graph()
    actual_graph.parse(data=report.serialize("turtle"), format="turtle")
    actual = _report(actual_graph, next(actual_graph.subjects(RDF.type, SH.ValidationReport)))
    # sh:resultMessage only counts where the expected report has that message
    messages = set(expected.objects(None, SH.resultMessage))
    for triple in list(actual.triples((None, SH.resultMessage, None))):
        if triple[2] not in messages:
            actual.remove(triple)
    conforms = case.manifest.value(expected_node, SH.conforms).toPython()
    if report.conforms != conforms:
        return f"sh:conforms {report.conforms}, expected {conforms}"
    if not isomorphic(expected, actual):
        _, missing, extra = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
        return (f"{len(report.results)} result(s); report differs\n  expected only:\n{_show(missing)}"
                f"\n  actual only:\n{_show(extra)}")
    return None


def test_the_suite_is_complete_and_known_failures_are_real_cases():
    per_part = {}
    for case in CASES:
        part = case.name.split("/", 1)[0]
        per_part[part] = per_part.get(part, 0) + 1
    assert per_part == EXPECTED_CASES
    assert len({c.name for c in CASES}) == len(CASES)
    assert set(KNOWN) <= {c.name for c in CASES}
    assert all(reason.strip() for reason in KNOWN.values())
    assert not [n for n in KNOWN if n.startswith("core/")], "the engine must pass the whole core suite"


def test_the_comparison_notices_a_wrong_report():
    """The harness is not vacuous: a report with one result less does not pass."""
    case = next(c for c in CASES if c.name == "core/node/class-001")
    expected = _report(case.manifest, case.manifest.value(case.entry, MF.result))
    fewer = Graph()
    for triple in expected:
        fewer.add(triple)
    result = next(fewer.objects(None, SH.result))
    fewer.remove((None, None, result))
    fewer.remove((result, None, None))
    assert not isomorphic(expected, fewer)
    assert run_case(case) is None


@pytest.mark.parametrize("case", [
    pytest.param(c, id=c.name, marks=[pytest.mark.xfail(strict=True, reason=KNOWN[c.name])] if c.name in KNOWN else [])
    for c in CASES])
def test_w3c_case(case):
    problem = run_case(case)
    assert problem is None, f"{case.name}: {problem}"


def test_pass_count(capsys):
    """Exactly the listed cases fail; prints the pass count per part."""
    failing = {c.name: run_case(c) for c in CASES}
    failing = {n: p for n, p in failing.items() if p is not None}
    assert set(failing) == set(KNOWN), failing
    with capsys.disabled():
        for part, total in EXPECTED_CASES.items():
            passed = sum(1 for c in CASES if c.name.startswith(part + "/") and c.name not in failing)
            print(f"\nW3C SHACL {part}: {passed}/{total} test cases pass with the shacl engine", end="")
