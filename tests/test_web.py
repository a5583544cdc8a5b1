"""The web browser for policy officers, tested in a real headless Chromium (Selenium).

Uses the session fixture `server` (kg serve on the real built graph); set KG_WEB_URL to point the
tests at an already running server instead. Chromium and chromedriver come from Debian
(`make system-deps`, which this module runs when they are missing); the npm assets from
`make web-assets` (also run when missing). Screenshots go to tests/artifacts/ (gitignored).
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from conftest import ARTIFACTS, ROOT, serving

import selenium  # noqa: F401  (a test dependency: missing it must fail, not skip)
from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
DOWNLOADS = ARTIFACTS / "downloads"
BASE = "https://w3id.org/gebiedsontwikkeling"
KNOWN_CASE = {"actor": "actor/gemeente", "area_type": "begrip/gebiedstype/laagveen", "theme": "begrip/thema/wonen"}
#: Registry instruments a municipality uses for housing that name no area type: they apply in laagveen too.
KNOWN_INSTRUMENTS = {f"{BASE}/id/instrument/{slug}" for slug in ("kostenverhaal", "voorkeursrecht", "prestatieafspraken")}


# -- fixtures ---------------------------------------------------------------------------------------

def _ensure_tools() -> None:
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        subprocess.run(["make", "system-deps"], cwd=ROOT, check=False)
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        pytest.fail("Chromium and chromedriver are needed: apt-get install -y chromium chromium-driver (make system-deps)")
    if not (ROOT / "web" / "static" / "vendor" / ".installed").exists():
        subprocess.run(["make", "web-assets"], cwd=ROOT, check=True)


@pytest.fixture(scope="module")
def web(request) -> str:
    """Base URL of the server under test: KG_WEB_URL, or the session `server` on the built graph."""
    url = os.environ.get("KG_WEB_URL")
    return url.rstrip("/") if url else request.getfixturevalue("server")


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    _ensure_tools()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    DOWNLOADS.mkdir(parents=True, exist_ok=True)
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run", "--window-size=1280,1000", "--lang=nl-NL",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"download.default_directory": str(DOWNLOADS),
                                              "download.prompt_for_download": False,
                                              "safebrowsing.enabled": False})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(90)
    driver.set_script_timeout(60)
    try:
        driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(DOWNLOADS)})
    except Exception:  # older drivers: the prefs above do the same
        pass
    yield driver
    driver.quit()


@pytest.fixture(autouse=True)
def dutch_first(browser):
    """Every test starts without the language cookie (Dutch is the default) and with an empty console log."""
    try:
        browser.delete_all_cookies()
        browser.get_log("browser")
    except Exception:
        pass
    yield


# -- helpers ----------------------------------------------------------------------------------------

def load(driver, url: str):
    driver.get(url)
    WebDriverWait(driver, 60).until(lambda d: d.execute_script("return document.readyState") == "complete")
    return driver


def console_errors(driver) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def shot(driver, name: str, full: bool = True) -> Path:
    """A screenshot in tests/artifacts/ (the whole page up to 5000 px high when `full`)."""
    path = ARTIFACTS / f"{name}.png"
    if full:
        height = driver.execute_script("return Math.min(5000, document.documentElement.scrollHeight)")
        driver.set_window_size(1280, max(800, height))
        driver.save_screenshot(str(path))
        driver.set_window_size(1280, 1000)
    else:
        driver.save_screenshot(str(path))
    return path


def wait(driver, condition, timeout: float = 60):
    return WebDriverWait(driver, timeout).until(condition)


def wait_for_download(name: str, since: float, timeout: float = 30) -> Path:
    deadline = time.monotonic() + timeout
    path = DOWNLOADS / name
    while time.monotonic() < deadline:
        if path.exists() and path.stat().st_mtime >= since - 1 and not list(DOWNLOADS.glob("*.crdownload")):
            return path
        time.sleep(0.2)
    raise AssertionError(f"{name} was not downloaded to {DOWNLOADS}: {sorted(p.name for p in DOWNLOADS.iterdir())}")


def get_json(url: str):
    req = urllib.request.Request(url, headers={"Accept": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.loads(r.read())


def unlabelled_controls(driver) -> list[str]:
    return driver.execute_script("""
        return Array.from(document.querySelectorAll('input, select, textarea, button'))
          .filter(e => e.type !== 'hidden' && e.offsetParent !== null)
          .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')
                       && !e.getAttribute('aria-labelledby') && !e.getAttribute('title')
                       && !(e.tagName === 'BUTTON' && e.textContent.trim()))
          .map(e => e.outerHTML.slice(0, 160));""")


# -- every page loads without console errors (and is screenshotted) --------------------------------

PAGES = [
    ("home", "/"),
    ("home-en", "/?lang=en"),
    ("search", "/zoeken?q=water"),
    ("entries-frameworks", "/ingangen/kaders"),
    ("entries-actors", "/ingangen/actoren"),
    ("entries-areas", "/ingangen/gebieden"),
    ("entries-themes", "/ingangen/themas"),
    ("entries-areatypes", "/ingangen/gebiedstypen"),
    ("question-empty", "/vraag"),
    ("question-area", "/vraag?area=gebied/novex-groene-hart&theme=begrip/thema/water"),
    ("resource-framework", "/id/kader/krw"),
    ("resource-framework-en", "/doc/kader/nhv?lang=en"),
    ("resource-actor", "/doc/actor/gemeente"),
    ("resource-passage", "/doc/passage/002-248-250"),
    ("resource-term", "/def/PolicyFramework"),
    ("network", "/netwerk"),
    ("plan", "/plan"),
    ("audit", "/audit"),
    ("sparql", "/sparql"),
]


@pytest.mark.parametrize("name,path", PAGES, ids=[p[0] for p in PAGES])
def test_page_loads_without_console_errors(browser, web, name, path):
    load(browser, web + path)
    if name == "network":
        wait(browser, lambda d: d.find_element(By.ID, "network").get_attribute("data-ready") == "true", 90)
    if name == "sparql":
        wait(browser, lambda d: d.execute_script("return !!(window.kgYasgui && document.querySelector('.CodeMirror'))"))
    shot(browser, f"page-{name}")
    assert browser.find_element(By.TAG_NAME, "h1").text.strip()
    assert browser.execute_script("return document.documentElement.lang") in ("nl", "en")
    assert console_errors(browser) == []


def test_source_passage_opens(browser, web):
    """A resource page links each cited passage; with the source texts configured it opens in the text."""
    load(browser, web + "/doc/kader/nhv")
    links = browser.find_elements(By.CSS_SELECTOR, "a.open-passage")
    assert links, "the cited passages should open (the source texts sit beside the checkout)"
    href = links[0].get_attribute("href")
    load(browser, href)
    cited = browser.find_elements(By.CSS_SELECTOR, "pre.sourcetext .cited")
    assert cited and all(c.text.strip() or True for c in cited)
    shot(browser, "source-passage", full=False)
    assert console_errors(browser) == []


# -- search and the guided question -----------------------------------------------------------------

def test_search_finds_alternative_labels(browser, web):
    load(browser, web + "/")
    box = browser.find_element(By.ID, "home-q")
    box.send_keys("KRW", Keys.ENTER)
    wait(browser, EC.presence_of_element_located((By.CSS_SELECTOR, "ol.results li")))
    first = browser.find_element(By.CSS_SELECTOR, "ol.results li a")
    assert first.get_attribute("href").endswith("/doc/kader/krw")      # "KRW" is an altLabel
    assert "Kaderrichtlijn Water" in first.text


def test_guided_question_known_case(browser, web):
    """'Which instruments apply to a gemeente building homes in a laagveen area?' through the form;
    the page gives the same answer as /api/instruments, the URL is shareable and the CSV downloads."""
    load(browser, web + "/vraag")
    Select(browser.find_element(By.ID, "q-actor")).select_by_value(KNOWN_CASE["actor"])
    Select(browser.find_element(By.ID, "q-area-type")).select_by_value(KNOWN_CASE["area_type"])
    Select(browser.find_element(By.ID, "q-theme")).select_by_value(KNOWN_CASE["theme"])
    browser.find_element(By.ID, "q-submit").click()
    wait(browser, EC.presence_of_element_located((By.ID, "answer-title")))
    shot(browser, "question-known-case")
    assert console_errors(browser) == []

    query = dict(urllib.parse.parse_qsl(urllib.parse.urlparse(browser.current_url).query))
    assert query == KNOWN_CASE                                          # the URL is the question
    api = get_json(web + "/api/instruments?" + urllib.parse.urlencode(KNOWN_CASE))
    api_items = {(r["kind"], r["item"]) for r in api["rows"]}
    rows = browser.find_elements(By.CSS_SELECTOR, "section.kind tr[data-item]")
    page_items = {(r.find_element(By.XPATH, "ancestor::section[@data-kind]").get_attribute("data-kind"),
                   r.get_attribute("data-item")) for r in rows}
    assert page_items and page_items <= api_items
    # every item that explicitly matches the question is shown, most relevant first
    explicit = {(r["kind"], r["item"]) for r in api["rows"] if int(r["relevance"]) > 0}
    assert explicit <= page_items
    instruments = [r for r in api["rows"] if r["kind"] == "instrument"]
    assert instruments, "the known case has instruments"
    assert [int(r["relevance"]) for r in instruments] == sorted((int(r["relevance"]) for r in instruments), reverse=True)
    shown = browser.find_elements(By.CSS_SELECTOR, "section[data-kind=instrument] tr[data-item]")
    assert shown[0].get_attribute("data-item") == instruments[0]["item"]
    assert KNOWN_INSTRUMENTS <= {r.get_attribute("data-item") for r in shown}
    # each row cites a source passage
    assert all(r.find_elements(By.CSS_SELECTOR, "td.sources a.src") for r in shown[:20])
    # legal force is shown for instruments
    assert any(r.find_elements(By.CSS_SELECTOR, "td:nth-child(2) a") for r in shown)

    # the CSV download gives the API's answer
    since = time.time()
    browser.find_element(By.ID, "csv-link").click()
    path = wait_for_download("instruments.csv", since)
    with path.open(encoding="utf-8") as f:
        csv_items = {(r["kind"], r["item"]) for r in csv.DictReader(f)}
    assert csv_items == api_items

    # the share link reproduces the page
    share = browser.find_element(By.ID, "share-link").get_attribute("href")
    load(browser, share)
    again = {r.get_attribute("data-item") for r in browser.find_elements(By.CSS_SELECTOR, "section.kind tr[data-item]")}
    assert again == {item for _, item in page_items}


def test_guided_question_named_area(browser, web):
    """A named area stands for its area types (Groene Hart: laagveen, ...)."""
    load(browser, web + "/vraag")
    Select(browser.find_element(By.ID, "q-area")).select_by_value("gebied/novex-groene-hart")
    browser.find_element(By.ID, "q-submit").click()
    wait(browser, EC.presence_of_element_located((By.ID, "answer-title")))
    types = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "p.area-types a")]
    assert any(t.endswith("/gebiedstype/laagveen") for t in types)
    assert browser.find_elements(By.CSS_SELECTOR, "section[data-kind] tr[data-item]")
    assert console_errors(browser) == []


def test_resource_page_groups_and_provenance(browser, web):
    load(browser, web + "/doc/kader/nhv")
    groups = [h.text for h in browser.find_elements(By.CSS_SELECTOR, "section.group h2")]
    assert "Kenmerken" in groups
    assert browser.find_elements(By.CSS_SELECTOR, "section.provenance ul.sources li")
    assert browser.find_elements(By.CSS_SELECTOR, "section.incoming dl dt")
    out = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "section.links-out a")]
    assert any("eli" in h or "wetten.overheid.nl" in h for h in out), out
    alternates = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "p.alternates a")]
    assert any(h.endswith("format=turtle") for h in alternates)
    shot(browser, "resource-nhv")


# -- SPARQL editor ----------------------------------------------------------------------------------

def test_sparql_editor_runs_a_query_and_downloads_csv(browser, web):
    load(browser, web + "/sparql")
    wait(browser, lambda d: d.execute_script("return !!(window.kgYasgui && window.kgYasgui.getTab())"))
    # the saved queries are the example menu
    Select(browser.find_element(By.ID, "example-select")).select_by_value("instruments")
    assert "go:Instrument" in browser.execute_script("return window.kgYasgui.getTab().getYasqe().getValue()")
    query = ("PREFIX go: <https://w3id.org/gebiedsontwikkeling/def/>\n"
             "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
             "SELECT ?kader ?label WHERE { ?kader a go:PolicyFramework ; skos:prefLabel ?label "
             "FILTER(lang(?label) = \"nl\" && CONTAINS(LCASE(?label), \"water\")) } ORDER BY ?label")
    browser.execute_script("window.kgYasgui.getTab().getYasqe().setValue(arguments[0])", query)
    # prefix insertion adds the project's prefixes
    browser.find_element(By.ID, "insert-prefixes").click()
    wait(browser, lambda d: "PREFIX kader:" in d.execute_script("return window.kgYasgui.getTab().getYasqe().getValue()"), 10)
    browser.find_element(By.CSS_SELECTOR, ".yasqe_queryButton").click()
    wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".yasr table tbody tr"))
    body = browser.find_element(By.CSS_SELECTOR, ".yasr").text
    assert "Kaderrichtlijn Water" in body
    # IRIs of the graph open on this server (offline), not on w3id.org
    wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, ".yasr table tbody a.iri").get_attribute("href")
         .startswith(web + "/doc/kader/"), 10)
    shot(browser, "sparql-results")
    # the results table sorts: clicking the label header reverses the order
    def first_label():
        return browser.find_element(By.CSS_SELECTOR, ".yasr table tbody tr td:nth-child(3)").text
    before = first_label()
    header = browser.find_elements(By.CSS_SELECTOR, ".yasr table thead th")[2]
    header.click()
    header.click()
    wait(browser, lambda d: first_label() != before, 10)
    assert console_errors(browser) == []

    since = time.time()
    browser.find_element(By.ID, "download-csv").click()
    path = wait_for_download("query-result.csv", since)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert rows and {"kader", "label"} <= set(rows[0])
    assert any(r["label"] == "Kaderrichtlijn Water" for r in rows)

    # a permalink reopens the editor with this query
    link = browser.execute_script("return window.kgYasgui.getTab().getShareableLink()")
    assert "#" in link and "query=" in link
    browser.execute_script("localStorage.clear()")
    load(browser, link)
    wait(browser, lambda d: d.execute_script("return !!(window.kgYasgui && window.kgYasgui.getTab())"))
    assert "go:PolicyFramework" in browser.execute_script("return window.kgYasgui.getTab().getYasqe().getValue()")


# -- plan validator and audit (kg.validate / kg.audit are built separately) ------------------------

GAP_PLAN = {"id": "web-test-leeg-laagveenplan", "area": {"areaType": ["laagveen"]}, "initiator": "gemeente"}


def test_plan_validator(browser, web):
    load(browser, web + "/plan")
    assert browser.find_element(By.ID, "plan-form").get_attribute("data-available") == "yes"
    # an uploaded example plan: the report is grouped by severity
    example = ROOT / "examples" / "hero-van-breda.ttl"
    browser.find_element(By.ID, "plan-file").send_keys(str(example))
    browser.find_element(By.ID, "plan-submit").click()
    wait(browser, lambda d: d.find_element(By.ID, "plan-report").get_attribute("data-conforms") in ("true", "false"))
    assert browser.find_elements(By.CSS_SELECTOR, "#plan-report section.severity")
    shot(browser, "plan-example-report")
    # a plan with known gaps: an empty laagveen plan misses required rules
    load(browser, web + "/plan")
    browser.find_element(By.ID, "plan-text").send_keys(json.dumps(GAP_PLAN))
    browser.find_element(By.ID, "plan-submit").click()
    wait(browser, lambda d: d.find_element(By.ID, "plan-report").get_attribute("data-conforms") in ("true", "false"))
    assert browser.find_element(By.ID, "plan-report").get_attribute("data-conforms") == "false"
    assert browser.find_elements(By.CSS_SELECTOR, "section[data-severity=Violation] li.finding, "
                                                  "section[data-severity=Warning] li.finding")
    shot(browser, "plan-gaps-report")
    assert console_errors(browser) == []


def test_audit_page(browser, web):
    load(browser, web + "/audit")
    assert browser.find_element(By.ID, "audit-filters").get_attribute("data-available") == "yes"
    wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#audit-findings li.finding, #audit-findings p.none"), 300)
    findings = browser.find_elements(By.CSS_SELECTOR, "#audit-findings li.finding")
    if findings:
        # an inconsistency shows both sources side by side, each with its cited passage
        pairs = [f for f in findings if len(f.find_elements(By.CSS_SELECTOR, ".side")) == 2]
        assert pairs, "no finding with two sides"
        assert all(s.find_elements(By.CSS_SELECTOR, "a") for s in pairs[0].find_elements(By.CSS_SELECTOR, ".side"))
        if browser.find_element(By.ID, "audit-filters").get_attribute("data-sources") == "yes":
            wait(browser, lambda d: d.find_element(By.ID, "audit-findings").get_attribute("data-passages") == "loaded", 30)
            assert pairs[0].find_elements(By.CSS_SELECTOR, ".side blockquote")
        types = Select(browser.find_element(By.ID, "audit-type")).options
        assert len(types) > 1
        Select(browser.find_element(By.ID, "audit-type")).select_by_index(1)
        kept = browser.find_elements(By.CSS_SELECTOR, "#audit-findings li.finding")
        assert kept and len(kept) <= len(findings)
        Select(browser.find_element(By.ID, "audit-type")).select_by_index(0)
        docs = Select(browser.find_element(By.ID, "audit-document"))
        docs.select_by_index(1)
        chosen = docs.first_selected_option.get_attribute("value")
        for f in browser.find_elements(By.CSS_SELECTOR, "#audit-findings li.finding")[:10]:
            assert chosen in f.text
    shot(browser, "audit-findings")
    assert console_errors(browser) == []


# -- koppelkansen network ---------------------------------------------------------------------------

def test_network_shortest_connection(browser, web):
    load(browser, web + "/netwerk")
    Select(browser.find_element(By.ID, "net-from")).select_by_value("kader/krw")
    Select(browser.find_element(By.ID, "net-to")).select_by_value("begrip/thema/wonen")
    browser.find_element(By.ID, "net-find").click()
    wait(browser, EC.presence_of_element_located((By.ID, "path-result")))
    nodes = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "#path-result li.node a")]
    assert nodes[0].endswith("/doc/kader/krw") and nodes[-1].endswith("/doc/begrip/thema/wonen")
    assert browser.find_elements(By.CSS_SELECTOR, "#path-result li.via a")
    wait(browser, lambda d: d.find_element(By.ID, "network").get_attribute("data-ready") == "true", 90)
    assert browser.find_elements(By.CSS_SELECTOR, "#network canvas")
    assert len(browser.find_elements(By.CSS_SELECTOR, "#table-degree tbody tr")) >= 5
    assert len(browser.find_elements(By.CSS_SELECTOR, "#table-communities tbody tr")) >= 2
    # the tables sort from the keyboard-reachable header buttons
    button = browser.find_elements(By.CSS_SELECTOR, "#table-degree thead th button.sort")[3]
    button.click()
    header = browser.find_elements(By.CSS_SELECTOR, "#table-degree thead th")[3]
    assert header.get_attribute("aria-sort") == "ascending"
    shot(browser, "network-krw-wonen")
    assert console_errors(browser) == []


# -- language, accessibility ------------------------------------------------------------------------

def test_language_switch_is_remembered(browser, web):
    load(browser, web + "/")
    browser.find_element(By.CSS_SELECTOR, "a.langswitch").click()
    wait(browser, lambda d: d.execute_script("return document.documentElement.lang") == "en")
    assert "Which frameworks apply?" in browser.find_element(By.TAG_NAME, "nav").text
    load(browser, web + "/vraag")                                      # no ?lang: the cookie keeps English
    assert browser.execute_script("return document.documentElement.lang") == "en"
    assert "Which frameworks and instruments apply?" in browser.find_element(By.TAG_NAME, "h1").text
    load(browser, web + "/?lang=nl")
    assert browser.execute_script("return document.documentElement.lang") == "nl"


@pytest.mark.parametrize("path", ["/", "/zoeken?q=groen", "/vraag?" + urllib.parse.urlencode(KNOWN_CASE),
                                  "/netwerk", "/plan", "/audit", "/sparql", "/doc/kader/krw"])
def test_form_fields_are_labelled(browser, web, path):
    load(browser, web + path)
    if path == "/sparql":
        wait(browser, lambda d: d.execute_script("return !!(window.kgYasgui && document.querySelector('.CodeMirror'))"))
    assert browser.execute_script("return document.documentElement.lang") in ("nl", "en")
    assert unlabelled_controls(browser) == []


def test_keyboard_reaches_the_question_form(browser, web):
    load(browser, web + "/vraag")
    body = browser.find_element(By.TAG_NAME, "body")
    body.click()
    seen = []
    for _ in range(40):
        browser.switch_to.active_element.send_keys(Keys.TAB)
        seen.append(browser.switch_to.active_element.get_attribute("id") or browser.switch_to.active_element.tag_name)
        if seen[-1] == "q-submit":
            break
    assert {"q-actor", "q-area-type", "q-theme", "q-submit"} <= set(seen), seen
    # the skip link is the first stop on every page
    load(browser, web + "/")
    first = browser.execute_script(
        "return document.querySelector('a[href], button, input, select, textarea, [tabindex]:not([tabindex=\"-1\"])')")
    assert "skip" in (first.get_attribute("class") or "")
    # choose and submit with the keyboard only
    load(browser, web + "/vraag")
    actor = browser.find_element(By.ID, "q-actor")
    actor.send_keys("gemeente")
    browser.find_element(By.ID, "q-submit").send_keys(Keys.ENTER)
    wait(browser, EC.presence_of_element_located((By.ID, "answer-title")))


# -- a label containing <script> renders inert ------------------------------------------------------

EVIL = '<script>window.__kgXss=1</script><img src=x onerror="window.__kgXss=2">'
EVIL_TTL = f"""
@prefix go: <https://w3id.org/gebiedsontwikkeling/def/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix kader: <https://w3id.org/gebiedsontwikkeling/id/kader/> .
@prefix instrument: <https://w3id.org/gebiedsontwikkeling/id/instrument/> .
@prefix koppelkans: <https://w3id.org/gebiedsontwikkeling/id/koppelkans/> .
@prefix actor: <https://w3id.org/gebiedsontwikkeling/id/actor/> .
@prefix thema: <https://w3id.org/gebiedsontwikkeling/id/begrip/thema/> .
@prefix actorsoort: <https://w3id.org/gebiedsontwikkeling/id/begrip/actorsoort/> .
@prefix passage: <https://w3id.org/gebiedsontwikkeling/id/passage/> .

