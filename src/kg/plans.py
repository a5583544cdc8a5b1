"""Reading an area plan (go:AreaPlan) from Turtle, JSON-LD or plain JSON into pyoxigraph triples.

Three input forms give the same triples:

* Turtle, with the project's prefixes (see examples/*.ttl);
* JSON-LD whose ``@context`` is the published plan context
  (``https://w3id.org/gebiedsontwikkeling/def/plan-context.jsonld``, applied from the local copy
  ``ontology/plan-context.jsonld``) or an inline context object;
* plain JSON without ``@context``: the plan context is applied implicitly, so a tool can POST
  ``{"id": "mijn-plan", "area": {"areaType": ["laagveen"]}, "greenShare": 30}``.

Remote contexts are never fetched: any ``@context`` given as a URL other than the published plan
context (and any ``@import``) is refused. In both JSON forms short names are expanded with the
field's default prefix (``"laagveen"`` in ``areaType`` becomes ``gebiedstype:laagveen``) and JSON
numbers become exact decimal literals.

After parsing, :func:`check` rejects what the validator cannot judge fairly: no go:AreaPlan, a
value of the wrong datatype, a literal where a reference is expected, a field or reference the
knowledge graph does not know. Every problem names the field (and the plan) it is about; the
KGError carries them all in ``details`` (exit 2 / HTTP 400). Nothing is stored.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox

from . import config
from .errors import KGError

CANON = config.CANONICAL_BASE
GO = f"{CANON}/def/"
PLAN_BASE = f"{CANON}/id/plan/"
ID_BASE = f"{CANON}/id/"
CONTEXT_URL = f"{CANON}/def/plan-context.jsonld"
CONTEXT_PATH = config.ONTOLOGY_DIR / "plan-context.jsonld"

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
AREA_PLAN = ox.NamedNode(GO + "AreaPlan")
XSD = "http://www.w3.org/2001/XMLSchema#"

#: Default prefix for short names, per JSON field.
DEFAULT_PREFIX = {
    "areaType": "gebiedstype", "province": "actor", "municipality": "actor", "withinArea": "gebied",
    "initiator": "actor", "responsible": "actor", "involves": "actor", "frameworks": "kader",
    "instruments": "instrument", "targets": "doel", "koppelkansen": "koppelkans", "themes": "thema",
    "includes": "planonderdeel", "planType": "plansoort", "phase": "planfase",
    "influenceLevel": "participatieniveau",
}
#: Type given to nested objects without one (plain JSON convenience).
NESTED_TYPE = {"area": "Area", "management": "PlanArrangement", "financing": "PlanArrangement",
               "participation": "PlanArrangement", "monitoring": "PlanArrangement"}
#: What a reference in a field is, for error messages.
FIELD_KIND = {
    "areaType": "area type", "province": "province", "municipality": "municipality",
    "withinArea": "named area", "initiator": "actor", "responsible": "actor", "involves": "actor",
    "frameworks": "framework", "instruments": "instrument", "targets": "target",
    "koppelkansen": "koppelkans", "themes": "theme", "includes": "plan component",
    "planType": "plan type", "phase": "phase", "influenceLevel": "participation level",
}
#: go: properties that are not in the plan context but may appear in Turtle plans.
EXTRA_REFERENCE_PROPS = {GO + "actorType": "actor type"}

_DROP = object()  # marks a JSON value that was reported and must not reach the graph
_DECIMAL = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_INTEGER = re.compile(r"^[+-]?\d+$")
#: Numbers must have at most this many digits before and after the decimal point: XML Schema asks
#: every processor to handle 18 digits, and beyond them the engines part ways (pyoxigraph and the
#: shacl engine hold xsd:integer in 64 bits and xsd:decimal with 18 fraction digits; pySHACL is exact),
#: so a plan with such a number could get different findings from different engines.
MAX_DIGITS = 18


@dataclass
class Plan:
    """Parsed input: its triples and the plan nodes (subjects typed go:AreaPlan)."""

    triples: list[ox.Triple]
    plans: list[ox.NamedNode]
    fmt: str
    problems: list[str] = field(default_factory=list)   # found while reading; check() reports them


_CACHE: dict = {}


def _cached(name: str, build):
    """Values derived from the context file, recomputed when the file changes."""
    mtime = CONTEXT_PATH.stat().st_mtime
    if _CACHE.get("mtime") != mtime:
        _CACHE.clear()
        _CACHE["mtime"] = mtime
    if name not in _CACHE:
        _CACHE[name] = build()
    return _CACHE[name]


def context() -> dict:
    """The plan JSON-LD context (the inner object), from ontology/plan-context.jsonld."""
    return _cached("context", lambda: json.loads(CONTEXT_PATH.read_text(encoding="utf-8"))["@context"])


def prefixes() -> dict[str, str]:
    def build():
        ctx = context()
        return {k: v for k, v in ctx.items() if isinstance(v, str) and not k.startswith("@") and v.endswith(("/", "#"))}
    return _cached("prefixes", build)


def terms() -> dict[str, dict]:
    """JSON field name -> {'iri': full IRI, 'type': '@id' | datatype IRI | None}."""
    def build():
        ctx, pfx = context(), prefixes()

        def expand(curie: str) -> str:
            p, _, local = curie.partition(":")
            return pfx[p] + local if p in pfx else curie

        out = {}
        for k, v in ctx.items():
            if k.startswith("@") or k in pfx:
                continue
            if isinstance(v, str):
                out[k] = {"iri": expand(v), "type": None}
            else:
                t = v.get("@type")
                out[k] = {"iri": expand(v["@id"]), "type": t if t in (None, "@id", "@vocab") else expand(t)}
        return out
    return _cached("terms", build)


def short(iri: str) -> str:
    """Compact an IRI with the plan context's prefixes (for messages)."""
    pfx = prefixes()
    best = None
    for p, ns in pfx.items():
        if iri.startswith(ns) and (best is None or len(ns) > len(pfx[best])):
            best = p
    return f"{best}:{iri[len(pfx[best]):]}" if best else iri


