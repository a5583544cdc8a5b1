"""Competency questions 41-81 (sources 003 and 004), answered by the saved queries in
queries/competency/ through the `kg query` command line (and one through the HTTP API), as a user
would ask them.

Each test checks the key facts of the expected answer (names, numbers, dates) and that the source
lines the question cites are among the passages the answer cites.
"""

from __future__ import annotations

import json
import urllib.request


from competency import BASE, ask, cites, passages, text  # noqa: F401


def assert_cites(rows, *refs: str):
    for ref in refs:
        doc, line = ref.split(":")
        assert cites(rows, doc, int(line)), f"{ref} not among the cited passages {sorted(passages(rows))}"


def rows_with(rows, column: str, needle: str) -> list[dict]:
    return [r for r in rows if needle.lower() in r.get(column, "").lower()]


def row_is(rows, column: str, value: str) -> list[dict]:
    return [r for r in rows if r.get(column, "").lower() == value.lower()]


def labels(rows, column: str) -> set[str]:
    return {r[column].lower() for r in rows if column in r}


# --- source 003 ---------------------------------------------------------------------------------

def test_cq41_gemeente_instrument_for_minimum_green(built_store):
    rows = ask(built_store, 41)
    plan = row_is(rows, "label", "omgevingsplan")
    assert plan and "minimale eisen voor groen" in text(plan, "targets")
    assert_cites(plan, "003:1727")
    pve = row_is(rows, "label", "Programma van Eisen")
    assert pve and "knock-out" in text(pve)
    assert_cites(pve, "003:2139")
    uitgifte = row_is(rows, "label", "uitgiftevoorwaarden")
    assert uitgifte
    assert_cites(uitgifte, "003:1791")
    assert all(r["legalForceLabel"] not in ("niet bindend", "zelfbindend") for r in rows)


def test_cq42_slotstuk_niet_startpunt(built_store):
    rows = ask(built_store, 42)
    assert rows and labels(rows, "label") == {"anterieure overeenkomst"}
    assert_cites(rows, "003:1719", "003:1823")


def test_cq43_omgevingswet_article_health_core_goal(built_store):
    rows = ask(built_store, 43)
    art = rows_with(rows, "label", "artikel 1.3")
    assert art and "kerndoel" in text(art, "keyTerms") and "gezonde" in text(art, "description")
    assert_cites(art, "003:129")


def test_cq44_mer_on_health(built_store):
    rows = ask(built_store, 44)
    mer = rows_with(rows, "label", "Bevolking en menselijke gezondheid")
    assert mer
    assert "kwetsbare groepen" in text(mer, "label") and "langetermijneffecten" in text(mer, "label")
    assert "11.16" in text(mer, "basisLabel")
    assert_cites(mer, "003:1635", "003:2377")


def test_cq45_ggd_statutory_role(built_store):
    rows = ask(built_store, 45)
    assert labels(rows, "lawLabel") == {"wet publieke gezondheid"}
    art14 = rows_with(rows, "articleLabel", "14 tot 16")
    assert art14 and "ggd" in text(art14, "roles") and "medische milieukunde" in text(art14)
    art13 = rows_with(rows, "articleLabel", "artikel 13")
    assert art13 and "gemeente" in text(art13, "binds") and "gezondheidsnota" in text(art13)
    assert_cites(rows, "003:1637", "003:2393", "003:2394")


def test_cq46_instruments_without_land_position(built_store):
    rows = ask(built_store, 46)
    found = labels(rows, "label")
    for name in ("intentieovereenkomst", "samenwerkingsovereenkomst", "anterieure overeenkomst",
                 "prestatieafspraken", "regionale woondeals", "convenant", "zelfbindend programma"):
        assert name in found, (name, found)
    assert_cites(rows, "003:1803", "003:2418", "003:2422")


def test_cq47_waterschap_koppelkansen(built_store):
    rows = ask(built_store, 47, document="bron/003")
    found = text(rows, "label", "rationale")
    for needle in ("laaggelegen veengebied", "beheerkosten", "berging en klimaatadaptatie", "koelte",
                   "vrouwgeestpolder", "waterbuffer"):
        assert needle in found, needle
    assert_cites(rows, "003:384", "003:392", "003:2113", "003:1976")
    assert all(any(doc == "003" for doc, _, _ in passages([r])) for r in rows)
    # without the document filter the koppelkansen of the other sources come along
    assert len(ask(built_store, 47)) > len(rows)