kader:evil a go:PolicyFramework ; skos:prefLabel {json.dumps(EVIL + "Kwaadaardig kader")}@nl ;
    skos:altLabel {json.dumps(EVIL + "alt")}@nl ;
    go:theme thema:wonen ; go:binds actor:gemeente ; go:legalSource <javascript:alert(1)> ;
    prov:wasDerivedFrom passage:000-1-1 .
instrument:evil a go:Instrument ; skos:prefLabel {json.dumps(EVIL + "Kwaadaardig instrument")}@nl ;
    go:usedBy actor:gemeente ; go:theme thema:wonen ; go:serves kader:evil ;
    go:bindingRoute {json.dumps(EVIL + "route")}@nl ; prov:wasDerivedFrom passage:000-1-1 .
koppelkans:evil a go:Koppelkans ; skos:prefLabel {json.dumps(EVIL + "Kwaadaardige koppelkans")}@nl ;
    go:connects kader:evil , thema:wonen , actor:gemeente ; prov:wasDerivedFrom passage:000-1-1 .
actor:gemeente a go:Actor ; skos:prefLabel "gemeente"@nl ; go:actorType actorsoort:gemeente .
thema:wonen a go:Theme ; skos:prefLabel {json.dumps(EVIL + "wonen")}@nl .
"""


@pytest.fixture(scope="module")
def evil_server(tmp_path_factory):
    """`kg serve` on a tiny graph (the ontology plus resources whose labels carry markup)."""
    tmp = tmp_path_factory.mktemp("evil")
    ttl = tmp / "evil.ttl"
    ttl.write_text(EVIL_TTL, encoding="utf-8")
    store = tmp / "store"
    code = ("import sys; from pathlib import Path; from kg import build, config; "
            "files = {'default': sorted((config.HOME / 'ontology').glob('*.ttl')) + [Path(sys.argv[1])]}; "
            "build.write(build.enrich(build.read(files, config.BASE), config.BASE), Path(sys.argv[2]))")
    subprocess.run([sys.executable, "-c", code, str(ttl), str(store)], check=True, timeout=300)
    with serving(store, tmp / "server.log") as url:
        yield url


@pytest.mark.parametrize("path", ["/doc/kader/evil", "/zoeken?q=kwaadaardig", "/ingangen/kaders", "/",
                                  "/vraag?actor=actor/gemeente&theme=begrip/thema/wonen",
                                  "/netwerk?van=kader/evil&naar=begrip/thema/wonen", "/doc/actor/gemeente"])
def test_script_in_label_renders_inert(browser, evil_server, path):
    load(browser, evil_server + path)
    if path.startswith("/netwerk"):
        wait(browser, lambda d: d.find_element(By.ID, "network").get_attribute("data-ready") == "true", 90)
    time.sleep(0.3)
    assert browser.execute_script("return window.__kgXss") is None
    assert "<script>window.__kgXss=1</script>" in browser.find_element(By.TAG_NAME, "body").text  # shown as text
    assert not browser.execute_script(
        "return Array.from(document.scripts).some(s => s.textContent.includes('__kgXss'))")
    assert not browser.find_elements(By.CSS_SELECTOR, "img[src=x]")
    assert not browser.find_elements(By.CSS_SELECTOR, "a[href^='javascript:']")
    assert console_errors(browser) == []
    if path == "/doc/kader/evil":
        shot(browser, "xss-inert-resource")


def test_script_in_label_inert_in_sparql_results(browser, evil_server):
    load(browser, evil_server + "/sparql")
    wait(browser, lambda d: d.execute_script("return !!(window.kgYasgui && window.kgYasgui.getTab())"))
    browser.execute_script("window.kgYasgui.getTab().getYasqe().setValue(arguments[0])",
                           "SELECT ?s ?label WHERE { ?s <http://www.w3.org/2004/02/skos/core#prefLabel> ?label "
                           "FILTER(CONTAINS(?label, 'Kwaadaardig')) }")
    browser.find_element(By.CSS_SELECTOR, ".yasqe_queryButton").click()
    wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".yasr table tbody tr"))
    time.sleep(0.3)
    assert browser.execute_script("return window.__kgXss") is None
    assert "<script>window.__kgXss=1</script>" in browser.find_element(By.CSS_SELECTOR, ".yasr").text
    assert not browser.find_elements(By.CSS_SELECTOR, ".yasr img[src=x]")
    shot(browser, "xss-inert-sparql")
    assert console_errors(browser) == []
