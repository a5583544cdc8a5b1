"""The browser for policy officers (HTML pages), Dutch first with an English switch.

    /                 search box and entry points per framework, actor, area, area type and theme
    /zoeken?q=        search across labels (nl/en preferred and alternative labels)
    /ingangen/<soort> full entry lists (kaders, actoren, gebieden, gebiedstypen, themas)
    /vraag            "Welke kaders en instrumenten zijn van toepassing?" (shareable URL), /vraag.csv
    /netwerk          the koppelkansen network (kg.network), /netwerk/data.json for the picture
    /bron/<doc>/<a>-<b>  a cited passage in its source text (when KG_SOURCES is configured)
    /plan             plan validator page (POSTs to /api/validate from the browser)
    /audit            audit page (GETs /api/audit from the browser)
    /sparql/prefixes.json  prefixes for the SPARQL editor's autocompletion
    /editor           -> /sparql (the editor itself is templates/sparql.html)

The language is ?lang=en|nl (remembered in a cookie) or the cookie; Dutch by default. Every query
is a saved query in queries/ (queries/web/ for the pages' own); the guided question runs
queries/instruments.rq through kg.web.api.run_saved, the code path of /api/instruments.
"""

from __future__ import annotations

import csv
import io
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

from flask import (Blueprint, Response, abort, current_app, jsonify, redirect, render_template, request,
                   url_for)

from .. import config, i18n, queries
from ..errors import KGError
from ..network import Network
from ..sparql import PREFIXES
from . import cache
from .api import INSTRUMENT_PARAMS, run_saved

bp = Blueprint("pages", __name__)

COOKIE = cache.LANG_COOKIE
KIND_ORDER = ("kader", "keuze", "instrument", "doel", "koppelkans")
ENTRY_LISTS = {  # path segment -> (saved query, UI string key)
    "kaders": ("web/frameworks", "entry.frameworks"),
    "actoren": ("web/actors", "entry.actors"),
    "gebieden": ("web/areas", "entry.areas"),
    "gebiedstypen": ("web/area-types", "entry.areatypes"),
    "themas": ("web/themes", "entry.themes"),
}
SOURCE_LABEL = re.compile(r"^(\d{3}):(\d+)(?:-(\d+))?$")
_lock = threading.Lock()


# -- language -------------------------------------------------------------------------------------

def current_lang() -> str:
    asked = request.args.get("lang")
    if asked in i18n.LANGS:
        return asked
    cookie = request.cookies.get(COOKIE)
    return cookie if cookie in i18n.LANGS else i18n.DEFAULT


def lang_url(lang: str) -> str:
    args = request.args.to_dict(flat=False)
    args["lang"] = [lang]
    return request.path + "?" + urlencode(args, doseq=True)


@bp.app_context_processor
def inject():
    lang = current_lang()
    return {"ui_lang": lang, "t": lambda key: i18n.t(key, lang), "lang_url": lang_url,
            "pick": lambda nl, en=None: i18n.pick(lang, nl, en), "saved_queries": saved_queries,
            "short_iri": short_iri, "source_links": source_links,
            "fallback_label": fallback_label}


