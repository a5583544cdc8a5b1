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
   finding by finding on every example and on generated plans):
   * ``shacl`` (default) -- the `shacl` package (a SHACL engine in Rust, PyPI ``shacl``; it passes
     the W3C SHACL core test suite, see tests/test_w3c_shacl.py). It checks the SHACL core
     constraints and the SHACL-SPARQL constraint (NOV-01). The context rules (SHACL-AF SPARQL
     rules) are run as SPARQL by pyoxigraph, one query per rule for a whole batch of plans, and their
     conclusions (rdf:type triples) are added to the data before ``shacl`` validates it.
   * ``pyshacl`` -- the reference: pySHACL with advanced=True (SHACL-AF rules), inference none.
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
PASSAGE_RE = re.compile(r"/id/passage/(\d{3})-(\d+)-(\d+)$")
#: The form of a context rule the shacl engine runs with pyoxigraph (pySHACL runs any SPARQLRule).
CONTEXT_RULE = re.compile(r"^\s*CONSTRUCT\s*\{\s*\$this\s+a\s+(\S+)\s*\.?\s*\}\s*WHERE\s*\{(.*)\}\s*$", re.S)


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
    """The plan shapes: an rdflib graph (for pySHACL), rule metadata and the context rules."""

    graph: object
    rules: dict[str, Rule]
    contexts: list[tuple[str, str]]        # (target class, SPARQL CONSTRUCT with $this)
    prefixes: str                          # PREFIX block for the SPARQL texts

    def shapes(self):
        """The same shapes graph compiled once by the `shacl` engine (thread-safe, reused)."""
        if getattr(self, "_shapes", None) is None:
            import shacl

            try:
                self._shapes = shacl.Shapes.from_text(self.graph.serialize(format="nt"), format="ntriples")
            except Exception as e:  # noqa: BLE001 - the engine raises ValueError and others
                raise KGError(f"the shacl engine cannot compile the plan shapes: {e}; use engine='pyshacl'", status=500) from None
        return self._shapes

    def context_queries(self) -> list[str]:
        """The context rules (CONSTRUCT { $this a C . } WHERE { ... }) as SELECT ?this ?cls
        queries over all focus nodes of the rule's target class at once, the rule body inlined into
        the same basic graph pattern (one query per rule: nested groups and a merged UNION make
        pyoxigraph join badly when ?this is not bound)."""
        if getattr(self, "_ctxq", None) is None:
            self._ctxq = []
            for target, construct in self.contexts:
                m = CONTEXT_RULE.match(construct)
                if not m:
                    raise KGError("context rule not of the form CONSTRUCT { $this a C . } WHERE { ... }: "
                                  f"{construct[:80]}; use engine='pyshacl'", status=500)
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
    return Catalogue(graph=g, rules=rules, contexts=contexts, prefixes=prefixes)

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
    raise ValueError(f"unexpected term {term!r}")


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


#: The engines: ``shacl`` (default: the `shacl` package, with the context rules run by pyoxigraph)
#: and ``pyshacl`` (the reference). tests/test_validate.py checks that both give the same findings on
#: our shapes; tests/test_w3c_shacl.py runs the W3C SHACL core test suite through ``shacl``.
ENGINES = ("shacl", "pyshacl")
DEFAULT_ENGINE = "shacl"
#: Plans per ``shacl`` run in validate_many: one run over a larger graph costs more than linear
#: time (bench/README-validate.md), so a batch is validated in chunks of this many plans.
CHUNK = 25


def validate(plan, knowledge, *, engine: str = DEFAULT_ENGINE, explain: bool = True) -> Report:
    """Validate one plan (a kg.plans.Plan or pyoxigraph triples) against shapes/plan/.

    knowledge: a pyoxigraph Store with the knowledge graph (or a Knowledge wrapping one).
    engine: 'shacl' (default) or 'pyshacl' (the reference). Both give the same findings.
    """
    return validate_many([plan], knowledge, engine=engine, explain=explain)[0]


