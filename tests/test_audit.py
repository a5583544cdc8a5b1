"""The consistency audit (`kg audit`, kg.audit): real inconsistencies in the five sources are found,
each with both sides cited; a consistent fixture gives nothing; a new source is audited against the rest.

Until `kg audit` is wired into the CLI these tests use kg.audit directly (its public functions: run,
load_store, serialize); the CLI test below runs `kg audit` as a user would.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import rdflib

from conftest import kg
from kg import audit, config, queries

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "audit"
ID = "https://w3id.org/gebiedsontwikkeling/id/"


@pytest.fixture(scope="module")
def store():
    """ontology/ + data/ as they are now (no build checks needed: the audit reads passage IRIs)."""
    return audit.load_store()


@pytest.fixture(scope="module")
def findings(store):
    return audit.run(store)


def select(findings, *, check=None, type=None, subject=None, docs=None, sources=None, values=None):
    """Findings matching all given criteria. sources: passage labels that must all be cited
    (e.g. {"002:246", "000:356"}); values: substrings that must occur in the sides' values."""
    out = []
    for f in findings:
        if check and f.check != check:
            continue
        if type and f.type_name != type:
            continue
        if subject and f.subject != ID + subject:
            continue
        if docs and set(f.documents) != set(docs):
            continue
        cited = {p.label for s in f.sides for p in s.passages}
        if sources and not set(sources) <= cited:
            continue
        shown = " | ".join(s.value for s in f.sides).casefold()
        if values and not all(v.casefold() in shown for v in values):
            continue
        out.append(f)
    return out


def one(findings, **criteria):
    found = select(findings, **criteria)
    assert found, f"no finding for {criteria}"
    return found[0]


# ---- the real inconsistencies in the five sources --------------------------------------------


def test_number_of_large_scale_housing_areas(findings):
    # 000 says 21 (r. 45, 76, ...) and 17 (r. 49, 53, 61); 004 says 17 grootschalige NOVEX-woningbouwlocaties
    inside = one(findings, check="claim-values", subject="kader/programma-gwg", docs={"000"}, values=["17", "21"])
    assert {"000:49", "000:53", "000:61"} <= {p.label for p in inside.sides[0].passages + inside.sides[1].passages}
    assert not inside.cross_document
    across = one(findings, check="claim-values", subject="kader/programma-gwg", docs={"000", "004"}, values=["21", "17"])
    assert across.cross_document and across.type_name == "waarde-verschil"


def test_nature_restoration_plan_deadline(findings):
    f = one(findings, check="claim-deadlines", subject="kader/natuurplan", sources={"002:246", "000:356"})
    assert f.type_name == "termijn-verschil" and f.severity_label == "hoog"
    assert any("2026" in s.value for s in f.sides) and any("2027" in s.value for s in f.sides)


def test_nhv_urban_green_proposal_versus_adopted_regulation(findings):
    found = select(findings, check="superseded-targets", subject="kader/nhv-voorstel-2022")
    assert len(found) >= 3
    cited = {p.label for f in found for s in f.sides for p in s.passages}
    assert {"004:3557-3559", "004:3561-3563", "004:3565"} <= cited
    assert {"000:80", "000:358"} <= cited
    assert all(f.type_name == "vervangen-als-actueel" for f in found)


def test_ministry_lnv_versus_lvvn(findings):
    in_000 = one(findings, check="claim-names", subject="actor/ministerie-lvvn", docs={"000"}, values=["LVVN", "LNV"])
    assert {"000:80", "000:354"} <= {p.label for s in in_000.sides for p in s.passages}
    one(findings, check="claim-names", subject="actor/ministerie-lvvn", docs={"002"}, sources={"002:236", "002:514"})
    assert in_000.severity_label == "laag"


def test_nplg_shelved_versus_current(findings):
    f = one(findings, check="claim-status", subject="kader/nplg", sources={"002:905"})
    assert "004" in f.documents and f.type_name == "vervangen-als-actueel"


def test_co2_target_2030_inside_001(findings):
    f = one(findings, check="claim-values", subject="kader/klimaatakkoord", docs={"001"})
    assert {"001:17-19", "001:1578-1590"} <= {p.label for s in f.sides for p in s.passages}
    assert any("60%" in s.value for s in f.sides) and any("55" in s.value for s in f.sides)


@pytest.mark.parametrize("check, subject, sources", [
    ("claim-values", "instrument/cop-gwg", {"000:53", "000:615"}),                  # tien vs ca. acht bijeenkomsten
    ("claim-deadlines", "instrument/cop-gwg", {"000:655"}),                         # 26 november 2026 in the colofon
    ("claim-deadlines", "kader/nhv", {"000:80", "000:354"}),                        # in force 18-8-2024 vs on adoption
    ("claim-responsible", "kader/gios", {"000:239", "000:365"}),                    # BZK en LNV vs VRO en LNV
    ("claim-responsible", "bron/000", {"000:5-6", "000:657-665"}),                  # cover BZK vs team VRO
    ("claim-status", "kader/water-en-bodem-sturend", {"002:478", "002:727"}),       # running vs (voormalige)
    ("claim-status", "kader/csrd", {"001:23-27"}),                                  # "aankomende" vs obligation
    ("claim-names", "kader/nitraatrichtlijn", {"002:344", "002:890"}),              # 91/676/EEG vs 91/676/EC
    ("claim-names", "actor/ministerie-vws", {"000:196"}),                           # WVS
    ("claim-names", "actor/ruben-oral", {"000:328", "000:699"}),                    # Oral vs Dral
    ("superseded-references", "instrument/bestemmingsplan", {"001:1778-1780"}),     # WLC in bestemmingsplannen
    ("norm-conflicts", None, {"001:1540-1545", "002:528"}),                         # canopy >35 % vs 30 %
    ("gap-no-legal-anchoring", "kader/bkn", {"002:753-757"}),                       # BKN not anchored in law
    ("sum-mismatch", "gebied/novex-stedelijk-brabant", {"004:7965", "004:7969"}),   # parts 192.700+ vs 129.000-160.000
    ("claim-values", "instrument/baathoudersraamwerk", {"003:1950"}),              # drie vs vier schillen
])
def test_other_known_findings(findings, check, subject, sources):
    one(findings, check=check, subject=subject, sources=sources)


