"""Plan validation (kg.plans, kg.validate, shapes/plan/, examples/).

The knowledge graph is loaded once per session (fixture kg_store_for_validation). Timing is left to
bench/bench_validate.py; these tests check correctness only.
"""

from __future__ import annotations

import importlib.util
import json
import random
import re
from collections import Counter

import pyoxigraph as ox
import pytest

from kg import config, plans, validate as V
from kg.errors import KGError

HOME = config.HOME
EXAMPLES = HOME / "examples"
SH = "http://www.w3.org/ns/shacl#"
CANON = config.CANONICAL_BASE


@pytest.fixture(scope="session")
def kg_store_for_validation():
    """The knowledge graph: ontology/, data/ and shapes/ as the build reads them (without its slow
    enrichment and checks, which validation does not need)."""
    return V.knowledge_from_files()


def _load_bench():
    spec = importlib.util.spec_from_file_location("bench_validate", HOME / "bench" / "bench_validate.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _keys(report):
    """The findings as a multiset of (focus, shape, severity, component, value): the comparison of
    engines is finding by finding, duplicates included."""
    return Counter(f.key() for f in report.findings)


# ------------------------------------------------------------------------------------------------
# Catalogue


def test_catalogue_has_at_least_100_well_formed_rules():
    cat = V.catalogue()
    assert len(cat.shapes()) >= len(cat.rules)       # the shacl engine compiles the whole catalogue
    assert len(cat.context_queries()) == len(cat.contexts) >= 20
    rules = list(cat.rules.values())
    assert len(rules) >= 100
    codes = [r.code for r in rules]
    assert len(codes) == len(set(codes)), "rule codes must be unique"
    for r in rules:
        assert re.fullmatch(r"[A-Z]+(-[A-Z0-9]+)+", r.code), r.code
        assert r.severity in V.SEVERITIES, r.code
        assert set(r.name) >= {"nl", "en"} and set(r.message) >= {"nl", "en"}, r.code
        assert r.passage and V.PASSAGE_RE.search(r.passage), r.code
        assert r.framework and r.framework.startswith(f"{CANON}/id/kader/"), r.code
        assert r.targets and all(t.startswith(f"{CANON}/def/") for t in r.targets), r.code
    assert {r.severity for r in rules} == set(V.SEVERITIES)


def test_rule_citations_contain_their_key_term():
    """The cited seed lines contain the rule's go:keyTerm (same normalisation as kg.citations)."""
    import rdflib

    cat = V.catalogue()
    seeds = {p.name[:3]: p.read_text(encoding="utf-8").split("\n") for p in config.SOURCES_DIR.glob("*.txt")}
    assert seeds, f"the source texts should be in {config.SOURCES_DIR}"
    norm = lambda s: re.sub(r"\s+", " ", s.replace("-", "").replace("\u00ad", "")).lower()  # noqa: E731
    bad = []
    for r in cat.rules.values():
        key = cat.graph.value(rdflib.URIRef(r.shape), rdflib.URIRef(f"{CANON}/def/keyTerm"))
        m = V.PASSAGE_RE.search(r.passage)
        doc, first, last = m.group(1), int(m.group(2)), int(m.group(3))
        assert last - first <= 40, f"{r.code}: cite narrowly"
        if key is None or norm(str(key)) not in norm(" ".join(seeds[doc][first - 1:last])):
            bad.append(f"{r.code} {r.passage} {key}")
    assert not bad


def test_rule_references_exist_in_knowledge(kg_store_for_validation):
    cat = V.catalogue()
    iris = {r.framework for r in cat.rules.values()} | {i for r in cat.rules.values() for i in r.remedies}
    missing = sorted(iris - plans.known_iris(kg_store_for_validation, iris))
    assert not missing


def test_plan_vocabulary_terms_are_defined():
    """Every go: term in the context and the shapes is declared in ontology/ (kg.ttl or plan.ttl)."""
    defined = set()
    for path in (HOME / "ontology").glob("*.ttl"):
        defined |= {t.subject.value for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE) if isinstance(t.subject, ox.NamedNode)}
    used = {d["iri"] for d in plans.terms().values() if d["iri"].startswith(plans.GO)}
    for path in (HOME / "shapes" / "plan").glob("*.ttl"):
        for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            for term in (t.predicate, t.object):
                if isinstance(term, ox.NamedNode) and term.value.startswith(plans.GO):
                    used.add(term.value)
    assert not sorted(used - defined)


