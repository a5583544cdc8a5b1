"""Plan validation: check an area plan against the rule catalogue in shapes/plan/ and explain the gaps.

    report = validate(plan, knowledge)          # plan: kg.plans.Plan; knowledge: pyoxigraph Store
    report.exit_code                            # 0 conforms, 1 gaps found
    report.to_text("nl") / to_json() / to_turtle() / to_html("en")

How it works
------------
1. The plan's triples are joined with a small extract of the knowledge graph: the types of the named
   areas the plan lies in (go:withinArea, transitively), the actor types of its actors and the
   programme contributions of its NOVEX area. The rules need nothing else.
2. Contexts: the SHACL-AF rules in shapes/plan/context.ttl classify the plan (go:UrbanPlan,
   go:LaagveenPlan, go:NovexPlan, ...). Rule shapes target these classes, so a laagveen plan gets the
   Water en Bodem Sturend groundwater rules and an urban plan the NHV art. 8 rules.
3. Validation, by one of two engines that give identical results (tests/test_validate.py checks this
   on every example and on generated plans):
   * ``pyshacl`` -- the reference: pySHACL with advanced=True (SHACL-AF rules), inference none.
   * ``fast`` (default) -- the same shapes compiled once into Python closures over an index of the
     data; the context rules and SPARQL constraints run unchanged in pyoxigraph. It supports the
     SHACL subset the catalogue uses and refuses to compile anything else (then use pyshacl).
4. Each result is explained from the knowledge graph: rule code, framework (label), source document,
   lines and excerpt, and remedies: the instruments and koppelkansen the rule names (go:remedy) plus
   those the graph links to the rule's framework (go:serves, go:connects).

conforms follows pySHACL's allow_infos: a plan conforms when it has no sh:Violation and no sh:Warning;
sh:Info results (opportunities, koppelkans hints) are reported but are not gaps.
"""

from __future__ import annotations

import html
import json
import re
import time
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from . import config
from .errors import KGError
from .plans import AREA_PLAN, GO, RDF_TYPE, Plan, short

SH = "http://www.w3.org/ns/shacl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
DCT = "http://purl.org/dc/terms/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
PLAN_SHAPES_DIR = config.SHAPES_DIR / "plan"
SEVERITIES = ("Violation", "Warning", "Info")
SEVERITY_NL = {"Violation": "Overtreding", "Warning": "Waarschuwing", "Info": "Kans"}
NUMERIC = {XSD + t for t in ("decimal", "integer", "int", "long", "short", "byte", "nonNegativeInteger",
                             "positiveInteger", "negativeInteger", "nonPositiveInteger", "unsignedInt",
                             "unsignedLong", "double", "float")}
PASSAGE_RE = re.compile(r"/id/passage/(\d{3})-(\d+)-(\d+)$")
#: The form of a context rule the fast engine runs (pySHACL runs any SPARQLRule).
CONTEXT_RULE = re.compile(r"^\s*CONSTRUCT\s*\{\s*\$this\s+a\s+(\S+)\s*\.?\s*\}\s*WHERE\s*\{(.*)\}\s*$", re.S)


class UnsupportedShape(Exception):
    """The fast engine cannot compile a construct; use engine='pyshacl'."""


# =============================================================================================
# Rule catalogue


@dataclass
class Rule:
    shape: str
    code: str
    severity: str
    name: dict
    message: dict
    passage: str | None
    framework: str | None
    remedies: list[str]
    targets: list[str]
    group: str | None


@dataclass
class Catalogue:
    """The plan shapes: an rdflib graph (for pySHACL), rule metadata and the compiled fast engine."""

    graph: object
    rules: dict[str, Rule]
    contexts: list[tuple[str, str]]        # (target class, SPARQL CONSTRUCT with $this)
    compiled: list                         # top-level compiled shapes (fast engine)
    prefixes: str                          # PREFIX block for the SPARQL texts
    compile_error: str | None = None

    def context_queries(self) -> list[str]:
        """The context rules (CONSTRUCT { $this a C . } WHERE { ... }) as SELECT ?this ?cls
        queries over all focus nodes of the rule's target class at once, the rule body inlined into
        the same basic graph pattern (one query per rule: nested groups and a merged UNION make
        pyoxigraph join badly when ?this is not bound)."""
        if getattr(self, "_ctxq", None) is None:
            self._ctxq = []
            for target, construct in self.contexts:
                m = CONTEXT_RULE.match(construct)
                self._ctxq.append(self.prefixes + f"SELECT ?this ?cls WHERE {{ ?this a <{target}> . "
                                  + f"{m.group(2)} BIND({m.group(1)} AS ?cls) }}".replace("$this", "?this"))
        return self._ctxq

    def by_code(self, code: str) -> Rule | None:
        return next((r for r in self.rules.values() if r.code == code), None)


def catalogue(shapes_dir: Path = PLAN_SHAPES_DIR) -> Catalogue:
    files = sorted(shapes_dir.glob("*.ttl"))
    if not files:
        raise KGError(f"no plan shapes in {shapes_dir}", status=500)
    return _catalogue(tuple((str(f), f.stat().st_mtime) for f in files))


