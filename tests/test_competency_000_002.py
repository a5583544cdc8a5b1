"""Competency questions 1-40 (sources 000, 001, 002), answered by the saved queries in
queries/competency/ through the `kg query` command line, as a user would ask them.

Each test checks the key facts of the expected answer (names, numbers, dates) and that the source
lines the question cites are among the passages the answer cites.
"""

from __future__ import annotations

import json
import urllib.request

import pytest


from competency import BASE, PASSAGE, ask, cites, passages, text  # noqa: F401


def rows_with(rows, column: str, needle: str) -> list[dict]:
    return [r for r in rows if needle.lower() in r.get(column, "").lower()]


def assert_cites(rows, *refs: str):
    for ref in refs:
        doc, line = ref.split(":")
        assert cites(rows, doc, int(line)), f"{ref} not among the cited passages {sorted(passages(rows))}"


# --- source 000 ---------------------------------------------------------------------------------

def test_cq01_eu_framework_for_urban_green_and_canopy(built_store):
    rows = ask(built_store, 1)
    art8 = rows_with(rows, "frameworkLabel", "artikel 8")
    assert art8, rows
    assert all("natuurherstelverordening" in r.get("parentLabel", "").lower() for r in art8)
    assert "boomkroonbedekking" in text(art8) and "stedelijk" in text(art8)
    assert_cites(art8, "000:80", "000:358")


def test_cq02_nhv_art8_from_2031(built_store):
    rows = ask(built_store, 2, year="2031")
    assert rows and all(r.get("periodStart", r.get("deadline", "")).startswith("2031") for r in rows)
    assert all(r["comparatorLabel"] == "stijgende trend" for r in rows)
    labels = text(rows, "targetLabel")
    assert "stedelijk groen" in labels and "boomkroonbedekking" in labels and "bevredigend niveau" in text(rows)
    assert_cites(rows, "000:80", "000:358")
    # without the year the 2030 no-net-loss targets appear as well
    assert "geen nettoverlies" in text(ask(built_store, 2), "comparatorLabel")


def test_cq03_natuurplan_deadlines(built_store):
    rows = ask(built_store, 3)
    values = {r.get("claimedValue") for r in rows if "000:356" in r["sources"]}
    assert {"2026-09-01", "2027-09-01"} <= values
    assert "concept" in text(rows) and "definitief" in text(rows)
    assert_cites(rows, "000:356")


def test_cq04_nhv_entry_into_force(built_store):
    rows = ask(built_store, 4)
    in_force = rows_with(rows, "aspectLabel", "inwerkingtreding")
    assert "2024-08-18" in {r.get("claimedValue") for r in in_force}
    adopted = rows_with(rows, "aspectLabel", "vaststelling")
    assert any(r.get("claimedValue", "").startswith("2024-08") for r in adopted)
    assert_cites(rows, "000:80", "000:352")


def test_cq05_guidance_for_nhv_urban_targets_not_binding(built_store):
    rows = ask(built_store, 5)
    gios = [r for r in rows if r["guidance"] == f"{BASE}/id/kader/gios"]
    assert gios, rows
    g = gios[0]
    assert g["legalForceLabel"] == "niet bindend"
    assert "vrijblijvende systematiek" in g["routes"].lower()
    assert "artikel 8" in g["helps"].lower()
    owners = g["owners"].lower()
    assert "volkshuisvesting" in owners or "vro" in owners
    assert "landbouw" in owners or "lvvn" in owners or "lnv" in owners
    assert "2024" in g["claims"]
    assert_cites(gios, "000:239", "000:365")


def test_cq06_instruments_to_anchor_area_vision(built_store):
    rows = ask(built_store, 6)
    names = {r["instrument"].rsplit("/", 1)[1] for r in rows}
    assert {"omgevingsvisie", "programma", "omgevingswaarde", "omgevingsplan", "gebiedsgericht-omgevingsplan",
            "omgevingsvergunning", "anterieure-overeenkomst"} <= names, names
    assert_cites(rows, "000:128", "000:446")