# ------------------------------------------------------------------------------------------------
# Examples: exactly which gaps each shows

EXPECTED = {'binnenstad-groenverlies.ttl': {'Info': ['BKN-08', 'BKN-09', 'GEZ-04', 'GEZ-08', 'GEZ-10', 'GEZ-12',
                                          'GEZ-13', 'GEZ-14', 'GEZ-15', 'GIOS-08', 'GIOS-12', 'NHV-08-06',
                                          'NHV-08-07', 'NOV-12', 'OW-14', 'PRO-25', 'PRO-26', 'PRO-27',
                                          'PRO-28', 'PRO-30', 'TBG-02', 'TBG-04', 'TBG-05', 'TBG-07',
                                          'TBG-08', 'TBG-09', 'TBG-10', 'WBS-18', 'WON-09', 'WON-13'],
                                 'Violation': ['GEZ-01'],
                                 'Warning': ['ANI-02', 'GEZ-02', 'GEZ-03', 'GEZ-09', 'GEZ-11', 'GIOS-01',
                                             'GIOS-03', 'GIOS-06', 'GIOS-07', 'GIOS-10', 'NHV-08-02',
                                             'NHV-08-04', 'NHV-08-05', 'OW-10',
                                             'TBG-01', 'TBG-03', 'WBS-01', 'WBS-06', 'WBS-17', 'WON-04']},
 'de-peel-gebiedsprogramma.jsonld': {'Info': ['BKN-04', 'BKN-05', 'BKN-08', 'BKN-09', 'BKN-12', 'BKN-13',
                                              'GEZ-04', 'NOV-02', 'NOV-12', 'NOV-13', 'NPLG-07', 'PRO-25',
                                              'PRO-26', 'PRO-27', 'PRO-28', 'TBG-09', 'WBS-18'],
                                     'Violation': ['NPLG-04', 'OW-08', 'WBS-16'],
                                     'Warning': ['NOV-01', 'NOV-07', 'NPLG-01', 'NPLG-03', 'VHR-03']},
 'drenthe-gebiedsprogramma.ttl': {'Info': ['BKN-08', 'BKN-09', 'GEZ-04', 'NOV-12', 'PRO-25', 'PRO-26',
                                           'PRO-27', 'PRO-28', 'TBG-09', 'WBS-18'],
                                  'Violation': [],
                                  'Warning': []},
 'gnephoek-groene-hart.ttl': {'Info': ['BKN-04', 'BKN-05', 'BKN-08', 'BKN-09', 'BKN-13', 'GEZ-04', 'GEZ-08',
                                       'GEZ-10', 'GEZ-12', 'GEZ-13', 'GEZ-14', 'GEZ-15', 'GIOS-08', 'GIOS-12',
                                       'NHV-08-07', 'NOV-02', 'NOV-05', 'NOV-12', 'NOV-13', 'NOV-14', 'OW-14',
                                       'PRO-25', 'PRO-26', 'PRO-27', 'PRO-28', 'PRO-30', 'TBG-02', 'TBG-05',
                                       'TBG-07', 'TBG-08', 'TBG-09', 'TBG-10', 'WBS-11', 'WBS-18', 'WBS-20',
                                       'WON-09', 'WON-13'],
                              'Violation': [],
                              'Warning': ['ANI-01', 'ANI-02', 'BKN-01', 'BKN-03', 'BKN-06', 'BKN-07',
                                          'BKN-11', 'BKN-14', 'GEZ-02', 'GEZ-03', 'GEZ-09', 'GEZ-11',
                                          'GIOS-01', 'GIOS-02', 'GIOS-03', 'GIOS-04', 'GIOS-06', 'GIOS-07',
                                          'GIOS-09', 'NHV-08-02', 'NHV-08-05', 'NOV-01', 'NOV-03', 'NOV-04', 'NPLG-08',
                                          'OW-10', 'PRO-01', 'PRO-07', 'PRO-14', 'PRO-21', 'PRO-23', 'PRO-24',
                                          'TBG-01', 'TBG-06', 'TBG-11', 'VHR-03', 'WBS-01', 'WBS-06',
                                          'WBS-07', 'WBS-10', 'WBS-12', 'WBS-15', 'WON-03', 'WON-04',
                                          'WON-06', 'WON-10']},
 'groot-merwede-gwg.json': {'Info': ['BKN-08', 'BKN-09', 'GEZ-04', 'GEZ-08', 'GEZ-12', 'GEZ-13', 'GEZ-14',
                                     'GEZ-15', 'GIOS-08', 'GIOS-12', 'GIOS-20', 'NOV-02', 'NOV-12', 'NOV-13',
                                     'OW-14', 'PRO-12', 'PRO-15', 'PRO-17', 'PRO-18', 'PRO-25', 'PRO-26',
                                     'PRO-27', 'PRO-28', 'PRO-30', 'TBG-02', 'TBG-04', 'TBG-05', 'TBG-07',
                                     'TBG-08', 'TBG-09', 'TBG-10', 'WBS-18', 'WON-11'],
                            'Violation': [],
                            'Warning': ['GIOS-06', 'GIOS-14', 'NOV-01', 'PRO-11', 'PRO-13', 'WON-03',
                                        'WON-12']},
 'hardenberg-bkn.json': {'Info': ['BKN-09', 'GEZ-04', 'GEZ-08', 'GEZ-10', 'GEZ-12', 'GEZ-13', 'GEZ-14',
                                  'GEZ-15', 'GIOS-12', 'NOV-12', 'OW-14', 'PRO-25', 'PRO-26', 'PRO-27',
                                  'PRO-28', 'PRO-30', 'TBG-02', 'TBG-05', 'TBG-07', 'TBG-08', 'TBG-09',
                                  'TBG-10', 'WBS-18', 'WON-07', 'WON-09', 'WON-13'],
                         'Violation': [],
                         'Warning': []},
 'hero-van-breda.ttl': {'Info': ['BKN-08', 'BKN-09', 'GEZ-04', 'GIOS-08', 'GIOS-12', 'NOV-12', 'OW-14',
                                 'PRO-27', 'PRO-28', 'TBG-02', 'TBG-04', 'TBG-05', 'TBG-07', 'TBG-08',
                                 'TBG-09', 'TBG-10', 'WBS-18', 'WON-09', 'WON-13'],
                        'Violation': [],
                        'Warning': []},
 'minimaal-tool.json': {'Info': ['BKN-08', 'BKN-09', 'GEZ-04', 'GEZ-08', 'GEZ-10', 'GEZ-12', 'GEZ-13',
                                 'GEZ-14', 'GEZ-15', 'GIOS-08', 'NOV-12', 'OW-14', 'PRO-25', 'PRO-26',
                                 'PRO-27', 'PRO-28', 'PRO-30', 'TBG-02', 'TBG-05', 'TBG-07', 'TBG-08',
                                 'TBG-09', 'TBG-10', 'WBS-18', 'WON-09', 'WON-13'],
                        'Violation': ['OW-05', 'OW-06'],
                        'Warning': ['ANI-01', 'ANI-02', 'BKN-02', 'GEZ-02', 'GEZ-03', 'GEZ-09', 'GEZ-11',
                                    'GIOS-01', 'GIOS-02', 'GIOS-03', 'GIOS-04', 'GIOS-06', 'GIOS-07',
                                    'GIOS-09', 'GIOS-11', 'NHV-08-01', 'NHV-08-03', 'NHV-08-05', 'OW-01', 'OW-03', 'OW-04', 'OW-10',
                                    'OW-12', 'OW-13', 'OW-15', 'PRO-01', 'PRO-03', 'PRO-05', 'PRO-07',
                                    'PRO-09', 'PRO-10', 'PRO-14', 'PRO-23', 'PRO-24', 'TBG-01', 'TBG-06',
                                    'TBG-11', 'WBS-01', 'WBS-06', 'WBS-07', 'WBS-08', 'WBS-15', 'WON-02',
                                    'WON-04', 'WON-05', 'WON-06', 'WON-10']},
 'uiterwaarden-diepe-polder.ttl': {'Info': ['BKN-04', 'BKN-05', 'BKN-08', 'BKN-09', 'BKN-13', 'GEZ-04',
                                            'GEZ-10', 'GEZ-12', 'GEZ-13', 'GEZ-15', 'GIOS-08', 'NOV-12',
                                            'OW-14', 'PRO-25', 'PRO-26', 'PRO-27', 'PRO-28', 'PRO-30',
                                            'TBG-02', 'TBG-05', 'TBG-07', 'TBG-08', 'TBG-09', 'TBG-10',
                                            'WBS-18', 'WON-09', 'WON-13'],
                                   'Violation': [],
                                   'Warning': ['ANI-02', 'BKN-03', 'BKN-06', 'BKN-07', 'BKN-11', 'GEZ-02',
                                               'GEZ-03', 'GEZ-11', 'NHV-MON-01', 'NPLG-08', 'OW-10', 'PRO-08',
                                               'TBG-01', 'TBG-06', 'WBS-01', 'WBS-02', 'WBS-03', 'WBS-05',
                                               'WON-03', 'WON-04', 'WON-05', 'WON-06', 'WON-10']}}