@lru_cache(maxsize=2)
def _catalogue(files: tuple) -> Catalogue:
    import rdflib

    g = rdflib.Graph()
    for path, _ in files:
        try:
            g.parse(path, format="turtle")
        except Exception as e:  # noqa: BLE001 - rdflib raises many types
            raise KGError(f"cannot read plan shapes {Path(path).name}: {e}", status=500) from None
    sh = rdflib.Namespace(SH)
    rules = {}
    for shape in set(g.subjects(rdflib.URIRef(DCT + "identifier"), None)):
        if (shape, rdflib.RDF.type, rdflib.URIRef(GO + "PlanRequirement")) not in g:
            continue
        sev = g.value(shape, sh.severity)
        rules[str(shape)] = Rule(
            shape=str(shape),
            code=str(g.value(shape, rdflib.URIRef(DCT + "identifier"))),
            severity=str(sev).rsplit("#", 1)[-1] if sev else "Violation",
            name=_langs(g, shape, sh.name),
            message=_langs(g, shape, sh.message),
            passage=_str(g.value(shape, rdflib.URIRef(DCT + "source"))),
            framework=_str(g.value(shape, rdflib.URIRef(GO + "framework"))),
            remedies=sorted(str(o) for o in g.objects(shape, rdflib.URIRef(GO + "remedy"))),
            targets=sorted(str(o) for o in g.objects(shape, sh.targetClass)),
            group=_str(g.value(shape, sh.group)),
        )
    prefixes = _prefix_block(g)
    contexts = []
    for shape, rule in g.subject_objects(sh.rule):
        construct = g.value(rule, sh.construct)
        for cls in g.objects(shape, sh.targetClass):
            contexts.append((str(cls), str(construct)))
    contexts.sort()
    compiled, error = [], None
    try:
        compiled = _Compiler(g).compile_all()
        for _, construct in contexts:
            if not CONTEXT_RULE.match(construct):
                raise UnsupportedShape(f"context rule not of the form CONSTRUCT {{ $this a C . }} WHERE {{ ... }}: {construct[:80]}")
    except UnsupportedShape as e:
        error = str(e)
    return Catalogue(graph=g, rules=rules, contexts=contexts, compiled=compiled, prefixes=prefixes, compile_error=error)


def _langs(g, s, p) -> dict:
    out = {}
    for o in g.objects(s, p):
        out[getattr(o, "language", None) or ""] = str(o)
    return out


def _str(x):
    return None if x is None else str(x)


def _prefix_block(g) -> str:
    import rdflib

    sh = rdflib.Namespace(SH)
    out = {}
    for decl in g.objects(None, sh.declare):
        out[str(g.value(decl, sh.prefix))] = str(g.value(decl, sh.namespace))
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(out.items()))


# =============================================================================================
# Fast engine: compile the SHACL subset the catalogue uses into closures


def _ox(term):
    """rdflib term -> pyoxigraph term."""
    import rdflib

    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or XSD + "string")))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    raise UnsupportedShape(f"unexpected term {term!r}")


def _num(term) -> Decimal | None:
    if isinstance(term, ox.Literal) and term.datatype.value in NUMERIC:
        try:
            return Decimal(term.value)
        except InvalidOperation:
            return None
    return None


@dataclass
class _PShape:
    iri: str | None
    severity: str
    targets: list
    path: tuple
    checks: list            # (component local name, function(values, index) -> list[value or None])
    path_term: object = None


@dataclass
class _NShape:
    iri: str | None
    severity: str
    targets: list
    checks: list            # (component, function(focus, index) -> list[value or None])


@dataclass
class _SparqlShape:
    iri: str
    severity: str
    targets: list
    select: str


IGNORED = {SH + x for x in ("name", "message", "severity", "group", "order", "description", "targetClass",
                            "rule", "prefixes", "declare", "deactivated")}