# --------------------------------------------------------------------------------------------
# Parsing


def parse(data: bytes | str, fmt: str | None = None, *, knowledge=None) -> Plan:
    """Parse a plan. fmt: 'turtle', 'jsonld', 'json' or None (sniffed). Raises KGError (400).

    With ``knowledge`` (a pyoxigraph Store with the knowledge graph), references and fields are
    checked against it (see :func:`check`).
    """
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    if fmt is None:
        fmt = "json" if text.lstrip().startswith(("{", "[")) else "turtle"
    try:
        if fmt in ("ttl", "turtle"):
            plan = _parse_turtle(text)
        elif fmt in ("json", "jsonld", "json-ld"):
            plan = _parse_json(text)
        else:
            raise KGError(f"unknown plan format {fmt!r}: use turtle, jsonld or json")
    except RecursionError:  # JSON or JSON-LD nested thousands deep: refuse instead of crashing
        raise KGError("plan input nests too deeply to be a plan") from None
    check(plan, knowledge)
    return plan


def parse_file(path: Path | str, fmt: str | None = None, *, knowledge=None) -> Plan:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise KGError(f"cannot read plan {path}: {e.strerror}") from None
    if fmt is None and path.suffix in (".ttl",):
        fmt = "turtle"
    elif fmt is None and path.suffix in (".json", ".jsonld"):
        fmt = "json"
    try:
        return parse(data, fmt, knowledge=knowledge)
    except UnicodeDecodeError:
        raise KGError(f"{path.name}: not UTF-8 text") from None
    except KGError as e:
        raise KGError(f"{path.name}: {e}", status=e.status, details=e.details) from None


def _parse_turtle(text: str) -> Plan:
    try:
        triples = [q.triple for q in ox.parse(text.encode("utf-8"), format=ox.RdfFormat.TURTLE, base_iri=PLAN_BASE)]
    except SyntaxError as e:
        raise KGError(f"Turtle syntax error: {e}") from None
    return Plan(triples=triples, plans=[], fmt="turtle")


def _parse_json(text: str) -> Plan:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        raise KGError(f"JSON syntax error at line {e.lineno}, column {e.colno}: {e.msg}") from None
    if not isinstance(doc, dict):
        raise KGError("a plan in JSON must be one object ({...})")
    problems: list[str] = []
    is_jsonld = "@context" in doc
    doc = copy.deepcopy(doc)
    if is_jsonld:
        doc["@context"] = _check_context(doc["@context"], "@context", problems)
    else:
        doc["@context"] = context()
        doc.setdefault("type", "AreaPlan")
        if "id" not in doc and "@id" not in doc:
            digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]
            doc["id"] = f"plan:anonymous-{digest}"
    _normalise(doc, "", problems, top=True, plain=not is_jsonld)
    if any("refused" in p for p in problems):
        raise KGError(f"plan input rejected: {len(problems)} problem(s)", details=problems)
    try:
        triples = [q.triple for q in ox.parse(json.dumps(doc).encode("utf-8"), format=ox.RdfFormat.JSON_LD, base_iri=PLAN_BASE)]
    except SyntaxError as e:
        raise KGError(f"JSON-LD error: {e}", details=problems) from None
    return Plan(triples=triples, plans=[], fmt="jsonld" if is_jsonld else "json", problems=problems)