def validate_many(plans: list, knowledge, *, engine: str = DEFAULT_ENGINE, explain: bool = True) -> list[Report]:
    """Validate many plans. The shacl engine validates them in chunks of CHUNK plans: the context
    rules run once per chunk (one SPARQL query per rule), then one ``shacl`` run checks the chunk."""
    started = time.perf_counter()
    know = Knowledge.of(knowledge)
    cat = catalogue()
    parts = [_triples_of(p) for p in plans]
    if engine == "pyshacl":
        raw = [_run_pyshacl(cat, _data(t, know), ps) for t, ps in parts]
    elif engine == "shacl":
        raw = _run_shacl(cat, [(t, _data(t, know), ps) for t, ps in parts])
    else:
        raise KGError(f"unknown validation engine {engine!r}: use {' or '.join(ENGINES)}")
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


# -- shacl engine


def _chunks(batch: list, size: int = CHUNK) -> list[list]:
    """Split a batch so that no plan in a chunk states anything about a node another plan in the
    chunk also describes (same plan IRI twice, a statement about a named area): within a chunk the
    plans share one data graph, so each must see exactly the data it would see alone."""
    chunks, own, seen = [], set(), set()
    for item in batch:
        triples, data, _ = item
        mine = {t.subject for t in triples}
        allofit = {t.subject for t in data}
        if not chunks or len(chunks[-1]) >= size or mine & seen or allofit & own:
            chunks.append([])
            own, seen = set(), set()
        chunks[-1].append(item)
        own |= mine
        seen |= allofit
    return chunks


def _run_shacl(cat: Catalogue, batch: list) -> list:
    """batch: [(plan triples, data triples, plan IRIs)] -> [(results, contexts)] in the same order."""
    shapes = cat.shapes()
    out = []
    for chunk in _chunks(batch):
        data = list(dict.fromkeys(t for _, d, _ in chunk for t in d))
        store = ox.Store()
        store.bulk_extend([ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in data])
        # 1. contexts: the SHACL-AF rules' SPARQL, in pyoxigraph, for every plan of the chunk at once
        inferred = []
        for q in cat.context_queries():
            inferred.extend(ox.Triple(row["this"], RDF_TYPE, row["cls"]) for row in store.query(q))
        data = list(dict.fromkeys(data + inferred))
        # 2. shacl: SHACL core and SHACL-SPARQL constraints over the data with the contexts added
        text = ox.serialize(data, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
        report = shapes.validate_text(text, format="ntriples", inference="none")
        by_focus: dict = {}
        for r in report.results:
            by_focus.setdefault(_nt_key(r.focus_node), []).append(r)
        types: dict = {}
        for t in data:
            if t.predicate == RDF_TYPE and isinstance(t.object, ox.NamedNode):
                types.setdefault(t.subject, set()).add(t.object.value)
        for _, _, ps in chunk:
            results = [_shacl_result(r) for p in ps for r in by_focus.get(p.value, ())]
            contexts = {p.value: sorted(c.rsplit("/", 1)[-1] for c in types.get(p, set()) - {AREA_PLAN.value}
                                        if c.startswith(GO)) for p in ps}
            out.append((results, contexts))
    return out


def _shacl_result(r) -> dict:
    shape = r.source_shape if r.source_shape and r.source_shape.startswith("<") else r.root_shape
    path = r.path
    if path and path.startswith("<") and path.endswith(">") and ">" not in path[1:-1]:
        path = path[1:-1]
    return {"shape": _nt_key(shape), "severity": r.severity, "focus": _nt_key(r.focus_node), "path": path,
            "value": _nt_key(r.value), "component": r.component,
            "message": {"": r.messages[0]} if r.messages else {}}


@lru_cache(maxsize=4096)
def _nt_key(term: str | None) -> str | None:
    """An N-Triples term (as `shacl` reports it) -> the key form of _term_key."""
    if term is None:
        return None
    if term.startswith("<"):
        return term[1:-1]
    if term.startswith("_:"):
        return "_:"
    triple = next(iter(ox.parse(f"<urn:x:s> <urn:x:p> {term} .", format=ox.RdfFormat.N_TRIPLES)))
    return _term_key(triple.object)


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