class _Compiler:
    def __init__(self, g):
        import rdflib

        self.g = g
        self.rdflib = rdflib
        self.sh = rdflib.Namespace(SH)

    def compile_all(self) -> list:
        g, sh, RDFNS = self.g, self.sh, self.rdflib.RDF
        out = []
        for shape in sorted(set(g.subjects(sh.targetClass, None)), key=str):
            if (shape, sh.deactivated, self.rdflib.Literal(True)) in g:
                continue
            targets = [ox.NamedNode(str(c)) for c in g.objects(shape, sh.targetClass)]
            severity = str(g.value(shape, sh.severity) or sh.Violation).rsplit("#", 1)[-1]
            for other in (sh.targetNode, sh.targetSubjectsOf, sh.targetObjectsOf, sh.target):
                if g.value(shape, other) is not None:
                    raise UnsupportedShape(f"{shape}: target {other} not supported")
            if g.value(shape, sh.sparql) is not None:
                c = g.value(shape, sh.sparql)
                out.append(_SparqlShape(str(shape), severity, targets, str(g.value(c, sh.select))))
                continue
            if g.value(shape, sh.path) is not None:
                out.append(self.property_shape(shape, severity, targets))
            else:
                n = self.node_shape(shape, severity, targets)
                if n.checks:
                    out.append(n)
        return out

    # -- paths
    def path(self, node) -> tuple:
        g, sh = self.g, self.sh
        if isinstance(node, self.rdflib.URIRef):
            return ("iri", ox.NamedNode(str(node)))
        alt = g.value(node, sh.alternativePath)
        if alt is not None:
            return ("alt", tuple(self.path(p) for p in self.rdflib.collection.Collection(g, alt)))
        if (node, self.rdflib.RDF.first, None) in g:
            return ("seq", tuple(self.path(p) for p in self.rdflib.collection.Collection(g, node)))
        raise UnsupportedShape(f"path {node} not supported")

    def items(self, node) -> list:
        return [_ox(x) for x in self.rdflib.collection.Collection(self.g, node)]

    # -- shapes
    def property_shape(self, shape, severity="Violation", targets=()) -> _PShape:
        g, sh = self.g, self.sh
        path = self.path(g.value(shape, sh.path))
        checks = []
        qvs, qmin = g.value(shape, sh.qualifiedValueShape), g.value(shape, sh.qualifiedMinCount)
        for p, o in sorted(g.predicate_objects(shape), key=lambda x: str(x[0])):
            ps = str(p)
            if not ps.startswith(SH) or ps in IGNORED or p in (sh.path, sh.qualifiedValueShape, sh.qualifiedMinCount):
                continue
            checks.append(self.value_check(p, o))
        if qvs is not None:
            if qmin is None or g.value(shape, sh.qualifiedMaxCount) is not None or g.value(shape, sh.qualifiedValueShapesDisjoint) is not None:
                raise UnsupportedShape(f"{shape}: only sh:qualifiedMinCount is supported")
            inner, n = self.shape(qvs), int(qmin)

            def qualified(values, idx, inner=inner, n=n):
                return [None] if sum(1 for v in values if _conforms(inner, v, idx)) < n else []
            checks.append(("QualifiedMinCountConstraintComponent", qualified))
        return _PShape(str(shape) if isinstance(shape, self.rdflib.URIRef) else None, severity, list(targets), path, checks,
                       path_term=g.value(shape, sh.path))

    def node_shape(self, shape, severity="Violation", targets=()) -> _NShape:
        g, sh = self.g, self.sh
        checks = []
        for p, o in sorted(g.predicate_objects(shape), key=lambda x: str(x[0])):
            ps = str(p)
            if p == self.rdflib.RDF.type or not ps.startswith(SH) or ps in IGNORED:
                continue
            if p == sh.property:
                inner = self.property_shape(o)

                def prop(focus, idx, inner=inner):
                    return [None] if _eval_property(inner, focus, idx) else []
                checks.append(("PropertyConstraintComponent", prop))
                continue
            vc_name, vc = self.value_check(p, o)
            checks.append((vc_name, lambda focus, idx, vc=vc: vc([focus], idx)))
        return _NShape(str(shape) if isinstance(shape, self.rdflib.URIRef) else None, severity, list(targets), checks)

    def shape(self, node):
        if self.g.value(node, self.sh.path) is not None:
            return self.property_shape(node)
        return self.node_shape(node)

    def value_check(self, p, o):
        """A constraint on a list of value nodes -> (component, fn(values, idx) -> failing values)."""
        sh = self.sh
        if p == sh.minCount:
            n = int(o)
            return ("MinCountConstraintComponent", lambda vs, idx, n=n: [None] if len(vs) < n else [])
        if p == sh.maxCount:
            n = int(o)
            return ("MaxCountConstraintComponent", lambda vs, idx, n=n: [None] if len(vs) > n else [])
        if p == sh.hasValue:
            v = _ox(o)
            return ("HasValueConstraintComponent", lambda vs, idx, v=v: [] if v in vs else [None])
        if p == sh["in"]:
            allowed = frozenset(self.items(o))
            return ("InConstraintComponent", lambda vs, idx, a=allowed: [v for v in vs if v not in a])
        bounds = {sh.minInclusive: ("MinInclusiveConstraintComponent", lambda x, b: x >= b),
                  sh.maxInclusive: ("MaxInclusiveConstraintComponent", lambda x, b: x <= b),
                  sh.minExclusive: ("MinExclusiveConstraintComponent", lambda x, b: x > b),
                  sh.maxExclusive: ("MaxExclusiveConstraintComponent", lambda x, b: x < b)}
        if p in bounds:
            comp, ok = bounds[p]
            b = _num(_ox(o))
            if b is None:
                raise UnsupportedShape(f"non-numeric bound {o}")

            def bound(vs, idx, ok=ok, b=b):
                bad = []
                for v in vs:
                    x = _num(v)
                    if x is None or not ok(x, b):
                        bad.append(v)
                return bad
            return (comp, bound)
        if p == sh.node:
            inner = self.shape(o)
            return ("NodeConstraintComponent", lambda vs, idx, s=inner: [v for v in vs if not _conforms(s, v, idx)])
        if p == sh["not"]:
            inner = self.shape(o)
            return ("NotConstraintComponent", lambda vs, idx, s=inner: [v for v in vs if _conforms(s, v, idx)])
        if p == sh["or"]:
            members = [self.shape(m) for m in self.rdflib.collection.Collection(self.g, o)]
            return ("OrConstraintComponent",
                    lambda vs, idx, ms=members: [v for v in vs if not any(_conforms(m, v, idx) for m in ms)])
        raise UnsupportedShape(f"constraint {p} not supported by the fast engine")


def _values(path: tuple, focus, idx) -> list:
    kind, arg = path
    if kind == "iri":
        return idx.get(focus, {}).get(arg, [])
    if kind == "seq":
        nodes = [focus]
        for step in arg:
            nxt = []
            for n in nodes:
                nxt.extend(_values(step, n, idx))
            nodes = list(dict.fromkeys(nxt))
        return nodes
    if kind == "alt":
        out = []
        for step in arg:
            out.extend(_values(step, focus, idx))
        return list(dict.fromkeys(out))
    raise UnsupportedShape(kind)


def _eval_property(s: _PShape, focus, idx) -> list:
    values = _values(s.path, focus, idx)
    out = []
    for comp, fn in s.checks:
        for v in fn(values, idx):
            out.append((comp, v))
    return out


def _eval_node(s: _NShape, focus, idx) -> list:
    out = []
    for comp, fn in s.checks:
        for v in fn(focus, idx):
            out.append((comp, focus if v is None else v))
    return out