SOUND = {"hero-van-breda.ttl", "hardenberg-bkn.json", "drenthe-gebiedsprogramma.ttl"}


def test_at_least_eight_examples():
    files = sorted(p.name for p in EXAMPLES.iterdir() if p.suffix in (".ttl", ".json", ".jsonld"))
    assert len(files) >= 8 and set(files) == set(EXPECTED)
    assert {p.suffix for p in EXAMPLES.iterdir()} >= {".ttl", ".json", ".jsonld"}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_findings(kg_store_for_validation, name):
    plan = plans.parse_file(EXAMPLES / name, knowledge=kg_store_for_validation)
    report = V.validate(plan, kg_store_for_validation)
    got = {sev: sorted(report.codes(sev)) for sev in V.SEVERITIES}
    assert got == EXPECTED[name]
    assert report.exit_code == (0 if name in SOUND else 1)
    assert report.conforms == (name in SOUND)


def test_nhv_article_8_rules_are_warnings():
    """NHV art. 8 obliges the member state (no net loss at national level), not a plan: NHV-08-01..04
    are guidance for the plan (sh:Warning), with the reason beside each rule in shapes/plan/nhv.ttl."""
    cat = V.catalogue()
    for code in ("NHV-08-01", "NHV-08-02", "NHV-08-03", "NHV-08-04"):
        assert cat.by_code(code).severity == "Warning", code
    text = (HOME / "shapes" / "plan" / "nhv.ttl").read_text(encoding="utf-8")
    assert text.count("# Severity Warning, not Violation") == 4