def test_cq48_suikerzijde_gebiedsfonds(built_store):
    rows = ask(built_store, 48)
    assert {"gemeente groningen", "menzis", "nijestee", "patrimonium", "dura vermeer"} <= labels(rows, "partyLabel")
    purposes = text(rows, "purposes")
    assert "buurthost" in purposes and "buurtkamer" in purposes and "horeca" in purposes and "dag één" in purposes
    assert_cites(rows, "003:1528", "003:1530")


def test_cq49_pvw_green_target(built_store):
    rows = ask(built_store, 49)
    forty = [r for r in rows if r.get("value") == "40"]
    assert len(forty) >= 2 and all(r["unit"] == "%" for r in forty)
    assert "veertig procent" in text(forty, "label") and "waterdoorlatend" in text(forty, "label")
    assert "knock-outcriterium" in text(forty, "label")
    assert_cites(forty, "003:2072", "003:2171")


def test_cq50_time_horizon_pvw_pve(built_store):
    rows = ask(built_store, 50)
    pvw = rows_with(rows, "label", "Programma van Waarden")
    assert pvw and pvw[0]["value"] == "20" and pvw[0]["valueMax"] == "100" and pvw[0]["unit"] == "jaar"
    pve = rows_with(rows, "label", "Programma van Eisen")
    assert pve and "realisatietermijn" in text(pve, "valueText")
    assert_cites(rows, "003:368")


def test_cq51_intentieverklaring_signatories(built_store):
    rows = ask(built_store, 51)
    assert {"gemeente", "projectontwikkelaar", "woningcorporatie", "waterschap", "ggd", "zorgverzekeraar",
            "bewonersvertegenwoordiging", "sociaal domein"} <= labels(rows, "partyLabel")
    assert "mede-ondertekenaar" in text(rows_with(rows, "partyLabel", "sociaal domein"), "roleLabel")
    assert labels(rows, "legalForceLabel") == {"niet bindend"}
    assert "geen contract met juridische verplichtingen" in text(rows, "claims")
    assert_cites(rows, "003:2175", "003:1333")


def test_cq52_gnephoek(built_store):
    rows = ask(built_store, 52)
    assert row_is(rows, "aspectLabel", "aantal woningen")[0]["value"] == "5600"
    assert "60 hectare" in text(rows, "detail")
    assert "bestuursovereenkomst" in text(rows) and "vijf jaar" in text(rows)
    assert "vrouwgeestpolder" in text(rows, "label") and "waterbuffer" in text(rows, "label")
    assert_cites(rows, "003:1974", "003:1976")


def test_cq53_values_per_area_type(built_store):
    rows = ask(built_store, 53, document="bron/003")
    uitleg = [r for r in rows if r["areaType"].endswith("/uitleglocatie")]
    assert uitleg and "groen-blauwe" in text(uitleg, "rationale") and "biodiversiteit" in text(uitleg, "rationale")
    transform = [r for r in rows if r["areaType"].endswith("/binnenstedelijk-transformatiegebied")]
    assert "rode waarden" in text(transform) and "sociale cohesie" in text(transform, "rationale")
    inbreiding = [r for r in rows if r["areaType"].endswith("/inbreiding")]
    assert inbreiding and "expliciete keuzes" in text(inbreiding, "rationale")
    assert_cites(rows, "003:543", "003:759", "003:761")
    one = ask(built_store, 53, area_type="begrip/gebiedstype/inbreiding", document="bron/003")
    assert one and all(r["areaType"].endswith("/inbreiding") for r in one)


# --- source 004a --------------------------------------------------------------------------------

def test_cq54_nhv_proposal_urban_green_targets(built_store):
    rows = ask(built_store, 54)
    targets = [r for r in rows if r["kind"] == "doel"]
    assert "voorstel verordening natuurherstel" in text(targets, "setBy") or "natuurherstel" in text(targets, "setBy")
    no_loss = rows_with(targets, "label", "geen nettoverlies")
    assert no_loss and no_loss[0]["deadline"] == "2030" and no_loss[0]["baseline"] == "2021"
    assert rows_with(targets, "label", "3%")[0]["deadline"] == "2040"
    assert rows_with(targets, "label", "5%")[0]["deadline"] == "2050"
    trees = rows_with(targets, "label", "10%")
    assert trees and trees[0]["deadline"] == "2050" and "bomen" in text(trees, "label")
    assert rows_with(targets, "label", "netto toename") and rows_with(targets, "label", "plan")
    assert "75%" in text(rows, "valueText")
    assert_cites(rows, "004:3549", "004:3553", "004:3557")