def _conforms(s, node, idx) -> bool:
    return not (_eval_property(s, node, idx) if isinstance(s, _PShape) else _eval_node(s, node, idx))


# =============================================================================================
# Results and report


@dataclass
class Finding:
    """One validation result, explained."""

    code: str
    severity: str
    focus: str
    shape: str
    component: str
    path: str | None = None
    value: str | None = None
    message: dict = field(default_factory=dict)
    name: dict = field(default_factory=dict)
    framework: dict | None = None
    source: dict | None = None
    remedies: list = field(default_factory=list)

    def key(self) -> tuple:
        """Identity for comparing engines (blank nodes compare as '_:')."""
        return (self.focus, self.shape, self.severity, self.component, self.value)


@dataclass
class Report:
    plans: list[str]
    findings: list[Finding]
    engine: str
    contexts: dict = field(default_factory=dict)   # plan -> sorted context class local names
    seconds: float = 0.0

    @property
    def conforms(self) -> bool:
        return not any(f.severity in ("Violation", "Warning") for f in self.findings)

    @property
    def exit_code(self) -> int:
        return 0 if self.conforms else 1

    def codes(self, severity: str | None = None) -> set[str]:
        return {f.code for f in self.findings if severity is None or f.severity == severity}

    def counts(self) -> dict:
        return {s: sum(1 for f in self.findings if f.severity == s) for s in SEVERITIES}

    # -- formats
    def to_dict(self) -> dict:
        return {
            "conforms": self.conforms,
            "plans": self.plans,
            "contexts": self.contexts,
            "counts": self.counts(),
            "engine": self.engine,
            "results": [
                {
                    "code": f.code, "severity": f.severity, "focus": f.focus, "path": f.path, "value": f.value,
                    "message": f.message, "rule": f.name, "framework": f.framework, "source": f.source,
                    "remedies": f.remedies, "shape": f.shape, "component": f.component,
                }
                for f in self.findings
            ],
        }

    def to_json(self, indent: int | None = None) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def to_turtle(self) -> str:
        """The raw sh:ValidationReport (SHACL vocabulary only)."""
        sh = lambda x: ox.NamedNode(SH + x)  # noqa: E731
        report = ox.BlankNode()
        triples = [ox.Triple(report, ox.NamedNode(RDF + "type"), sh("ValidationReport")),
                   ox.Triple(report, sh("conforms"), ox.Literal("true" if self.conforms else "false", datatype=ox.NamedNode(XSD + "boolean")))]
        for f in self.findings:
            r = ox.BlankNode()
            triples += [
                ox.Triple(report, sh("result"), r),
                ox.Triple(r, ox.NamedNode(RDF + "type"), sh("ValidationResult")),
                ox.Triple(r, sh("focusNode"), _term(f.focus)),
                ox.Triple(r, sh("resultSeverity"), sh(f.severity)),
                ox.Triple(r, sh("sourceShape"), ox.NamedNode(f.shape)),
                ox.Triple(r, sh("sourceConstraintComponent"), sh(f.component)),
            ]
            if f.path and not f.path.startswith("("):
                triples.append(ox.Triple(r, sh("resultPath"), ox.NamedNode(f.path)))
            if f.value is not None and not f.value.startswith("_:"):
                triples.append(ox.Triple(r, sh("value"), _term(f.value)))
            for lang, msg in sorted(f.message.items()):
                triples.append(ox.Triple(r, sh("resultMessage"), ox.Literal(msg, language=lang) if lang else ox.Literal(msg)))
        data = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes={"sh": SH, "xsd": XSD, "go": GO,
                            "plan": f"{config.CANONICAL_BASE}/id/plan/", "gos": f"{config.CANONICAL_BASE}/id/shape/"})
        return data.decode("utf-8")

    def to_text(self, lang: str = "nl") -> str:
        nl = lang == "nl"
        c = self.counts()
        lines = []
        for p in self.plans:
            ctx = ", ".join(self.contexts.get(p, []))
            lines.append(f"{'Plan' if nl else 'Plan'} {short(p)}" + (f"  [{ctx}]" if ctx else ""))
        verdict = ("voldoet" if nl else "conforms") if self.conforms else ("voldoet niet" if nl else "does not conform")
        lines.append(f"{verdict}: {c['Violation']} {'overtredingen' if nl else 'violations'}, "
                     f"{c['Warning']} {'waarschuwingen' if nl else 'warnings'}, {c['Info']} {'kansen' if nl else 'opportunities'}")
        for f in self.findings:
            sev = SEVERITY_NL[f.severity] if nl else f.severity
            lines.append("")
            lines.append(f"[{sev}] {f.code}" + (f"  ({short(f.focus)})" if len(self.plans) > 1 else ""))
            lines.append("  " + _pick(f.message, lang))
            if f.value is not None and not f.value.startswith("_:"):
                lines.append(f"  {'waarde' if nl else 'value'}: {_show(f.value)}")
            if f.framework:
                lines.append(f"  {'kader' if nl else 'framework'}: {_pick(f.framework['label'], lang)} ({short(f.framework['iri'])})")
            if f.source:
                s = f.source
                title = f" {s['title']}" if s.get("title") else ""
                lines.append(f"  {'bron' if nl else 'source'}: {s.get('document', '')}{title}, "
                             f"{'regels' if nl else 'lines'} {s['lines'][0]}-{s['lines'][1]}")
            if f.remedies:
                lines.append(f"  {'oplossingen' if nl else 'remedies'}:")
                for r in f.remedies:
                    lines.append(f"    - {_pick(r['label'], lang)} ({short(r['iri'])})")
        return "\n".join(lines) + "\n"

    def to_html(self, lang: str = "nl") -> str:
        e = html.escape
        nl = lang == "nl"
        c = self.counts()
        verdict = ("voldoet" if nl else "conforms") if self.conforms else ("voldoet niet" if nl else "does not conform")
        out = ["<!DOCTYPE html>", f'<html lang="{e(lang)}"><head><meta charset="utf-8">',
               f"<title>{e('Planvalidatie' if nl else 'Plan validation')}</title>",
               "<style>body{font-family:sans-serif;max-width:60em;margin:auto}.Violation{border-left:6px solid #b00}"
               ".Warning{border-left:6px solid #d80}.Info{border-left:6px solid #08a}section{padding:.3em .8em;margin:.8em 0}"
               "blockquote{color:#444;font-size:.9em}</style></head><body>"]
        out.append(f"<h1>{e('Planvalidatie' if nl else 'Plan validation')}</h1>")
        for p in self.plans:
            out.append(f"<p><code>{e(short(p))}</code> {e(', '.join(self.contexts.get(p, [])))}</p>")
        out.append(f"<p><strong>{e(verdict)}</strong>: {c['Violation']} Violation, {c['Warning']} Warning, {c['Info']} Info</p>")
        for f in self.findings:
            out.append(f'<section class="{e(f.severity)}">')
            out.append(f"<h2>{e(f.code)} <small>{e(SEVERITY_NL[f.severity] if nl else f.severity)}</small></h2>")
            out.append(f"<p>{e(_pick(f.message, lang))}</p>")
            if f.value is not None and not f.value.startswith("_:"):
                out.append(f"<p>{e('waarde' if nl else 'value')}: <code>{e(_show(f.value))}</code></p>")
            if f.framework:
                out.append(f"<p>{e('kader' if nl else 'framework')}: {e(_pick(f.framework['label'], lang))} "
                           f"<code>{e(short(f.framework['iri']))}</code></p>")
            if f.source:
                s = f.source
                out.append(f"<p>{e('bron' if nl else 'source')}: {e(s['document'])} {e(s.get('title') or '')}, "
                           f"{e('regels' if nl else 'lines')} {s['lines'][0]}&ndash;{s['lines'][1]}</p>")
                if s.get("excerpt"):
                    out.append(f"<blockquote>{e(s['excerpt'])}</blockquote>")
            if f.remedies:
                out.append("<ul>" + "".join(f"<li>{e(_pick(r['label'], lang))} <code>{e(short(r['iri']))}</code></li>"
                                            for r in f.remedies) + "</ul>")
            out.append("</section>")
        out.append("</body></html>")
        return "\n".join(out) + "\n"