def test_default_engine_is_shacl_and_unknown_engines_are_refused(kg_store_for_validation):
    assert V.DEFAULT_ENGINE == "shacl" and set(V.ENGINES) == {"shacl", "pyshacl"}
    plan = plans.parse_file(EXAMPLES / "hero-van-breda.ttl", knowledge=kg_store_for_validation)
    assert V.validate(plan, kg_store_for_validation).engine == "shacl"
    with pytest.raises(KGError) as e:
        V.validate(plan, kg_store_for_validation, engine="fast")
    assert e.value.status == 400 and "shacl or pyshacl" in str(e.value)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_engines_agree_on_examples(kg_store_for_validation, name):
    plan = plans.parse_file(EXAMPLES / name, knowledge=kg_store_for_validation)
    got = V.validate(plan, kg_store_for_validation)
    ref = V.validate(plan, kg_store_for_validation, engine="pyshacl")
    assert got.engine == "shacl" and ref.engine == "pyshacl"
    assert _keys(got) == _keys(ref)
    assert got.contexts == ref.contexts


def test_engines_agree_on_synthetic_plans(kg_store_for_validation):
    bench = _load_bench()
    rng, comps = random.Random(2026), bench.components()
    batch = [plans.parse(json.dumps(bench.synthetic_plan(rng, i, comps)), "json", knowledge=kg_store_for_validation)
             for i in range(30)]
    assert len(batch) > V.CHUNK                                  # so the batch needs two shacl runs
    many = V.validate_many(batch, kg_store_for_validation)
    for plan, got in zip(batch, many):
        ref = V.validate(plan, kg_store_for_validation, engine="pyshacl")
        assert _keys(got) == _keys(ref), plan.plans[0].value
        assert got.contexts == ref.contexts, plan.plans[0].value
        single = V.validate(plan, kg_store_for_validation)
        assert _keys(single) == _keys(got)