def test_at_least_25_findings_each_citing_both_sides(findings):
    inconsistencies = [f for f in findings if f.category == "inconsistentie"]
    assert len(inconsistencies) >= 25
    for f in inconsistencies:
        assert len(f.sides) == 2, f
        for s in f.sides:
            assert s.passages and s.value, f
            assert all(p.iri.startswith(config.BASE + "/id/passage/") for p in s.passages)
        assert f.explanation and f.severity_label in ("hoog", "middel", "laag")
    for f in findings:
        assert f.sides and all(s.passages for s in f.sides)


def test_finding_ids_are_stable_and_unique(store, findings):
    ids = [f.id for f in findings]
    assert len(ids) == len(set(ids))
    assert ids == [f.id for f in audit.run(store)]


# ---- filters, formats, checks ------------------------------------------------------------------


def test_filters(store, findings):
    names = audit.run(store, types=["naam-verschil"])
    assert names and all(f.type_name == "naam-verschil" for f in names)
    gaps = audit.run(store, types=["hiaat"])
    assert gaps and all(f.category == "hiaat" for f in gaps)
    in_002 = audit.run(store, documents=["2"])
    assert in_002 and all("002" in f.documents for f in in_002)
    assert len(in_002) < len(findings)
    high = audit.run(store, severities=["hoog"])
    assert high and all(f.severity_label == "hoog" for f in high)


def test_serialisations(findings):
    doc = json.loads(audit.serialize(findings, "json"))
    assert doc["summary"]["findings"] == len(findings) == len(doc["findings"])
    first = doc["findings"][0]
    assert {"id", "type", "severity", "subject", "sides", "explanation"} <= set(first)
    assert first["sides"][0]["passages"][0]["iri"].startswith(config.BASE + "/id/passage/")

    rows = list(csv.DictReader(io.StringIO(audit.serialize(findings, "csv"))))
    assert len(rows) == len(findings) and rows[0]["sourcesA"]

    g = rdflib.Graph().parse(data=audit.serialize(findings, "turtle"), format="turtle")
    go = rdflib.Namespace(config.ns()["go"])
    nodes = set(g.subjects(rdflib.RDF.type, go.AuditFinding))
    assert len(nodes) == len(findings)
    for node in nodes:
        assert g.value(node, go.findingType) is not None and g.value(node, go.severity) is not None
        assert len(list(g.objects(node, go.side))) >= 1

    html = audit.serialize(findings, "html")
    assert html.startswith("<!doctype html>") and "/id/passage/002-246-246" in html

    text = audit.serialize(findings, "text")
    assert "002:246" in text and "000:356" in text
    with pytest.raises(Exception):
        audit.serialize(findings, "yaml")


def test_checks_are_saved_queries_with_headers():
    checks = audit.checks()
    assert len(checks) >= 10
    served = queries.load_all()
    for q in checks:
        assert q.name.startswith("audit/") and q.name in served
        assert q.title and q.description, q.name


def test_audit_vocabulary_is_in_the_ontology():
    g = rdflib.Graph().parse(ROOT / "ontology" / "audit.ttl", format="turtle")
    go = rdflib.Namespace(config.CANONICAL_BASE + "/def/")
    assert (go.AuditFinding, rdflib.RDF.type, rdflib.OWL.Class) in g
    for sev in ("hoog", "middel", "laag"):
        concept = rdflib.URIRef(f"{config.CANONICAL_BASE}/id/begrip/ernst/{sev}")
        assert (concept, rdflib.RDF.type, rdflib.SKOS.Concept) in g


# ---- fixtures: a consistent graph and a new handreiking -----------------------------------------


def test_consistent_fixture_gives_no_findings():
    ontology = sorted((ROOT / "ontology").glob("*.ttl"))
    store = audit.load_store(ontology + [FIXTURES / "consistent.ttl"])
    assert store.query("ASK { ?c a <https://w3id.org/gebiedsontwikkeling/def/Claim> }")
    assert audit.run(store) == []


def test_new_handreiking_is_audited_against_the_rest():
    store = audit.load_store(extra=[FIXTURES / "new-handreiking.ttl"])
    found = audit.run(store, documents=["005"])
    assert found and all("005" in f.documents for f in found)
    one(found, check="claim-values", subject="kader/programma-gwg", docs={"000", "005"}, values=["21", "19"])
    one(found, check="claim-deadlines", subject="kader/natuurplan", sources={"000:356", "005:40-41"})
    one(found, check="claim-status", subject="kader/nplg", sources={"002:905", "005:55"})


# ---- the command line, once `kg audit` is wired --------------------------------------------------


def test_kg_audit_command(built_store):
    out = kg("audit", "--store", str(built_store), "--format", "json", check=True).stdout
    doc = json.loads(out)
    assert doc["summary"]["findings"] >= 25
    csv_out = kg("audit", "--store", str(built_store), "--format", "csv", "--type", "naam-verschil", check=True).stdout
    assert all(r["type"] == "naam-verschil" for r in csv.DictReader(io.StringIO(csv_out)))