def test_cq07_gemeente_instruments_for_long_term_management(built_store):
    rows = ask(built_store, 7, doc="bron/000")
    names = {r["instrument"].rsplit("/", 1)[1] for r in rows}
    assert {"beheeradvies", "onderhouds-en-beheersprogramma", "rioleringsprogramma", "gemeentebegroting", "lior",
            "langjarige-gebiedsbegroting", "dbfmo", "contractbeheer"} <= names, names
    assert "25 jaar" in text(rows_with(rows, "label", "dbfmo"))
    assert_cites(rows, "000:131", "000:535", "000:582", "000:588", "000:590", "000:591")
    # the default (all sources) includes them too
    assert "beheeradvies" in {r["instrument"].rsplit("/", 1)[1] for r in ask(built_store, 7)}


def test_cq08_eu_frameworks_for_investors_and_developers(built_store):
    rows = ask(built_store, 8)
    frameworks = {r["framework"].rsplit("/", 1)[1] for r in rows}
    assert {"csrd", "eu-taxonomie"} <= frameworks, frameworks
    assert "esg" in text(rows)
    assert_cites(rows, "000:115", "000:536", "000:542")


def test_cq09_koppelkansen_green_and_climate_adaptation_water(built_store):
    rows = ask(built_store, 9, doc="bron/000")
    labels = text(rows, "label")
    for fact in ("hittestress", "regenwater", "sponswerking", "stabielere ecosystemen"):
        assert fact in labels, fact
    assert_cites(rows, "000:78", "000:232", "000:531")


def test_cq10_foreign_model_for_legal_nature_norm(built_store):
    rows = ask(built_store, 10)
    bng = [r for r in rows if r["framework"] == f"{BASE}/id/kader/biodiversity-net-gain"]
    assert bng, rows
    assert "10%" in bng[0]["targets"] and "netto natuurwinst" in bng[0]["relatedTo"].lower()
    assert_cites(bng, "000:190")
    assert any(d == "000" and a <= 463 <= b for d, a, b in
               {(d, int(a), int(b or a)) for d, a, b in PASSAGE.findall(bng[0]["targetSources"])})


def test_cq11_municipalities_with_points_systems_or_green_norms(built_store):
    rows = ask(built_store, 11)
    cities = text(rows, "actorLabel")
    for city in ("den haag", "arnhem", "alkmaar", "tilburg", "delft", "utrecht", "rotterdam", "enschede"):
        assert city in cities, city
    assert_cites(rows, "000:164", "000:438", "000:453")


def test_cq12_national_actors_asked_for_one_central_place(built_store):
    rows = ask(built_store, 12)
    central = [r for r in rows if r["recommendation"].endswith("000-nat-1-centrale-plek")]
    assert central, rows
    actors = central[0]["addressedTo"].lower()
    assert "landbouw" in actors and "volkshuisvesting" in actors and "volksgezondheid" in actors
    assert_cites(central, "000:149", "000:150")


def test_cq13_homes_and_areas_of_gwg(built_store):
    rows = ask(built_store, 13, doc="bron/000")
    homes = {r["claimedValue"] for r in rows_with(rows, "aspectLabel", "woningen")}
    areas = {r["claimedValue"] for r in rows_with(rows, "aspectLabel", "gebieden")}
    assert homes == {"400000"}
    assert {"21", "17"} <= areas
    assert_cites(rows, "000:45", "000:613", "000:49", "000:61")


# --- source 001 ---------------------------------------------------------------------------------

def test_cq14_gemeente_as_land_owner(built_store):
    rows = ask(built_store, 14)
    owner = rows_with(rows, "roleLabel", "grondeigenaar")
    assert owner, rows
    assert "gronduitgifte" in text(owner) and "tender" in text(owner)
    assert "verder gaan dan landelijke regelgeving" in text(owner)
    assert_cites(owner, "001:341", "001:349")