@bp.after_app_request
def remember_lang(response):
    asked = request.args.get("lang")
    if asked in i18n.LANGS and response.mimetype == "text/html" and request.cookies.get(COOKIE) != asked:
        response.set_cookie(COOKIE, asked, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    return response


# -- helpers --------------------------------------------------------------------------------------

def rows(name: str, values: dict | None = None) -> list[dict]:
    """Rows of a saved query (kept per store version by run_saved)."""
    return run_saved(name, values or {}).rows()


def short_iri(iri: str) -> str:
    """{base}/id/actor/gemeente -> actor/gemeente (the short form the API accepts)."""
    prefix = current_app.config["KG_BASE"] + "/id/"
    return iri[len(prefix):] if iri.startswith(prefix) else iri


def fallback_label(iri: str) -> str:
    """A readable name when the graph has no label: the last part of the IRI, dashes as spaces."""
    return iri.rstrip("/").rsplit("/", 1)[-1].replace("-", " ")


def expand(value: str) -> str:
    return value if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", value) else f"{current_app.config['KG_BASE']}/id/{value}"


def local_path(iri: str) -> str:
    return current_app.jinja_env.filters["localpath"](iri)


@bp.app_template_filter("href")
def href(iri: str | None) -> str | None:
    """A link target for an IRI: our own IRIs stay on this server (/id/... as /doc/...), http(s) IRIs are left as they are,
    anything else (javascript:, data:, urn:, ...) is no link at all (None)."""
    if not iri:
        return None
    local = local_path(iri)
    if local.startswith("/id/"):  # straight to the document (saves the 303 See Other)
        return "/doc/" + local[len("/id/"):]
    if local.startswith("/") and not local.startswith("//"):
        return local
    return iri if re.match(r"^https?://", iri, re.I) else None


def source_links(sources: str | None) -> list[dict]:
    """'004:392, 001:1604-1621' -> links to the passage pages and (when configured) the source text."""
    out = []
    for part in (sources or "").split(","):
        part = part.strip()
        m = SOURCE_LABEL.match(part)
        if not m:
            if part:
                out.append({"label": part, "passage": None, "text": None})
            continue
        doc, start, end = m.group(1), int(m.group(2)), int(m.group(3) or m.group(2))
        out.append({"label": part, "doc": doc,
                    "passage": f"/doc/passage/{doc}-{start}-{end}",
                    "text": f"/bron/{doc}/{start}-{end}#regel-{start}" if sources_configured() else None})
    return out


def sources_configured() -> bool:
    """Whether the source texts (KG_SOURCES) are here; checked once per app."""
    known = current_app.extensions.get("kg_sources_present")
    if known is None:
        known = config.SOURCES_DIR.is_dir() and any(config.SOURCES_DIR.glob("*_*.txt"))
        current_app.extensions["kg_sources_present"] = known
    return known


def saved_queries() -> list:
    return sorted(queries.load_all().values(), key=lambda q: (q.name.startswith("web/"), q.name))


def network() -> Network:
    net = current_app.extensions.get("kg_network")
    if net is None:
        with _lock:
            net = current_app.extensions.get("kg_network")
            if net is None:
                net = Network.from_store(current_app.extensions["kg_store"])
                net.communities()
                net.betweenness  # noqa: B018 - computed once, up front
                current_app.extensions["kg_network"] = net
    return net


def has_route(path: str) -> bool:
    return any(rule.rule == path for rule in current_app.url_map.iter_rules())


# -- home, search, entry lists --------------------------------------------------------------------

@bp.get("/")
def home():
    frameworks = sorted(rows("web/frameworks"), key=lambda r: -(int(r["parts"]) + int(r["koppelkansen"])))[:16]
    actors = [r for r in rows("web/actors") if r.get("generic") == "true"][:18]
    areas = [r for r in rows("web/areas") if r.get("class", "").endswith("/NovexArea")]
    return render_template("home.html", frameworks=frameworks, actors=actors, areas=areas,
                           themes=rows("web/themes"), area_types=rows("web/area-types"))


@bp.get("/zoeken")
def search():
    q = request.args.get("q", "").strip()
    results = rows("web/search", {"q": q[:200]}) if q else []
    return render_template("search.html", q=q, results=results)


@bp.get("/ingangen/<which>")
def entries(which: str):
    if which not in ENTRY_LISTS:
        abort(404)
    name, title = ENTRY_LISTS[which]
    return render_template("entries.html", which=which, title_key=title, items=rows(name))


# -- the guided question --------------------------------------------------------------------------

QUESTION_FIELDS = ("actor", "area_type", "area", "theme", "framework")


def question_params() -> dict[str, str]:
    return {k: request.args.get(k, "").strip() for k in QUESTION_FIELDS if request.args.get(k, "").strip()}


def answer(params: dict[str, str]) -> dict:
    """Run queries/instruments.rq for the chosen actor/area type/theme/framework. A named area stands
    for its area types: the query runs once per area type (leaving out types broader than another
    one of the area) and the answers are merged (highest relevance kept)."""
    values = {k: v for k, v in params.items() if k in INSTRUMENT_PARAMS}
    area = None
    area_types: list[str] = []
    if params.get("area"):
        area_iri = expand(params["area"])
        area = next((r for r in rows("web/areas") if r["item"] == area_iri), None)
        if area is None:
            raise KGError(f"onbekend gebied: {params['area']!r}", status=400)
        if not values.get("area_type"):
            area_types = [t for t in area.get("areaTypes", "").split() if t]
            # an area type broader than another of the area's types adds nothing (its answer is contained)
            broader = {r["item"]: set((r.get("broader") or "").split()) for r in rows("web/area-types")}
            covered = set().union(*(broader.get(t, set()) for t in area_types)) if area_types else set()
            runs_for = [t for t in area_types if t not in covered]
            area_types = runs_for or area_types
    runs = [dict(values, area_type=t) for t in area_types] or [values]
    merged: dict[tuple, dict] = {}
    variables: list[str] = []
    if len(runs) > 1:  # pyoxigraph evaluates queries without the GIL: run the area types side by side
        app = current_app._get_current_object()

        def one(run):
            with app.app_context():
                return run_saved("instruments", run)
        with ThreadPoolExecutor(max_workers=min(4, len(runs))) as pool:
            results = list(pool.map(one, runs))
    else:
        results = [run_saved("instruments", runs[0])]
    for result in results:
        variables = result.variables
        for r in result.rows():
            key = (r["kind"], r["item"])
            r["relevance"] = int(r.get("relevance") or 0)
            if key not in merged or r["relevance"] > merged[key]["relevance"]:
                merged[key] = r
    # stable: within a kind and relevance the query's order (by label) stays
    found = sorted(merged.values(), key=lambda r: (KIND_ORDER.index(r["kind"]) if r["kind"] in KIND_ORDER else 99,
                                                   -r["relevance"]))
    sections = []
    for kind in KIND_ORDER:
        items = [r for r in found if r["kind"] == kind]
        if items:
            sections.append({"kind": kind, "explicit": [r for r in items if r["relevance"] > 0],
                             "general": [r for r in items if r["relevance"] == 0], "count": len(items)})
    return {"rows": found, "variables": variables, "sections": sections, "area": area, "area_types": area_types}


@bp.get("/vraag")
def question():
    params = question_params()
    result = answer(params) if params else None
    query_string = urlencode(params)
    api_params = {k: v for k, v in params.items() if k in INSTRUMENT_PARAMS}
    links = {
        "share": url_for("pages.question", _external=True) + ("?" + query_string if query_string else ""),
        "csv": url_for("pages.question_csv") + "?" + query_string,
        "api": None if "area" in params else url_for("api.instruments") + "?" + urlencode(api_params),
    }
    labels = {}
    for name in ("web/actors", "web/area-types", "web/areas", "web/themes", "web/frameworks"):
        for r in rows(name):
            labels[r["item"]] = i18n.pick(current_lang(), r.get("label"), r.get("labelEn")) or fallback_label(r["item"])
    return render_template("question.html", params=params, result=result, links=links, labels=labels,
                           expand=expand, actors=rows("web/actors"), area_types=rows("web/area-types"),
                           areas=rows("web/areas"), themes=rows("web/themes"), frameworks=rows("web/frameworks"))


@bp.get("/vraag.csv")
def question_csv():
    params = question_params()
    if not params:
        raise KGError("kies ten minste één van: " + ", ".join(QUESTION_FIELDS))
    result = answer(params)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=result["variables"], extrasaction="ignore")
    writer.writeheader()
    writer.writerows(result["rows"])
    return Response(out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="instruments.csv"'})


# -- source text ----------------------------------------------------------------------------------

@bp.get("/bron/<doc>/<int:start>-<int:end>")
def source_text(doc: str, start: int, end: int):
    from ..citations import seed_lines

    if not re.fullmatch(r"\d{3}", doc) or start < 1 or end < start:
        abort(404)
    context = min(max(request.args.get("context", 12, type=int), 0), 400)
    try:
        lines = seed_lines(doc, config.SOURCES_DIR)
    except FileNotFoundError:
        return render_template("source.html", doc=doc, start=start, end=end, lines=None, context=context), 404
    if start > len(lines):
        abort(404)
    first, last = max(1, start - context), min(len(lines), end + context)
    shown = [(n, lines[n - 1]) for n in range(first, last + 1)]
    title = next((r.get("title") for r in rows("web/documents") if r["doc"].endswith("/" + doc)), None)
    return render_template("source.html", doc=doc, start=start, end=end, lines=shown, context=context,
                           title=title, total=len(lines))


PASSAGE_KEY = re.compile(r"^(\d{3})-(\d+)-(\d+)$")


@bp.get("/bron/passages.json")
def passage_texts():
    """The text of cited passages, {"002-248-250": "...", ...} (null when the source texts are not
    configured); at most 300 passages and 80 lines each. For pages that show passages side by side."""
    from ..citations import seed_lines

    out: dict[str, str | None] = {}
    cache: dict[str, tuple | None] = {}
    for key in request.args.getlist("p")[:300]:
        m = PASSAGE_KEY.match(key)
        if not m:
            continue
        doc, start, end = m.group(1), int(m.group(2)), int(m.group(3))
        if doc not in cache:
            try:
                cache[doc] = seed_lines(doc, config.SOURCES_DIR)
            except FileNotFoundError:
                cache[doc] = None
        lines = cache[doc]
        out[key] = "\n".join(lines[start - 1:min(end, start + 79)]) if lines and 1 <= start <= end else None
    return jsonify(out)


# -- network --------------------------------------------------------------------------------------

def network_choice(net: Network) -> dict:
    lang = current_lang()
    a = request.args.get("van") or ""
    b = request.args.get("naar") or ""
    base = current_app.config["KG_BASE"]
    if not a and not b:  # the example question: how does KRW connect to housing?
        a = f"{base}/id/kader/krw"
        b = f"{base}/id/begrip/thema/wonen"
    a_node = net.find(expand(a)) or net.find(a) if a else None
    b_node = net.find(expand(b)) or net.find(b) if b else None
    steps = net.shortest_connection(a_node, b_node) if a_node and b_node else None
    path = [a_node] + [s["to"] for s in steps] if steps else []
    mode = request.args.get("toon", "path" if path else "top")
    community = request.args.get("gemeenschap", type=int)
    return {"from": a_node, "to": b_node, "steps": steps, "path": path, "mode": mode, "community": community,
            "lang": lang}


@bp.get("/netwerk")
def network_page():
    net = network()
    choice = network_choice(net)
    lang = choice["lang"]
    nodes = sorted(net.graph.nodes, key=lambda n: net.label(n, lang).lower())
    return render_template("network.html", net=net, choice=choice, nodes=nodes,
                           top_degree=net.centrality(limit=25, by="degree"),
                           top_betweenness=net.centrality(limit=25, by="betweenness"),
                           communities=net.communities(),
                           data_url=url_for("pages.network_data") + ("?" + request.query_string.decode("latin-1")
                                                                     if request.query_string else ""))


@bp.get("/netwerk/data.json")
def network_data():
    net = network()
    choice = network_choice(net)
    nodes = net.subgraph_nodes(choice["mode"], choice["community"], choice["path"])
    return jsonify(net.to_vis(nodes, choice["lang"], choice["path"], local=href))


# -- plan, audit, SPARQL helpers ------------------------------------------------------------------

EXAMPLE_SUFFIXES = (".ttl", ".json", ".jsonld")


def example_plans() -> list[str]:
    d = config.EXAMPLES_DIR
    return sorted(p.name for p in d.iterdir() if p.suffix in EXAMPLE_SUFFIXES) if d.is_dir() else []


@bp.get("/plan")
def plan():
    return render_template("plan.html", examples=example_plans(), available=has_route("/api/validate"))


@bp.get("/plan/voorbeeld/<name>")
def plan_example(name: str):
    if name not in example_plans():
        abort(404)
    text = (config.EXAMPLES_DIR / name).read_text(encoding="utf-8")
    return Response(text, mimetype="text/plain", headers={"X-Content-Type-Options": "nosniff"})


@bp.get("/audit")
def audit():
    return render_template("audit.html", available=has_route("/api/audit"))


@bp.get("/editor")
def editor():
    return redirect(url_for("sparql.endpoint"), code=302)


@bp.get("/sparql/prefixes.json")
def sparql_prefixes():
    ns = dict(PREFIXES)
    base = current_app.config["KG_BASE"]
    for name in ("kader", "instrument", "actor", "gebied", "koppelkans", "doel", "indicator", "keuze", "knelpunt",
                 "aanbeveling", "bewering", "bron", "passage", "rol", "bijdrage"):
        ns[name] = f"{base}/id/{name}/"
    for name in ("gebiedstype", "thema", "kadersoort", "bestuurslaag", "rechtskracht", "status", "instrumentsoort"):
        ns[name] = f"{base}/id/begrip/{name}/"
    ns["go"] = f"{base}/def/"
    return jsonify(ns)