def _pick(d: dict, lang: str) -> str:
    return d.get(lang) or d.get("en") or d.get("nl") or d.get("") or next(iter(d.values()), "")


def _show(value: str) -> str:
    return value.split("^^")[0].strip('"') if value.startswith('"') else short(value)


def _term(s: str):
    if s.startswith('"'):
        m = re.match(r'^"(.*)"\^\^<(.+)>$', s, re.S)
        return ox.Literal(m.group(1), datatype=ox.NamedNode(m.group(2))) if m else ox.Literal(s.strip('"'))
    return ox.NamedNode(s)


def _term_key(t) -> str:
    if isinstance(t, ox.NamedNode):
        return t.value
    if isinstance(t, ox.Literal):
        return f'"{t.value}"^^<{t.datatype.value}>' if t.language is None else f'"{t.value}"@{t.language}'
    return "_:"


# =============================================================================================
# Knowledge: extract for validation and explanations


class Knowledge:
    """Read access to the knowledge graph (a pyoxigraph Store) for validation and explanation.

    All look-ups are triple-pattern reads (no SPARQL), cached per instance; Knowledge.of(store)
    keeps one instance per store so that the caches live across requests."""

    _instances: dict = {}

    def __init__(self, store: ox.Store):
        self.store = store
        self._labels: dict = {}
        self._remedies: dict = {}
        self._docs: dict = {}
        self._extract: dict = {}
        self._sources: dict = {}

    @classmethod
    def of(cls, knowledge) -> "Knowledge":
        if isinstance(knowledge, Knowledge):
            return knowledge
        hit = cls._instances.get(id(knowledge))
        if hit is None or hit.store is not knowledge:
            if len(cls._instances) > 8:
                cls._instances.clear()
            hit = cls._instances[id(knowledge)] = cls(knowledge)
        return hit

    def _objects(self, s, p) -> list:
        return [q.object for q in self.store.quads_for_pattern(s, p, None, ox.DefaultGraph())]

    def _subjects(self, p, o) -> list:
        return [q.subject for q in self.store.quads_for_pattern(None, p, o, ox.DefaultGraph())]

    def extract(self, iris) -> list[ox.Triple]:
        """Facts the context rules need about the IRIs a plan mentions: types, area types, actor
        types and go:withinArea of the named things (transitively), and the programme contributions
        (type, area, framework) of every area on that chain."""
        out: list[ox.Triple] = []
        for iri in sorted(set(iris)):
            if iri not in self._extract:
                self._extract[iri] = self._extract_one(ox.NamedNode(iri))
            out.extend(self._extract[iri])
        return out

    def _extract_one(self, start: ox.NamedNode) -> list[ox.Triple]:
        keep = {RDF_TYPE, ox.NamedNode(GO + "areaType"), ox.NamedNode(GO + "withinArea"), ox.NamedNode(GO + "actorType")}
        within, area, framework = ox.NamedNode(GO + "withinArea"), ox.NamedNode(GO + "area"), ox.NamedNode(GO + "framework")
        contribution = ox.NamedNode(GO + "ProgrammeContribution")
        out, todo, seen = [], [start], set()
        while todo:
            x = todo.pop()
            if x in seen:
                continue
            seen.add(x)
            for q in self.store.quads_for_pattern(x, None, None, ox.DefaultGraph()):
                if q.predicate in keep:
                    out.append(q.triple)
                    if q.predicate == within and isinstance(q.object, ox.NamedNode):
                        todo.append(q.object)
            for c in self._subjects(area, x):
                if contribution in self._objects(c, RDF_TYPE):
                    out.append(ox.Triple(c, RDF_TYPE, contribution))
                    out.append(ox.Triple(c, area, x))
                    out.extend(ox.Triple(c, framework, f) for f in self._objects(c, framework))
        return out

    def labels(self, iri: str) -> dict:
        if iri not in self._labels:
            out = {}
            for o in self._objects(ox.NamedNode(iri), ox.NamedNode(SKOS + "prefLabel")):
                out.setdefault(o.language or "", o.value)
            self._labels[iri] = out or {"": short(iri)}
        return self._labels[iri]

    def remedies(self, framework: str | None, static: list[str], limit: int = 3) -> list[dict]:
        """The rule's own remedies (go:remedy), then up to ``limit`` instruments that go:serves and
        koppelkansen that go:connects the framework (or, failing that, the framework it is directly
        part of), by label."""
        key = (framework, tuple(static))
        if key not in self._remedies:
            found = [(i, "instrument" if "/instrument/" in i else "koppelkans") for i in static]
            if framework:
                fw = ox.NamedNode(framework)
                parents = [o for o in self._objects(fw, ox.NamedNode(GO + "partOf")) if isinstance(o, ox.NamedNode)]
                for kind, prop, cls in (("instrument", "serves", "Instrument"), ("koppelkans", "connects", "Koppelkans")):
                    hits = []
                    for level in ([fw], parents):
                        for f in level:
                            for r in self._subjects(ox.NamedNode(GO + prop), f):
                                if ox.NamedNode(GO + cls) in self._objects(r, RDF_TYPE) and r.value not in hits:
                                    hits.append(r.value)
                        if hits:
                            break
                    hits.sort(key=lambda i: (_pick(self.labels(i), "nl").lower(), i))
                    found += [(i, kind) for i in hits[:limit]]
            seen, out = set(), []
            for iri, kind in found:
                if iri not in seen:
                    seen.add(iri)
                    out.append({"iri": iri, "kind": kind, "label": self.labels(iri)})
            self._remedies[key] = out
        return self._remedies[key]

    def source(self, passage: str | None) -> dict | None:
        if passage not in self._sources:
            self._sources[passage] = self._source(passage)
        return self._sources[passage]

    def _source(self, passage: str | None) -> dict | None:
        if not passage:
            return None
        m = PASSAGE_RE.search(passage)
        if not m:
            return {"passage": passage}
        doc, first, last = m.group(1), int(m.group(2)), int(m.group(3))
        if doc not in self._docs:
            bron = ox.NamedNode(f"{config.CANONICAL_BASE}/id/bron/{doc}")
            titles = self._objects(bron, ox.NamedNode(DCT + "title"))
            fnames = self._objects(bron, ox.NamedNode(GO + "fileName"))
            title = titles[0].value if titles else None
            fname = fnames[0].value if fnames else None
            lines = None
            paths = [config.SOURCES_DIR / fname] if fname else []
            paths += sorted(config.SOURCES_DIR.glob(f"{doc}_*.txt"))
            for p in paths:
                if p.exists():
                    lines = p.read_text(encoding="utf-8").split("\n")
                    fname = p.name
                    break
            self._docs[doc] = (title, fname, lines)
        title, fname, lines = self._docs[doc]
        excerpt = None
        if lines:
            excerpt = " ".join(x.strip() for x in lines[first - 1:last] if x.strip())
            excerpt = excerpt[:400] + ("…" if len(excerpt) > 400 else "")
        return {"passage": passage, "document": doc, "title": title, "file": fname, "lines": [first, last], "excerpt": excerpt}