def test_cq15_gemeente_with_woningcorporaties(built_store):
    rows = ask(built_store, 15)
    pa = [r for r in rows if r["instrument"] == f"{BASE}/id/instrument/prestatieafspraken"]
    assert pa, rows
    assert "prestatieafspraken" in pa[0]["label"].lower()
    assert_cites(pa, "001:357", "001:362")


def test_cq16_share_of_surface_for_3_30_300(built_store):
    rows = ask(built_store, 16)
    by_kind = {r["valueKindLabel"]: float(r["value"]) for r in rows}
    assert by_kind.get("aanbevolen waarde") == 90 and by_kind.get("ambitieuze waarde") == 100, by_kind
    assert "3 - 30 - 300" in text(rows, "targetLabel")
    assert_cites(rows, "001:1513", "001:1517")


def test_cq17_frameworks_with_2050_target(built_store):
    rows = ask(built_store, 17, doc="bron/001")
    frameworks = {r["framework"].rsplit("/", 1)[1] for r in rows}
    assert {"klimaatwet", "nederland-circulair-2050"} <= frameworks, frameworks
    assert "klimaatneutra" in text(rows_with(rows, "frameworkLabel", "klimaatwet"))
    assert "circulair" in text(rows_with(rows, "frameworkLabel", "circulair"), "targetLabel")
    assert all("icer" in r.get("relatedTo", "").lower() or "circulaire economie rapportage" in r.get("relatedTo", "").lower()
               for r in rows if r["framework"].rsplit("/", 1)[1] in ("klimaatwet", "nederland-circulair-2050"))
    assert_cites(rows, "001:1592", "001:1623")


def test_cq18_greenhouse_gas_target_2030(built_store):
    rows = ask(built_store, 18, doc="bron/001")
    table = [r for r in rows if r["target"].endswith("001-broeikasgas-reductie-2030-55-60")]
    assert table and float(table[0]["value"]) == 55 and float(table[0]["valueMax"]) == 60
    assert table[0]["baseline"] == "1990"
    intro = [r for r in rows if r["target"].endswith("001-co2-reductie-2030-60-inleiding")]
    assert intro and float(intro[0]["value"]) == 60
    assert_cites(rows, "001:18", "001:1580")


def test_cq19_eu_rules_mandating_co2_reporting(built_store):
    rows = ask(built_store, 19)
    frameworks = {r["framework"].rsplit("/", 1)[1] for r in rows}
    assert {"wlc", "csrd", "cpr"} <= frameworks, frameworks
    assert "epbd" in text(rows_with(rows, "label", "whole life carbon")) or \
        "gebouwen" in text(rows_with(rows, "label", "whole life carbon"), "partOfLabel")
    assert_cites(rows, "001:23", "001:1740", "001:1780", "001:1800")


def test_cq20_beneficiaries_that_do_not_invest(built_store):
    rows = ask(built_store, 20, doc="bron/001")
    actors = text(rows, "actors")
    assert "waterschap" in actors and "netbeheerder" in actors
    assert "niet altijd" in text(rows, "roleLabel")
    assert_cites(rows, "001:1052", "001:1055")


def test_cq21_tool_for_target_values_and_its_developers(built_store):
    rows = ask(built_store, 21)
    tool = [r for r in rows if r["instrument"].endswith("/ambitietool-tbgo")]
    assert tool, rows
    assert "ambitietool toekomstbestendige gebiedsontwikkeling" in tool[0]["label"].lower()
    developers = tool[0]["developedBy"].lower()
    assert "circulair friesland" in developers and "metabolic" in developers and "structural collective" in developers
    assert any(d == "001" and a <= 636 <= b for d, a, b in passages(tool))