def test_batch_keeps_plans_apart(kg_store_for_validation):
    """validate_many validates plans that share nodes (here: two versions of one plan IRI) in
    different shacl runs, so each gets exactly the findings it gets alone."""
    docs = [{"id": "t-same", "area": {"areaType": ["stedelijk-gebied"]}, "greenAreaChange": -2},
            {"id": "t-same", "area": {"areaType": ["laagveen"]}, "groundwaterLevel": 70},
            {"id": "t-other", "area": {"areaType": ["stedelijk-gebied"]}, "greenAreaChange": 1}]
    batch = [plans.parse(json.dumps(d), "json", knowledge=kg_store_for_validation) for d in docs]
    many = V.validate_many(batch, kg_store_for_validation)
    for plan, got in zip(batch, many):
        assert _keys(got) == _keys(V.validate(plan, kg_store_for_validation))
    assert "NHV-08-02" in many[0].codes() and "NHV-08-02" not in many[1].codes()
    assert "WBS-10" in many[1].codes() and "WBS-10" not in many[0].codes()


def test_context_activation(kg_store_for_validation):
    """Rules apply by context: laagveen -> WBS groundwater rules, urban -> NHV art. 8, NOVEX -> area programmes."""
    def codes(doc):
        plan = plans.parse(json.dumps(doc), "json", knowledge=kg_store_for_validation)
        return V.validate(plan, kg_store_for_validation).codes()

    rural = codes({"id": "t-rural", "area": {"areaType": ["landelijk-gebied"]}})
    peat = codes({"id": "t-peat", "area": {"areaType": ["laagveen"]}, "groundwaterLevel": 70})
    urban = codes({"id": "t-urban", "area": {"areaType": ["stedelijk-gebied"]}})
    novex = codes({"id": "t-novex", "area": {"areaType": ["landelijk-gebied"], "withinArea": ["novex-groene-hart"]}})
    assert "WBS-10" in peat and "WBS-10" not in rural and "WBS-09" not in peat
    assert "NHV-08-01" in urban and "NHV-08-01" not in rural
    assert {"NOV-01", "NOV-03", "PRO-22"} <= novex and not {"NOV-01", "NOV-03"} & rural
    ok = codes({"id": "t-peat-ok", "area": {"areaType": ["laagveen"]}, "groundwaterLevel": 30})
    assert "WBS-10" not in ok


# ------------------------------------------------------------------------------------------------
# Input forms


def test_plain_json_jsonld_and_turtle_give_the_same_graph(kg_store_for_validation):
    doc = json.loads((EXAMPLES / "hardenberg-bkn.json").read_text(encoding="utf-8"))
    plain = plans.parse(json.dumps(doc), knowledge=kg_store_for_validation)
    # JSON-LD states the types that plain JSON gets implicitly
    typed = {**doc, "type": "AreaPlan", "area": {**doc["area"], "type": "Area"},
             **{k: {**doc[k], "type": "PlanArrangement"} for k in ("management", "financing", "participation", "monitoring")}}
    with_url = plans.parse(json.dumps({"@context": plans.CONTEXT_URL, **typed}), knowledge=kg_store_for_validation)
    inline = plans.parse(json.dumps({"@context": plans.context(), **typed}), knowledge=kg_store_for_validation)
    assert plain.fmt == "json" and with_url.fmt == "jsonld"
    as_dataset = lambda p: ox.Dataset(ox.Quad(t.subject, t.predicate, t.object) for t in p.triples)  # noqa: E731
    ds = [as_dataset(p) for p in (plain, with_url, inline)]
    for d in ds:
        d.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    assert ds[0] == ds[1] == ds[2]
    turtle = ox.serialize(plain.triples, format=ox.RdfFormat.TURTLE).decode()
    again = plans.parse(turtle, "turtle", knowledge=kg_store_for_validation)
    d4 = as_dataset(again)
    d4.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    assert d4 == ds[0]


def test_short_names_and_numbers_in_plain_json():
    plan = plans.parse('{"id": "x", "area": {"areaType": ["laagveen"]}, "greenShare": 0.75, "homes": 12}', "json")
    objs = {(t.predicate.value.rsplit("/", 1)[-1], t.object.value) for t in plan.triples}
    assert ("areaType", f"{CANON}/id/begrip/gebiedstype/laagveen") in objs
    assert ("greenShare", "0.75") in objs and ("homes", "12") in objs
    assert plan.plans == [ox.NamedNode(f"{CANON}/id/plan/x")]


# ------------------------------------------------------------------------------------------------
# Bad input: a clear message naming the field or line, status 400 (CLI exit 2)


def _rejected(data, fmt=None, store=None) -> KGError:
    with pytest.raises(KGError) as e:
        plans.parse(data, fmt, knowledge=store)
    assert e.value.status == 400
    return e.value