def test_cq55_greening_existing_urban_area(built_store):
    rows = ask(built_store, 55)
    gemeente = [r for r in rows if r["actorNode"] == f"{BASE}/id/actor/gemeente" and r["kind"] == "rol"
                and "stenige" in r["label"].lower()]
    assert gemeente and "verantwoordelijk" in gemeente[0]["roleTypeLabel"]
    provincie = [r for r in rows if r["actorNode"] == f"{BASE}/id/actor/provincie" and "stimuleren" in r["label"].lower()]
    assert provincie and "coördineren" in text(provincie, "label")
    assert_cites(gemeente + provincie, "004:3357", "004:3362", "004:3364")


def test_cq56_tools_for_green_norms(built_store):
    rows = ask(built_store, 56)
    verkenning = rows_with(rows, "label", "Verkenning normen en criteria groen")
    assert verkenning and "wur" in text(verkenning) and "pbl" in text(verkenning) and "november 2022" in text(verkenning)
    maatlat = rows_with(rows, "label", "maatlat")
    assert maatlat and "bzk" in text(maatlat) and "ienw" in text(maatlat) and "begin 2023" in text(maatlat)
    assert rows_with(rows, "label", "Basiskwaliteit Natuur")
    assert_cites(rows, "004:3486", "004:3490", "004:3531", "004:3535")


def test_cq57_no_rijk_budget_for_green(built_store):
    rows = ask(built_store, 57)
    claim = row_is(rows, "kind", "bewering")
    assert claim and "geen specifiek budget" in text(claim)
    assert "provincies en gemeenten" in text(claim)
    assert "woningbouw" in text(rows_with(rows, "kind", "koppelkans"))
    instruments = text(row_is(rows, "kind", "instrument"), "label")
    assert "nationale isolatie programma" in instruments and "baathouders" in instruments
    assert_cites(rows, "004:3413", "004:3418", "004:3425", "004:3428")


def test_cq58_deep_polders_water_storage(built_store):
    rows = ask(built_store, 58)
    target = row_is(rows, "kind", "doel")
    assert target and target[0]["valueText"] == "5% tot 10%"
    assert "diepste delen" in text(target, "scope") and "bebouwing" in text(target, "scope")
    assert row_is(rows, "kind", "keuze")
    assert_cites(rows, "004:188", "004:190")


def test_cq59_krw_measures_deadline(built_store):
    rows = ask(built_store, 59)
    measures = [r for r in rows if r["kind"] == "doel" and "maatregelen" in r["label"].lower()]
    assert len(measures) >= 2 and {r["deadline"] for r in measures} == {"2027"}
    assert "water en bodem sturend" in text(measures, "setBy") and "landelijk gebied" in text(measures, "setBy")
    assert_cites(rows, "004:388", "004:430", "004:431")


def test_cq60_nplg_forest_nnn_n2000(built_store):
    rows = ask(built_store, 60)
    forest = rows_with(rows, "label", "37.400 ha")
    assert forest and forest[0]["deadline"] == "2030"
    nnn = rows_with(rows, "label", "40.571 ha")
    assert nnn and nnn[0]["deadline"] == "2027"
    hydro = rows_with(rows, "label", "hydrologische condities")
    assert hydro and hydro[0]["deadline"] == "2027"
    assert_cites(forest + nnn + hydro, "004:421", "004:422", "004:423")


def test_cq61_nplg_responsible_and_funding(built_store):
    rows = ask(built_store, 61)
    first = rows_with(rows, "who", "Minister voor Natuur en Stikstof")
    assert first and "eerstverantwoordelijk" in text(first, "detail")
    commissioners = [r for r in rows if r.get("detail") == "opdrachtgever"]
    who = text(commissioners, "who")
    assert "landbouw" in who and "infrastructuur en waterstaat" in who and "binnenlandse zaken" in who
    assert "24,3 miljard" in text(rows) and "transitiefonds" in text(rows) and "specifieke uitkering" in text(rows)
    assert "2035" in text(rows)
    assert_cites(rows, "004:542", "004:563", "004:565")