def test_cq22_koppelkansen_revealed_by_msa(built_store):
    rows = ask(built_store, 22)
    numbered = {int(r["number"]): r["label"].lower() for r in rows if "number" in r}
    assert set(numbered) >= {1, 2, 3, 4, 5}
    assert "co₂-opslag" in numbered[1] or "co2-opslag" in numbered[1]
    assert "transport" in numbered[2] and "net" in numbered[3] and "groen" in numbered[4] and "riool" in numbered[5]
    assert_cites(rows, "001:924", "001:936", "001:940", "001:945", "001:950")


def test_cq23_parking_norm(built_store):
    rows = ask(built_store, 23)
    by_kind = {r["valueKindLabel"]: r for r in rows}
    assert float(by_kind["aanbevolen waarde"]["value"]) == 0.75
    assert float(by_kind["ambitieuze waarde"]["value"]) == 0.6
    assert "verschilt per gemeente" in by_kind["wettelijke waarde"]["valueText"].lower()
    assert_cites(rows, "001:1473")


def test_cq24_woondeals_circular_industrial_2030(built_store):
    rows = ask(built_store, 24, year="2030", keyword="circulair")
    target = [r for r in rows if r["target"].endswith("001-woondeal-circulair-industrieel-2030")]
    assert target and float(target[0]["value"]) == 50 and target[0]["comparatorLabel"] == "ten minste"
    deals = text(target, "setByLabel")
    assert "west-brabant" in deals and "brainport" in deals
    assert_cites(target, "001:1650", "001:1668")


def test_cq25_municipal_instruments_and_circular_materials(built_store):
    rows = ask(built_store, 25, doc="bron/001")
    names = {r["instrument"].rsplit("/", 1)[1] for r in rows}
    assert {"welstand", "beeldkwaliteitsplan", "groene-leges"} <= names, names
    assert "uitsluiten" in text(rows_with(rows, "instrument", "/welstand"), "koppelkansLabel")
    assert_cites(rows, "001:152", "001:161", "001:1250")


def test_cq26_cities_using_a_carbon_budget(built_store):
    rows = ask(built_store, 26)
    rotterdam = rows_with(rows, "actors", "rotterdam")
    oslo = rows_with(rows, "actors", "oslo")
    assert rotterdam and oslo
    assert "circulaire strategie" in text(rotterdam, "description") and "vastgoed" in text(rotterdam, "description")
    assert "stadsbreed" in text(oslo, "description") and "portfolio" in text(oslo, "description")
    assert_cites(rows, "001:802", "001:812")


def test_cq27_water_demand_target(built_store):
    rows = ask(built_store, 27)
    recommended = rows_with(rows, "valueKindLabel", "aanbevolen")
    assert recommended and float(recommended[0]["value"]) == 100 and recommended[0]["unit"] == "lpppd"
    assert not rows_with(rows, "valueKindLabel", "ambitieuze")
    assert_cites(rows, "001:1429")


# --- source 002 ---------------------------------------------------------------------------------

def test_cq28_gemeente_instruments_for_bkn(built_store):
    rows = ask(built_store, 28)
    names = {r["instrument"].rsplit("/", 1)[1] for r in rows}
    assert {"omgevingsvisie", "programma", "omgevingsplan", "omgevingsvergunning", "handhaving-toezicht",
            "pachtvoorwaarden", "samenwerking-burgers-bedrijven", "groennormen-in-aanbesteding-en-pacht",
            "verplichte-ecologische-expertise", "groensubsidies-gemeente",
            "aanbestedingsmaatregel-ecologisch-groen"} <= names, names
    assert "30%" in text(rows_with(rows, "instrument", "aanbestedingsmaatregel"), "label")
    assert_cites(rows, "002:540", "002:542", "002:605", "002:607", "002:608", "002:609", "002:610")