def _safe(iri: str) -> bool:
    return not re.search(r'[\s<>"{}|^`\\]', iri)


# =============================================================================================
# Validation


def _triples_of(plan) -> tuple[list[ox.Triple], list]:
    if isinstance(plan, Plan):
        return plan.triples, plan.plans
    triples = list(plan)
    plans = sorted({t.subject for t in triples if t.predicate == RDF_TYPE and t.object == AREA_PLAN}, key=str)
    return triples, plans


def _data(triples, know: Knowledge) -> list[ox.Triple]:
    iris = {t.object.value for t in triples if isinstance(t.object, ox.NamedNode)}
    return list(dict.fromkeys(list(triples) + know.extract(iris)))


#: The engine the CLI and HTTP use: pySHACL, the maintained reference implementation. The fast engine
#: (a compiled subset of SHACL, ~100x faster in batch) is opt-in until it passes the W3C SHACL core
#: test suite; tests/test_validate.py checks that both give the same findings on our shapes.
DEFAULT_ENGINE = "pyshacl"


def validate(plan, knowledge, *, engine: str = DEFAULT_ENGINE, explain: bool = True) -> Report:
    """Validate one plan (a kg.plans.Plan or pyoxigraph triples) against shapes/plan/.

    knowledge: a pyoxigraph Store with the knowledge graph (or a Knowledge wrapping one).
    engine: 'fast' (default) or 'pyshacl' (the reference). Both give the same findings.
    """
    return validate_many([plan], knowledge, engine=engine, explain=explain)[0]