def _check_context(ctx, where: str, problems: list[str]):
    """Replace the published context URL by the local copy; refuse every other remote context."""
    if isinstance(ctx, str):
        if ctx == CONTEXT_URL:
            return context()
        problems.append(f"{where}: remote context {ctx!r} refused; use {CONTEXT_URL} (applied locally) or an inline context")
        return {}
    if isinstance(ctx, list):
        return [_check_context(c, where, problems) for c in ctx]
    if isinstance(ctx, dict):
        if "@import" in ctx:
            problems.append(f"{where}: @import of remote contexts is refused")
        for k, v in ctx.items():
            if isinstance(v, dict) and "@context" in v:
                v["@context"] = _check_context(v["@context"], f"{where}.{k}", problems)
        return ctx
    if ctx is None:
        return ctx
    problems.append(f"{where}: a context must be an object, a list or the plan context URL")
    return {}


def _normalise(node, where: str, problems: list[str], *, top: bool = False, plain: bool = False) -> None:
    """Expand short names, make numbers exact, check field names (in place)."""
    if isinstance(node, list):
        for i, item in enumerate(node):
            _normalise(item, f"{where}[{i}]", problems, plain=plain)
        return
    if not isinstance(node, dict):
        return
    t = terms()
    for key in list(node):
        value = node[key]
        path = f"{where}.{key}" if where else key
        if key == "@context":
            if not top:
                node[key] = _check_context(value, path, problems)
            continue
        if key in ("@id", "id"):
            if isinstance(value, str) and ":" not in value and top:
                node[key] = f"plan:{value}"
            continue
        if key.startswith("@") or key == "type":
            if key in ("@graph", "@included"):
                _normalise(value, path, problems, plain=plain)
            continue
        if key not in t:
            if ":" not in key:
                problems.append(f"unknown field {path!r} (not in the plan context; see docs/plans.md)")
            else:
                _normalise(value, path, problems, plain=plain)
            continue
        kind = t[key]["type"]
        if kind == "@id":
            node[key] = _references(key, value, path, problems)
        elif kind and kind.startswith(XSD):
            node[key] = _number(key, value, kind, path, problems)
        if isinstance(node[key], list):
            node[key] = [v for v in node[key] if v is not _DROP]
        if node[key] is _DROP:
            del node[key]  # reported already; keep it out of the graph so it is not reported twice
        elif isinstance(value, (dict, list)):
            if plain and key in NESTED_TYPE:
                for item in value if isinstance(value, list) else [value]:
                    if isinstance(item, dict) and "type" not in item and "@type" not in item:
                        item["type"] = NESTED_TYPE[key]
            _normalise(value, path, problems, plain=plain)


def _references(key: str, value, path: str, problems: list[str]):
    if isinstance(value, list):
        return [_references(key, v, f"{path}[{i}]", problems) for i, v in enumerate(value)]
    if isinstance(value, dict):
        return value
    if not isinstance(value, str) or not value.strip():
        problems.append(f"{path}: expected a reference to {_a(FIELD_KIND.get(key, 'something'))} (name or IRI), got {json.dumps(value)}")
        return _DROP
    value = value.strip()
    if ":" not in value and key in DEFAULT_PREFIX:
        return f"{DEFAULT_PREFIX[key]}:{value}"
    return value


def _number(key: str, value, datatype: str, path: str, problems: list[str]):
    integer = datatype == XSD + "integer"
    if isinstance(value, bool) or value is None or isinstance(value, (dict, list)):
        problems.append(f"{path}: expected a number, got {json.dumps(value)}")
        return _DROP
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if integer and not value.is_integer():
            problems.append(f"{path}: expected a whole number, got {value}")
            return _DROP
        d = Decimal(repr(value))
        return str(int(d)) if integer else format(d, "f")
    if isinstance(value, str):
        return value.strip()  # lexical form checked after parsing (check())
    problems.append(f"{path}: expected a number, got {json.dumps(value)}")
    return _DROP


# --------------------------------------------------------------------------------------------
# Checking


def _field_names() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """property IRI -> JSON field; datatype properties -> xsd type; reference properties -> kind."""
    return _cached("fields", _build_field_names)


def _build_field_names():
    names, datatypes, refs = {}, {}, {}
    for k, d in terms().items():
        names.setdefault(d["iri"], k)
        if d["type"] == "@id":
            refs[d["iri"]] = FIELD_KIND.get(k, "reference")
        elif d["type"] and d["type"].startswith(XSD):
            datatypes[d["iri"]] = d["type"]
    refs.update(EXTRA_REFERENCE_PROPS)
    return names, datatypes, refs