def test_cq29_nhv_art4_percentages_and_deadlines(built_store):
    rows = ask(built_store, 29)
    pairs = {(float(r["value"]), r["deadline"][:4]) for r in rows if "value" in r and "deadline" in r}
    assert {(30, "2030"), (60, "2040"), (90, "2050")} <= pairs, pairs
    assert "habitattypen" in text(rows, "targetLabel")
    assert_cites(rows, "002:248", "002:250")


def test_cq30_krw_deadline(built_store):
    rows = ask(built_store, 30)
    krw = [r for r in rows if r["target"].endswith("002-krw-goede-toestand-2027")]
    assert krw and krw[0]["deadline"] == "2027"
    assert "goede ecologische en chemische toestand" in krw[0]["valueText"]
    assert "grond- en oppervlaktewater" in krw[0]["targetLabel"]
    assert_cites(krw, "002:279")


def test_cq31_koppelkansen_bkn_and_krw(built_store):
    rows = ask(built_store, 31)
    labels = text(rows, "label")
    for fact in ("nutriënten", "hydrologische", "waterleven", "samenhang", "randvoorwaarde", "stroomgebiedbeheerplannen"):
        assert fact in labels, fact
    assert_cites(rows, "002:283", "002:285", "002:287", "002:289", "002:293", "002:295", "002:885")


def test_cq32_duty_of_care_for_surface_water(built_store):
    rows = ask(built_store, 32)
    care = rows_with(rows, "roleLabel", "zorgplicht")
    assert care and "waterschap" in care[0]["actors"].lower()
    assert "regionale" in care[0].get("description", "").lower()
    assert_cites(care, "002:622", "002:624")


def test_cq33_law_articles_for_bkn(built_store):
    expected = {"omgevingswet-art-3-1", "omgevingswet-art-4-1", "omgevingswet-art-2-24", "omgevingswet-art-3-4",
                "wnb-art-2-1", "wnb-art-2-7"}
    assert expected <= {r["article"].rsplit("/", 1)[1] for r in ask(built_store, 33)}
    rows = ask(built_store, 33, doc="bron/002")
    assert {r["article"].rsplit("/", 1)[1] for r in rows} == expected
    assert "verslechtering" in text(rows_with(rows, "article", "wnb-art"), "linkedVia")
    assert_cites(rows, "002:424", "002:522")
    only_ow = ask(built_store, 33, act="kader/omgevingswet", doc="bron/002")
    assert {r["article"].rsplit("/", 1)[1] for r in only_ow} == {
        "omgevingswet-art-3-1", "omgevingswet-art-4-1", "omgevingswet-art-2-24", "omgevingswet-art-3-4"}


def test_cq34_budget_agrarisch_natuurbeheer(built_store):
    rows = ask(built_store, 34)
    amounts = {int(float(r["claimedValue"])) for r in rows}
    assert {485_000_000, 165_000_000, 200_000_000, 120_000_000} <= amounts, amounts
    total = [r for r in rows if int(float(r["claimedValue"])) == 485_000_000][0]
    assert "per jaar" in total["valueText"]
    assert "jetten" in text(rows) and "glb" in text(rows)
    assert_cites(rows, "002:665")


def test_cq35_pollinator_targets(built_store):
    rows = ask(built_store, 35)
    art10 = rows_with(rows, "setByLabel", "artikel 10")
    assert art10
    assert any(r.get("deadline") == "2030" and "stoppen" in r["targetLabel"] for r in art10)
    assert any(r.get("comparatorLabel") == "stijgende trend" for r in art10)
    assert "bijenstrategie" in text(art10, "relatedFrameworks")
    assert_cites(art10, "002:253")
    related = {(d, int(a), int(b or a)) for r in art10 for d, a, b in PASSAGE.findall(r.get("relatedSources", ""))}
    assert any(d == "002" and a <= 901 <= b for d, a, b in related) or \
        any(d == "002" and a <= 546 <= b for d, a, b in related), related