def validate_many(plans: list, knowledge, *, engine: str = DEFAULT_ENGINE, explain: bool = True) -> list[Report]:
    """Validate many plans; the fast engine runs contexts and SPARQL constraints once for the batch."""
    started = time.perf_counter()
    know = Knowledge.of(knowledge)
    cat = catalogue()
    parts = [_triples_of(p) for p in plans]
    if engine == "pyshacl":
        raw = [_run_pyshacl(cat, _data(t, know), ps) for t, ps in parts]
    elif engine == "fast":
        if cat.compile_error:
            raise KGError(f"fast engine cannot compile the plan shapes ({cat.compile_error}); use engine='pyshacl'", status=500)
        raw = _run_fast_batch(cat, [(_data(t, know), ps) for t, ps in parts])
    else:
        raise KGError(f"unknown validation engine {engine!r}: use fast or pyshacl")
    reports = []
    elapsed = (time.perf_counter() - started) / max(1, len(plans))
    for (_, ps), (results, contexts) in zip(parts, raw):
        findings = [_explain(cat, know, r, explain) for r in results]
        findings.sort(key=lambda f: (SEVERITIES.index(f.severity), f.code, f.focus, f.value or ""))
        reports.append(Report(plans=[p.value for p in ps], findings=findings, engine=engine,
                              contexts={k: sorted(v) for k, v in contexts.items()}, seconds=elapsed))
    return reports


def _explain(cat: Catalogue, know: Knowledge, r: dict, explain: bool) -> Finding:
    rule = cat.rules.get(r["shape"])
    f = Finding(code=rule.code if rule else short(r["shape"]), severity=r["severity"], focus=r["focus"],
                shape=r["shape"], component=r["component"], path=r.get("path"), value=r.get("value"),
                # the rule's own nl+en messages: pySHACL returns one of a SPARQL constraint's messages,
                # picked in set order and without its language tag
                message=(rule.message if rule and rule.message else r.get("message") or {}), name=rule.name if rule else {})
    if rule and explain:
        if rule.framework:
            f.framework = {"iri": rule.framework, "label": know.labels(rule.framework)}
        f.source = know.source(rule.passage)
        f.remedies = know.remedies(rule.framework, rule.remedies)
    return f


# -- fast engine


def _run_fast_batch(cat: Catalogue, batch: list) -> list:
    store = ox.Store()
    all_triples = []
    for data, _ in batch:
        all_triples.extend(data)
    store.bulk_extend([ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in dict.fromkeys(all_triples)])
    idx: dict = {}
    for t in all_triples:
        lst = idx.setdefault(t.subject, {}).setdefault(t.predicate, [])
        if t.object not in lst:
            lst.append(t.object)
    plan_set = {p for _, ps in batch for p in ps}
    # 1. contexts (SHACL-AF SPARQL rules), for every plan at once, in one query
    contexts: dict = {}
    for q in cat.context_queries():
        for row in store.query(q):
            this, cls = row["this"], row["cls"]
            lst = idx.setdefault(this, {}).setdefault(RDF_TYPE, [])
            if cls not in lst:
                lst.append(cls)
                store.add(ox.Quad(this, RDF_TYPE, cls, ox.DefaultGraph()))
                contexts.setdefault(this, set()).add(cls.value)
    # 2. focus nodes per class
    focus_of: dict = {}
    for s, preds in idx.items():
        for c in preds.get(RDF_TYPE, ()):
            focus_of.setdefault(c, []).append(s)
    results: dict = {p: [] for p in plan_set}
    for shape in cat.compiled:
        if isinstance(shape, _SparqlShape):
            q = cat.prefixes + shape.select.replace("$this", "?this")
            for cls in shape.targets:
                qq = q.replace("WHERE {", f"WHERE {{ ?this a <{cls.value}> .", 1)
                for row in store.query(qq):
                    focus = row["this"]
                    results.setdefault(focus, []).append(_raw(shape.iri, shape.severity, focus, None, row["value"], "SPARQLConstraintComponent", cat))
            continue
        seen = set()
        for cls in shape.targets:
            for focus in focus_of.get(cls, ()):
                if focus in seen:
                    continue
                seen.add(focus)
                fails = _eval_property(shape, focus, idx) if isinstance(shape, _PShape) else _eval_node(shape, focus, idx)
                for comp, value in fails:
                    path = _path_str(shape.path) if isinstance(shape, _PShape) else None
                    results.setdefault(focus, []).append(_raw(shape.iri, shape.severity, focus, path, value, comp, cat))
    out = []
    for _, ps in batch:
        rs, ctx = [], {}
        for p in ps:
            rs.extend(_dedupe(results.get(p, [])))
            ctx[p.value] = sorted(c.rsplit("/", 1)[-1] for c in contexts.get(p, ()))
        out.append((rs, ctx))
    return out


def _dedupe(rs: list) -> list:
    seen, out = set(), []
    for r in rs:
        k = (r["focus"], r["shape"], r["component"], r["value"])
        if k not in seen:
            seen.add(k)
            out.append(r)
    return out


def _path_str(path: tuple) -> str:
    kind, arg = path
    if kind == "iri":
        return arg.value
    return "(" + kind + " " + " ".join(_path_str(p) for p in arg) + ")"