def _in_range(lit: ox.Literal) -> bool:
    """At most MAX_DIGITS digits before and after the decimal point (lexical form already checked)."""
    d = Decimal(lit.value)
    return abs(d) < Decimal(10) ** MAX_DIGITS and (d == 0 or d.normalize().as_tuple().exponent >= -MAX_DIGITS)


def _lexical_ok(lit: ox.Literal, expected: str) -> bool:
    dt = lit.datatype.value
    numeric = {XSD + t for t in ("decimal", "integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger")}
    if dt not in numeric:
        return False
    if expected == XSD + "integer" and not _INTEGER.match(lit.value):
        return False
    if not _DECIMAL.match(lit.value):
        return False
    try:
        Decimal(lit.value)
    except InvalidOperation:
        return False
    return True


def check(plan: Plan, knowledge=None) -> Plan:
    """Find the plan nodes; reject wrong datatypes, literals for references and unknown IRIs."""
    problems: list[str] = list(plan.problems)
    names, datatypes, refs = _field_names()
    plans = sorted({t.subject for t in plan.triples if t.predicate == RDF_TYPE and t.object == AREA_PLAN}, key=str)
    if not plans:
        problems.append("no plan found: the input has no node of type go:AreaPlan (JSON: \"type\": \"AreaPlan\")")
    for p in plans:
        if not isinstance(p, ox.NamedNode):
            problems.append("a plan needs an IRI (JSON: \"id\"), not a blank node")
    plan.plans = [p for p in plans if isinstance(p, ox.NamedNode)]

    def where(t: ox.Triple) -> str:
        fieldname = names.get(t.predicate.value, short(t.predicate.value))
        subj = short(t.subject.value) if isinstance(t.subject, ox.NamedNode) else "(nested object)"
        return f"{fieldname} ({short(t.predicate.value)}) of {subj}"

    wanted: dict[str, list[str]] = {}
    for t in plan.triples:
        p = t.predicate.value
        if p in datatypes:
            if not isinstance(t.object, ox.Literal) or not _lexical_ok(t.object, datatypes[p]):
                shown = t.object.value if isinstance(t.object, (ox.Literal, ox.NamedNode)) else "a node"
                kind = "a whole number (xsd:integer)" if datatypes[p] == XSD + "integer" else "a number (xsd:decimal)"
                problems.append(f"{where(t)}: expected {kind}, got {shown!r}")
            elif not _in_range(t.object):
                problems.append(f"{where(t)}: number out of range, got {t.object.value!r}: at most {MAX_DIGITS} digits "
                                f"before and {MAX_DIGITS} after the decimal point")
        elif p in refs:
            if not isinstance(t.object, ox.NamedNode):
                shown = t.object.value if isinstance(t.object, ox.Literal) else "a nested object"
                problems.append(f"{where(t)}: expected a reference to {_a(refs[p])} (IRI or name), got {shown!r}")
            else:
                wanted.setdefault(t.object.value, []).append(("ref", t))
        if p.startswith(GO):
            wanted.setdefault(p, []).append(("prop", t))
        if t.predicate == RDF_TYPE and isinstance(t.object, ox.NamedNode) and t.object.value.startswith(GO):
            wanted.setdefault(t.object.value, []).append(("class", t))
    if knowledge is not None and wanted:
        known = known_iris(knowledge, wanted)
        for iri, uses in wanted.items():
            if iri not in known:
                msgs = []
                for kind, t in uses:
                    if kind == "ref":
                        msgs.append(f"unknown {refs[t.predicate.value]} {short(iri)} in {where(t)}")
                    elif kind == "prop":
                        msgs.append(f"unknown property {short(iri)} (not in the ontology)")
                    else:
                        msgs.append(f"unknown class {short(iri)}")
                problems.extend(dict.fromkeys(msgs))
    if problems:
        raise KGError(f"plan input rejected: {len(problems)} problem(s)", details=problems)
    return plan


def known_iris(store, iris) -> set[str]:
    """The IRIs among ``iris`` that the knowledge graph describes (subject of a default-graph triple)."""
    known: set[str] = set()
    for iri in iris:
        if _safe_iri(iri) and next(iter(store.quads_for_pattern(ox.NamedNode(iri), None, None, ox.DefaultGraph())), None) is not None:
            known.add(iri)
    return known


def _safe_iri(iri: str) -> bool:
    return not re.search(r'[\s<>"{}|^`\\]', iri)


def _a(noun: str) -> str:
    return ("an " if noun[:1] in "aeiou" else "a ") + noun