def _text(err: KGError) -> str:
    return " ".join([str(err), *err.details])


def test_turtle_syntax_error_names_the_line():
    err = _rejected('@prefix go: <https://w3id.org/gebiedsontwikkeling/def/> .\n\n<p> a go:AreaPlan ;\n  go:homes "12 .\n', "turtle")
    assert "Turtle syntax error" in str(err) and "line 4" in str(err)


def test_json_syntax_error_names_line_and_column():
    err = _rejected('{\n  "id": "x",\n  "homes": 12,,\n}', "json")
    assert "line 3" in str(err) and "column" in str(err)


@pytest.mark.parametrize("ctx", ["https://example.org/context.jsonld", ["https://evil.example/ctx"],
                                 {"@import": "https://example.org/ctx.jsonld"}])
def test_remote_contexts_are_refused(ctx):
    err = _rejected(json.dumps({"@context": ctx, "id": "x", "type": "AreaPlan"}), "json")
    assert "refused" in _text(err)


def test_unknown_area_type_and_actor_are_named(kg_store_for_validation):
    doc = {"id": "x", "area": {"areaType": ["veenweidegebiedje"]}, "initiator": ["gemeente-nergenshuizen"]}
    err = _rejected(json.dumps(doc), "json", kg_store_for_validation)
    text = _text(err)
    assert "unknown area type gebiedstype:veenweidegebiedje" in text and "areaType" in text
    assert "unknown actor actor:gemeente-nergenshuizen" in text and "initiator" in text


def test_wrong_datatypes_name_the_field(kg_store_for_validation):
    err = _rejected('{"id": "x", "area": {"areaType": ["laagveen"]}, "greenShare": "veel", "homes": 12.5}', "json", kg_store_for_validation)
    text = _text(err)
    assert "greenShare" in text and "'veel'" in text and "homes" in text
    ttl = ("@prefix go: <https://w3id.org/gebiedsontwikkeling/def/> .\n"
           "<https://w3id.org/gebiedsontwikkeling/id/plan/t> a go:AreaPlan ; go:treeCanopyCover \"30\" ; "
           "go:area [ go:areaType \"laagveen\" ] .\n")
    text = _text(_rejected(ttl, "turtle", kg_store_for_validation))
    assert "treeCanopyCover" in text and "areaType" in text and "expected a reference" in text


def test_numbers_beyond_18_digits_are_refused(kg_store_for_validation):
    """Beyond 18 digits the engines compare numbers differently (pySHACL exactly, pyoxigraph and shacl
    in 64-bit integers and 18-fraction-digit decimals), so such input is refused, not validated."""
    for value in ("10000000000000000000", "1e25", "-0.0000000000000000000001"):
        err = _rejected('{"id": "x", "area": {"areaType": ["stedelijk-gebied"]}, "greenAreaChange": %s}' % value,
                        "json", kg_store_for_validation)
        assert "greenAreaChange" in _text(err) and "out of range" in _text(err)
    ok = plans.parse('{"id": "x", "homes": 999999999999999999, "greenAreaChange": -0.000000000000000001}', "json",
                     knowledge=kg_store_for_validation)
    assert ok.plans


def test_unknown_field_and_missing_plan():
    assert "unknown field 'greenshare'" in _text(_rejected('{"id": "x", "greenshare": 3}', "json"))
    assert "no plan found" in _text(_rejected("@prefix go: <https://w3id.org/gebiedsontwikkeling/def/> .\n<a> go:homes 3 .\n", "turtle"))
    assert "one object" in _text(_rejected("[1, 2]", "json"))


def test_unknown_property_in_turtle(kg_store_for_validation):
    ttl = ("@prefix go: <https://w3id.org/gebiedsontwikkeling/def/> .\n"
           "<https://w3id.org/gebiedsontwikkeling/id/plan/t> a go:AreaPlan ; go:greenshare 3 .\n")
    assert "unknown property go:greenshare" in _text(_rejected(ttl, "turtle", kg_store_for_validation))


# ------------------------------------------------------------------------------------------------
# Report formats


@pytest.fixture(scope="module")
def gap_report(kg_store_for_validation):
    plan = plans.parse_file(EXAMPLES / "gnephoek-groene-hart.ttl", knowledge=kg_store_for_validation)
    return V.validate(plan, kg_store_for_validation)