def _raw(shape, severity, focus, path, value, comp, cat) -> dict:
    rule = cat.rules.get(shape)
    return {"shape": shape, "severity": severity, "focus": _term_key(focus), "path": path,
            "value": None if value is None else _term_key(value), "component": comp,
            "message": rule.message if rule else {}}


# -- reference engine


def _run_pyshacl(cat: Catalogue, data: list[ox.Triple], plans: list) -> tuple[list, dict]:
    import pyshacl
    import rdflib

    g = rdflib.Graph()
    g.parse(data=ox.serialize(data, format=ox.RdfFormat.N_TRIPLES).decode("utf-8"), format="nt")
    conforms, report, _ = pyshacl.validate(g, shacl_graph=cat.graph, advanced=True, inference="none",
                                           allow_infos=True, allow_warnings=False, inplace=True)
    sh = rdflib.Namespace(SH)
    results = []
    for r in report.subjects(rdflib.RDF.type, sh.ValidationResult):
        value = report.value(r, sh.value)
        path = report.value(r, sh.resultPath)
        results.append({
            "shape": str(report.value(r, sh.sourceShape)),
            "severity": str(report.value(r, sh.resultSeverity)).rsplit("#", 1)[-1],
            "focus": _term_key(_ox(report.value(r, sh.focusNode))),
            "path": str(path) if isinstance(path, rdflib.URIRef) else (None if path is None else "(path)"),
            "value": None if value is None else _term_key(_ox(value)),
            "component": str(report.value(r, sh.sourceConstraintComponent)).rsplit("#", 1)[-1],
            "message": _langs(report, r, sh.resultMessage),
        })
    contexts = {}
    for p in plans:
        types = {str(o) for o in g.objects(rdflib.URIRef(p.value), rdflib.RDF.type)} - {AREA_PLAN.value}
        contexts[p.value] = sorted(t.rsplit("/", 1)[-1] for t in types if t.startswith(GO))
    plan_keys = {p.value for p in plans}
    return [r for r in results if r["focus"] in plan_keys], contexts


# =============================================================================================
# Entry points for the CLI and the web app


def knowledge_from_files(home: Path = config.HOME) -> ox.Store:
    """ontology/, data/ and shapes/ parsed into an in-memory store, without the build's enrichment
    and checks (minutes on the full data). Validation needs neither: labels are read from
    skos:prefLabel and passage lines from the passage IRIs. For development and tests."""
    from . import build

    store = ox.Store()
    store.bulk_extend(build.read(build.source_files(home), config.CANONICAL_BASE))
    return store


def validate_input(data: bytes | str, knowledge, *, fmt: str | None = None, engine: str = DEFAULT_ENGINE) -> Report:
    """Parse (kg.plans.parse, with reference checks) and validate. Raises KGError (400) on bad input."""
    from . import plans

    store = knowledge.store if isinstance(knowledge, Knowledge) else knowledge
    plan = plans.parse(data, fmt, knowledge=store)
    return validate(plan, knowledge, engine=engine)


def validate_file(path: Path | str, knowledge, *, fmt: str | None = None, engine: str = DEFAULT_ENGINE) -> Report:
    """`kg validate PLAN`: read a plan file (format from the suffix unless given) and validate it.
    Raises KGError (exit 2) when the file cannot be read or parsed or names unknown things."""
    from . import plans

    store = knowledge.store if isinstance(knowledge, Knowledge) else knowledge
    return validate(plans.parse_file(path, fmt, knowledge=store), knowledge, engine=engine)


#: Report formats and their media types (for HTTP).
REPORT_MEDIA_TYPES = {"text": "text/plain; charset=utf-8", "json": "application/json",
                      "turtle": "text/turtle; charset=utf-8", "html": "text/html; charset=utf-8"}


def input_format(content_type: str | None) -> str | None:
    """Plan input format from an HTTP Content-Type (None: sniff the body)."""
    ct = (content_type or "").split(";")[0].strip().lower()
    known = {"text/turtle": "turtle", "application/x-turtle": "turtle", "application/ld+json": "jsonld",
             "application/json": "json"}
    if ct and ct not in known and ct not in ("text/plain", "application/octet-stream",
                                              "application/x-www-form-urlencoded"):
        raise KGError(f"unsupported plan content type {ct}: send {', '.join(known)}", status=415)
    return known.get(ct)


def http_validate(body: bytes, content_type: str | None, knowledge, *, fmt: str = "json", lang: str = "nl",
                  engine: str = DEFAULT_ENGINE) -> tuple[int, str, str]:
    """`POST /api/validate`: returns (status, media type, body). 200 whether or not the plan conforms
    (the verdict is in the report); bad input raises KGError with status 400."""
    if fmt not in REPORT_MEDIA_TYPES:
        raise KGError(f"unknown report format {fmt!r}: use text, json, turtle or html", status=406)
    if lang not in ("nl", "en"):
        raise KGError(f"unknown language {lang!r}: use nl or en")
    report = validate_input(body, knowledge, fmt=input_format(content_type), engine=engine)
    return 200, REPORT_MEDIA_TYPES[fmt], render(report, fmt, lang)


def render(report: Report, fmt: str = "text", lang: str = "nl") -> str:
    """Serialise a report: text, json, turtle or html."""
    if fmt == "text":
        return report.to_text(lang)
    if fmt == "json":
        return report.to_json()
    if fmt in ("turtle", "ttl"):
        return report.to_turtle()
    if fmt == "html":
        return report.to_html(lang)
    raise KGError(f"unknown report format {fmt!r}: use text, json, turtle or html")