def test_cq36_four_main_bkn_bottlenecks(built_store):
    rows = ask(built_store, 36)
    main = {int(r["number"]): r["label"].lower() for r in rows if "number" in r and r["bottleneck"].split("/")[-1].startswith("002-")}
    assert "incoherentie" in main[1] and "systeemherstel" in main[2] and "prioriteit" in main[3] and "juridische borging" in main[4]
    top = rows[:4]
    assert {r["bottleneck"].rsplit("/", 1)[1] for r in top} == {
        "002-incoherentie", "002-gebrek-systeemherstel", "002-lage-prioriteit", "002-beperkte-juridische-borging"}
    for ref in ("002:691", "002:719", "002:733", "002:753"):
        assert_cites(top, ref)


def test_cq37_vhr_articles_linked_to_bkn(built_store):
    rows = ask(built_store, 37)
    names = {r["article"].rsplit("/", 1)[1] for r in rows}
    assert {"habitatrichtlijn-art-2", "habitatrichtlijn-art-6", "habitatrichtlijn-art-10", "habitatrichtlijn-art-17",
            "vogelrichtlijn-art-2", "vogelrichtlijn-art-3", "vogelrichtlijn-art-12"} <= names, names
    assert "verslechtering" in text(rows_with(rows, "article", "habitatrichtlijn-art-6"))
    assert_cites(rows, "002:196", "002:198", "002:200", "002:230")


def test_cq38_indicators_for_agricultural_ecosystems(built_store):
    rows = ask(built_store, 38)
    indicators = text(rows, "indicators")
    assert "graslandvlinderindex" in indicators
    assert "organisch stofgehalte" in indicators and "landschapselementen" in indicators
    two_of_three = [r for r in rows if r["target"].endswith("002-nhv-art11-twee-van-drie-2030")]
    assert two_of_three and two_of_three[0]["deadline"] == "2030" and two_of_three[0]["comparatorLabel"] == "stijgende trend"
    labels = text(rows, "targetLabel")
    assert "boerenlandvogels" in labels and "veengronden" in labels
    assert_cites(rows, "002:254")


def test_cq39_municipal_yardstick_against_bkn(built_store):
    rows = ask(built_store, 39)
    maatlat = [r for r in rows if r["instrument"].endswith("/groene-en-gezonde-maatlat")]
    assert maatlat, rows
    m = maatlat[0]
    assert "hardenberg" in m["usedBy"].lower() and "gemeenteraad" in m["initiatedBy"].lower()
    for criterion in ("groenstructuren", "ecologische kwaliteit", "natuurlijke overgangen", "waterberging"):
        assert criterion in m["description"].lower(), criterion
    assert_cites(maatlat, "002:210", "002:212")


def test_cq40_steps_of_drenthe_bkn_plan(built_store):
    rows = ask(built_store, 40)
    steps = [(int(r["number"]), r["label"].lower()) for r in rows]
    assert [n for n, _ in steps] == [1, 2, 3, 4, 5]
    assert "projectgebied" in steps[0][1] and "meting" in steps[1][1] and "kansen" in steps[2][1]
    assert "gezamenlijk plan" in steps[3][1] and "monitoring" in steps[4][1]
    assert "drenthe" in rows[0]["wholeLabel"].lower()
    assert_cites(rows, "002:785", "002:794", "002:801", "002:808", "002:815", "002:821")


# --- the same answers through the HTTP API ------------------------------------------------------

@pytest.mark.parametrize("number", [3, 29, 40])
def test_competency_queries_over_http(server, built_store, number):
    """GET /api/queries/competency/cq-NN gives the same answer as the command line."""
    with urllib.request.urlopen(f"{server}/api/queries/competency/cq-{number:02d}", timeout=60) as response:
        assert response.status == 200
        body = json.loads(response.read())
    cli = ask(built_store, number)
    key = body["columns"][0]
    assert body["count"] == len(cli) > 0
    assert {r[key] for r in body["rows"]} == {r[key] for r in cli}
    assert all(r.get("sources") for r in body["rows"])