def test_cq62_agenda_natuurinclusief_building_energy(built_store):
    rows = ask(built_store, 62)
    bouw = rows_with(rows, "label", "Bouwbesluit")
    assert bouw and "bouwbesluit" in text(bouw, "basisLabel")
    energie = rows_with(rows, "description", "NIEWHOL")
    assert energie and "energie" in text(energie, "themes")
    bkn = rows_with(rows, "label", "Basiskwaliteit Natuur")
    assert bkn and "omgevingswaarden" in text(bkn, "label") and "kpi" in text(bkn, "label")
    assert_cites(bouw + energie + bkn, "004:684", "004:686", "004:692", "004:694")
    only_energy = ask(built_store, 62, theme="begrip/thema/energie")
    assert rows_with(only_energy, "description", "NIEWHOL") and not rows_with(only_energy, "label", "Bouwbesluit")


def test_cq63_funds_for_housing_access(built_store):
    rows = ask(built_store, 63)
    all_text = text(rows)
    for needle in ("7,5 miljard", "1,5 miljard", "6 miljard", "17 novex", "1,25 miljard", "475 miljoen"):
        assert needle in all_text, needle
    assert rows_with(rows, "label", "Mobiliteitsfonds") and rows_with(rows, "label", "Woningbouwimpuls")
    assert_cites(rows, "004:3149", "004:3187", "004:3192")


def test_cq64_voorkeursvolgorde_zon(built_store):
    rows = ask(built_store, 64)
    frame = row_is(rows, "kind", "kader")
    assert len(frame) == 1 and frame[0]["label"] == "Voorkeursvolgorde Zon"
    order = frame[0]["detail"].lower()
    steps = ["daken", "onbenutte terreinen", "restgebieden", "landbouwg"]
    assert all(s in order for s in steps) and [order.index(s) for s in steps] == sorted(order.index(s) for s in steps)
    assert "bermen" in order and "multifunctioneel" in text(rows)
    assert_cites(frame, "004:1423", "004:1428")


def test_cq65_health_benchmark_access_to_green(built_store):
    rows = ask(built_store, 65)
    bench = rows_with(rows, "label", "3 km")
    assert bench and bench[0]["valueText"] == "maximaal 3 km" and bench[0]["comparatorLabel"] == "ten hoogste"
    assert "provincie" in text(bench, "label", "scope") and "toetssteen" in text(bench, "label")
    assert_cites(bench, "004:3859", "004:3866")


def test_cq66_noise_target_and_measure_order(built_store):
    rows = ask(built_store, 66)
    zpap = rows_with(rows, "label", "Zero Pollution Action Plan")
    assert zpap and zpap[0]["deadline"] == "2030" and "30%" in zpap[0]["valueText"]
    assert "nationaal milieuprogramma" in text(zpap, "setBy")
    negligible = rows_with(rows, "label", "verwaarloosbaar")
    assert negligible and negligible[0]["deadline"] == "2050"
    order = rows_with(rows, "label", "bron - overdracht - ontvanger")
    assert order and "schermen" in text(order, "detail") and "gevelisolatie" in text(order, "detail")
    assert_cites(zpap + negligible + order, "004:4452", "004:4464", "004:4497", "004:4507")


def test_cq67_unesco_world_heritage_novex(built_store):
    rows = ask(built_store, 67)
    areas = text(rows, "areas")
    for site in ("beemster", "neder-germaanse limes", "hollandse waterlinies"):
        assert site in areas, site
    assert "amsterdam" in text(rows, "label") and "utrecht" in text(rows, "label")
    assert_cites(rows, "004:3699", "004:3701")


def test_cq68_drinking_water_targets(built_store):
    rows = ask(built_store, 68)
    per_person = rows_with(rows, "label", "100 liter")
    assert per_person and per_person[0]["deadline"] == "2035" and "125" in per_person[0]["baseline"]
    large = rows_with(rows, "label", "Grootverbruikers")
    assert large and large[0]["valueText"] == "20%"
    assert_cites(per_person + large, "004:114", "004:116")


# --- source 004b --------------------------------------------------------------------------------