def test_json_report_explains_each_result(gap_report):
    doc = json.loads(gap_report.to_json())
    assert doc["conforms"] is False and len(doc["results"]) == len(gap_report.findings)
    r = next(x for x in doc["results"] if x["code"] == "WBS-10")
    assert r["severity"] == "Warning" and r["value"].startswith('"60"')
    assert r["framework"]["iri"].endswith("/kader/water-en-bodem-sturend")
    assert r["source"]["document"] == "004" and r["source"]["lines"] == [248, 262] and r["source"]["excerpt"]
    assert {m["iri"].rsplit("/", 1)[-1] for m in r["remedies"]} >= {"gebiedsprogramma", "waterschapsverordening"}
    assert set(r["message"]) >= {"nl", "en"}
    nov = [x for x in doc["results"] if x["code"] == "NOV-01"]
    assert nov and all(x["value"] for x in nov)


def test_turtle_report_is_a_shacl_validation_report(gap_report):
    g = ox.Store()
    g.load(gap_report.to_turtle().encode(), format=ox.RdfFormat.TURTLE)
    q = f"PREFIX sh: <{SH}> SELECT (COUNT(?r) AS ?n) ?c WHERE {{ ?rep a sh:ValidationReport ; sh:conforms ?c ; sh:result ?r }} GROUP BY ?c"
    row = next(iter(g.query(q)))
    assert int(row["n"].value) == len(gap_report.findings) and row["c"].value == "false"


def test_text_report_in_both_languages(gap_report):
    nl, en = gap_report.to_text("nl"), gap_report.to_text("en")
    assert "voldoet niet" in nl and "regels 248-262" in nl and "WBS-10" in nl
    assert "does not conform" in en and "lines 248-262" in en


def test_html_report_escapes_everything(gap_report):
    page = gap_report.to_html("en")
    assert page.startswith("<!DOCTYPE html>") and "WBS-10" in page
    evil = V.Report(plans=["https://w3id.org/gebiedsontwikkeling/id/plan/x"], engine="shacl", findings=[V.Finding(
        code="<b>X</b>", severity="Warning", focus="f", shape="s", component="c", value='"<script>alert(1)</script>"',
        message={"en": "<img src=x onerror=alert(1)>"}, framework={"iri": "k", "label": {"en": "<i>k</i>"}},
        source={"document": "<d>", "title": "<t>", "lines": [1, 2], "excerpt": "</blockquote><script>"},
        remedies=[{"iri": "<r>", "label": {"en": "<u>"}}])])
    page = evil.to_html("en")
    assert "<script>" not in page and "<img" not in page and "<b>X" not in page and "<u>" not in page
    assert "&lt;script&gt;" in page


def test_render_formats_and_unknown_format(gap_report):
    for fmt in ("text", "json", "turtle", "html"):
        assert V.render(gap_report, fmt, "en")
    with pytest.raises(KGError):
        V.render(gap_report, "pdf")


def test_validate_input_end_to_end(kg_store_for_validation):
    report = V.validate_input((EXAMPLES / "hero-van-breda.ttl").read_bytes(), kg_store_for_validation)
    assert report.exit_code == 0 and not report.codes("Violation")
    with pytest.raises(KGError):
        V.validate_input(b"{not json", kg_store_for_validation)


def test_cli_and_http_entry_points(kg_store_for_validation, tmp_path):
    report = V.validate_file(EXAMPLES / "gnephoek-groene-hart.ttl", kg_store_for_validation)
    assert report.exit_code == 1
    with pytest.raises(KGError) as e:
        V.validate_file(tmp_path / "missing.ttl", kg_store_for_validation)
    assert e.value.status == 400
    body = (EXAMPLES / "minimaal-tool.json").read_bytes()
    status, media, text = V.http_validate(body, "application/json", kg_store_for_validation, fmt="json", lang="en")
    assert status == 200 and media == "application/json" and json.loads(text)["conforms"] is False
    status, media, text = V.http_validate((EXAMPLES / "hero-van-breda.ttl").read_bytes(), "text/turtle",
                                          kg_store_for_validation, fmt="html")
    assert media.startswith("text/html") and "voldoet" in text
    with pytest.raises(KGError) as e:
        V.http_validate(b'{"id": "x", "greenShare": "veel"}', "application/json", kg_store_for_validation)
    assert e.value.status == 400 and "greenShare" in " ".join(e.value.details)