def test_cq69_provinces_of_regio_schiphol(built_store):
    rows = ask(built_store, 69)
    assert labels(rows, "placeLabel") == {"provincie noord-holland", "provincie zuid-holland",
                                          "provincie utrecht", "provincie flevoland"}
    assert_cites(rows, "004:4899")
    other = ask(built_store, 69, area="gebied/novex-groene-hart")
    assert "provincie flevoland" not in labels(other, "placeLabel") and "provincie utrecht" in labels(other, "placeLabel")


def test_cq70_trekkers_groene_hart(built_store):
    rows = ask(built_store, 70)
    names = text(rows, "trekkerLabel")
    assert "minister van lnv" in names and "piet adema" in names
    assert "willy de zoete" in names and "gedeputeerde zuid-holland" in names and "bestuurlijk platform groene hart" in names
    assert len(rows) == 2
    assert_cites(rows, "004:6279", "004:6285")


def test_cq71_novex_areas_in_gezonde_groene_leefomgeving(built_store):
    rows = ask(built_store, 71)
    found = labels(rows, "areaLabel")
    for area in ("noordzeekanaalgebied (nzkg)", "zuidelijke randstad", "rotterdamse haven", "groene hart",
                 "utrecht-amersfoort", "north sea port district (nspd)", "stedelijk brabant", "groningen-assen"):
        assert area in found, (area, found)
    assert len(found) == 8
    assert "indirect" in text(row_is(rows, "areaLabel", "Rotterdamse Haven"), "contributionLabel")
    assert_cites(rows, "004:4699", "004:5641", "004:6190", "004:6450", "004:6865", "004:7797", "004:8035", "004:9851")


def test_cq72_zuidelijke_randstad_open_questions_green(built_store):
    rows = ask(built_store, 72)
    q = rows_with(rows, "label", "open vragen")
    assert q
    desc = text(q, "description")
    assert "landschapsparken" in desc and "bodem en water sturend" in desc and "ecologisch" in desc
    assert "basiskwaliteit natuur" in text(q, "description", "recommendations")
    assert_cites(q, "004:5909", "004:5927")


def test_cq73_housing_numbers_oude_lijn(built_store):
    rows = ask(built_store, 73)
    values = {r.get("value") for r in rows}
    assert {"70000", "100000", "170000", "54000"} <= values
    assert "80.000 arbeidsplaatsen" in text(rows, "label")
    assert "8 gemeenten" in text(rows_with(rows, "label", "Verstedelijkingsalliantie"), "label")
    assert "11 ov-knooppunten" in text(rows, "label")
    assert_cites(rows, "004:5519", "004:5523", "004:5599", "004:5788")


def test_cq74_port_of_rotterdam_targets(built_store):
    rows = ask(built_store, 74)
    co2 = rows_with(rows, "label", "55% CO2-reductie")
    assert co2 and co2[0]["deadline"] == "2030" and "20-25%" in co2[0]["valueText"]
    assert rows_with(rows, "label", "CO2-neutraal")[0]["deadline"] == "2050"
    renewable = rows_with(rows, "label", "hernieuwbare grondstoffen")
    assert renewable and renewable[0]["valueText"] == "20%" and renewable[0]["deadline"] == "2030"
    assert rows_with(rows, "label", "2-4 Mton") and "plastic" in text(rows, "label")
    assert_cites(rows, "004:6050", "004:6073")


def test_cq75_anf_countryside(built_store):
    rows = ask(built_store, 75)
    target = rows_with(rows, "label", "5.000 hectare")
    assert target and row_is(target, "kind", "doel")
    instrument = rows_with(rows, "label", "uitloopgebied per nieuwe woning")
    assert instrument and instrument[0]["kind"] == "instrument"
    assert "agenda natuurinclusief" in text(instrument, "serves")
    assert_cites(target, "004:7122")
    assert_cites(instrument, "004:7222")


def test_cq76_peel_landschapsgronden(built_store):
    rows = ask(built_store, 76)
    course = rows_with(rows, "label", "landschapsgronden")
    assert course and "grondgebonden natuurinclusieve landbouw" in text(course, "label")
    assert "gras" in text(course, "label") and "<1gve/ha" in text(course, "valueText")
    assert "beken" in text(course, "detail") and "te nat" in text(course, "detail")
    assert_cites(course, "004:8497", "004:8501")


def test_cq77_zuid_limburg_eu_frameworks_via_nplg(built_store):
    rows = ask(built_store, 77)
    assert labels(rows, "linkedLabel") == {"vogel- en habitatrichtlijn", "kaderrichtlijn water"}
    vhr = row_is(rows, "linkedLabel", "Vogel- en Habitatrichtlijn")
    assert "natura 2000" in text(vhr, "contribution") and "daarbuiten" in text(vhr, "contribution")
    krw = row_is(rows, "linkedLabel", "Kaderrichtlijn Water")
    assert "2022-2027" in text(krw) and "beekdalen" in text(krw, "contribution")
    assert_cites(rows, "004:8847", "004:8863")


def test_cq78_regio_zwolle_nplg_water(built_store):
    rows = ask(built_store, 78)
    kk = rows_with(rows, "label", "bufferen en bergen")
    assert kk and "waterkwaliteit" in text(kk, "label", "rationale")
    assert all("regio zwolle" in r["label"].lower() for r in rows)
    assert_cites(kk, "004:9242", "004:9252")


def test_cq79_provincial_housing_contributions(built_store):
    rows = ask(built_store, 79)
    expected = {"fryslân": 17500, "groningen": 28359, "drenthe": 13631, "noord-holland": 183600,
                "flevoland": 39193, "utrecht": 83500, "zuid-holland": 235460, "zeeland": 16500,
                "overijssel": 42300, "gelderland": 100000, "noord-brabant": 130600, "limburg": 26550}
    for province, homes in expected.items():
        mine = [r for r in rows if r["actorLabel"].lower() == f"provincie {province}"]
        assert mine, province
        assert homes in {int(float(r["value"])) for r in mine if r.get("value")}, (province, mine)
    for province in ("groningen", "drenthe", "limburg"):
        assert "jaartal" in text([r for r in rows if r["actorLabel"].lower() == f"provincie {province}"], "label")
    assert_cites(rows, "004:10253", "004:10334")


def test_cq80_ruimtelijk_voorstel_arrangement_planmer(built_store):
    rows = ask(built_store, 80)
    voorstel = [r for r in rows if r["instrument"].endswith("/004b-provinciaal-ruimtelijk-voorstel")]
    assert {"2023-10", "2023-06"} <= {r.get("value") for r in voorstel}
    assert "voor de zomer 2023" in text(voorstel, "valueText") and "oktober 2023" in text(voorstel, "valueText")
    arrangement = [r for r in rows if r["instrument"].endswith("/004b-ruimtelijk-arrangement")]
    assert "2023-12" in {r.get("value") for r in arrangement} and "eind 2023" in text(arrangement)
    planmer = rows_with(arrangement, "label", "planMER")
    assert planmer and "kaderstellend" in text(planmer) and "uitwerking" in text(planmer, "value")
    assert_cites(rows, "004:12496", "004:12499", "004:4598", "004:12824", "004:12830")


def test_cq81_integral_area_table_and_steps(built_store):
    rows = ask(built_store, 81)
    table = [r for r in rows if r["kind"] == "rol"]
    actors = text(table, "actors")
    for actor in ("rijk", "provincie", "gemeente", "waterschap", "ggd", "omgevingsdienst", "veiligheidsregio"):
        assert actor in actors, actor
    steps = sorted((int(r["number"]), r["label"]) for r in rows if r["kind"] == "stap")
    assert [n for n, _ in steps] == [0, 1, 2, 3, 4, 5]
    names = " ".join(label.lower() for _, label in steps)
    for step in ("opstart", "inzicht", "visie en afwegingskader", "ontwikkelvarianten", "afwegen en keuze",
                 "borgen en uitvoeren"):
        assert step in names, step
    assert "startnotitie" in text(row_is(rows, "kind", "stap"), "detail")
    assert_cites(rows, "004:11537", "004:11554", "004:12031", "004:12102")


# --- the same answers over HTTP -----------------------------------------------------------------

def test_cq69_over_http_api(server):
    url = f"{server}/api/queries/competency/cq-69?area={BASE}/id/gebied/novex-regio-schiphol"
    with urllib.request.urlopen(url, timeout=60) as response:
        data = json.loads(response.read())
    text_all = json.dumps(data, ensure_ascii=False).lower()
    for province in ("noord-holland", "zuid-holland", "utrecht", "flevoland"):
        assert f"provincie {province}" in text_all
    assert "004:4895-4921" in text_all
