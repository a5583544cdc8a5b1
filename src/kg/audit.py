"""Consistency audit: inconsistencies between and within the sources, and policy gaps.

Every check is a saved SPARQL query under queries/audit/ (so each one is also served as
GET /api/queries/audit/{name}). All checks return the same columns, one row per finding:

    ?type ?severity ?subject ?subjectLabel [?aspect ?aspectLabel]
    ?statementA ?valueA ?documentA ?sourcesA ?passagesA
    [?statementB ?valueB ?documentB ?sourcesB ?passagesB]
    ?explanation

`?type` and `?severity` are concepts from ontology/audit.ttl, `?passagesA/B` are space-separated
passage IRIs ({base}/id/passage/DDD-FIRST-LAST) and `?sourcesA/B` their labels ("000:61"). Gap checks
have one side only.

`run(store)` runs every check on whatever is loaded and returns Finding objects; `serialize()`
writes them as text, JSON, CSV or Turtle (model: go:AuditFinding in ontology/audit.ttl).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from . import config, queries, sparql
from .errors import KGError

AUDIT_DIR = "audit"
FORMATS = ("text", "json", "csv", "turtle")
SEVERITY_ORDER = {"hoog": 0, "middel": 1, "laag": 2}
PASSAGE_RE = re.compile(r"/id/passage/(\d{3})-(\d+)-(\d+)$")
SKOS_PREF = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")


@dataclass(frozen=True)
class Passage:
    iri: str
    document: str
    first: int
    last: int

    @property
    def label(self) -> str:
        """'002:246' or '000:657-665', the label the build gives passage nodes."""
        return f"{self.document}:{self.first}" + (f"-{self.last}" if self.last != self.first else "")

    @property
    def lines(self) -> str:
        return str(self.first) if self.first == self.last else f"{self.first}-{self.last}"

    @classmethod
    def parse(cls, iri: str) -> "Passage | None":
        m = PASSAGE_RE.search(iri)
        return cls(iri, m.group(1), int(m.group(2)), int(m.group(3))) if m else None


@dataclass
class Side:
    """What one source states: the statement (a label in the graph), the value as written, the
    document(s) and the passages."""

    statement: str
    value: str
    passages: list[Passage]

    @property
    def documents(self) -> list[str]:
        return sorted({p.document for p in self.passages})

    @property
    def document(self) -> str:
        return ", ".join(self.documents)

    @property
    def sources(self) -> str:
        return ", ".join(p.label for p in self.passages)

    def to_dict(self) -> dict:
        return {
            "statement": self.statement,
            "value": self.value,
            "document": self.document,
            "lines": [p.label for p in self.passages],
            "passages": [{"iri": p.iri, "label": p.label, "document": p.document, "first": p.first, "last": p.last}
                         for p in self.passages],
        }


@dataclass
class Finding:
    check: str                 # the query under queries/audit/, e.g. "claim-values"
    type: str                  # concept IRI from the bevindingsoort scheme
    type_label: str
    severity: str              # concept IRI from the ernst scheme
    severity_label: str        # "hoog" | "middel" | "laag"
    subject: str               # IRI of the thing the finding is about
    subject_label: str
    explanation: str
    sides: list[Side] = field(default_factory=list)
    aspect: str | None = None
    aspect_label: str | None = None
    involves: list[str] = field(default_factory=list)

    @property
    def type_name(self) -> str:
        return self.type.rsplit("/", 1)[-1]

    @property
    def category(self) -> str:
        """'hiaat' (policy gap) or 'inconsistentie'."""
        return "hiaat" if self.type_name.startswith("hiaat") else "inconsistentie"

    @property
    def documents(self) -> list[str]:
        return sorted({d for s in self.sides for d in s.documents})

    @property
    def cross_document(self) -> bool:
        return len(self.sides) > 1 and len(self.documents) > 1

    @property
    def id(self) -> str:
        """Stable across builds: a hash of the check, the subject and both sides' values and passages."""
        key = json.dumps([self.check, self.subject, self.aspect,
                          [[s.value, [p.iri for p in s.passages]] for s in self.sides]], ensure_ascii=False)
        return hashlib.sha1(key.encode()).hexdigest()[:12]

    def iri(self, base: str = config.BASE) -> str:
        return f"{base}/id/bevinding/{self.id}"

    def to_dict(self, base: str = config.BASE) -> dict:
        return {
            "id": self.id,
            "iri": self.iri(base),
            "check": self.check,
            "type": self.type_name,
            "typeIri": self.type,
            "typeLabel": self.type_label,
            "category": self.category,
            "severity": self.severity_label,
            "severityIri": self.severity,
            "subject": self.subject,
            "subjectLabel": self.subject_label,
            "aspect": self.aspect,
            "aspectLabel": self.aspect_label,
            "crossDocument": self.cross_document,
            "documents": self.documents,
            "involves": self.involves,
            "explanation": self.explanation,
            "sides": [s.to_dict() for s in self.sides],
        }


# --------------------------------------------------------------------------------------------
# Running the checks


def checks(root: Path | None = None) -> list[queries.SavedQuery]:
    """The audit checks: every saved query under queries/audit/."""
    root = root or config.QUERIES_DIR
    return [q for name, q in sorted(queries.load_all(root).items()) if name.startswith(AUDIT_DIR + "/")]


def _label(store, iri: str, cache: dict) -> str:
    if iri not in cache:
        label = None
        try:
            for q in store.quads_for_pattern(ox.NamedNode(iri), SKOS_PREF, None):
                if isinstance(q.object, ox.Literal) and q.object.language == "nl":
                    label = q.object.value
                    break
        except (AttributeError, ValueError):  # an external store without quads_for_pattern
            label = None
        cache[iri] = label or iri.rsplit("/", 1)[-1]
    return cache[iri]


def _side(row: dict, suffix: str) -> Side | None:
    passages = [p for p in (Passage.parse(i) for i in row.get("passages" + suffix, "").split()) if p]
    if not passages:
        return None
    passages.sort(key=lambda p: (p.document, p.first, p.last))
    return Side(statement=row.get("statement" + suffix, ""), value=row.get("value" + suffix, ""), passages=passages)


def findings_from_rows(check: str, rows: list[dict], store=None) -> list[Finding]:
    """Turn the rows of one audit query into Findings (rows without a type or side are skipped)."""
    cache: dict[str, str] = {}
    found = []
    for row in rows:
        if not row.get("type"):
            continue
        sides = [s for s in (_side(row, "A"), _side(row, "B")) if s]
        if not sides:
            continue
        t, sev = row["type"], row.get("severity", "")
        label = (lambda iri: _label(store, iri, cache)) if store is not None else (lambda iri: iri.rsplit("/", 1)[-1])
        found.append(Finding(
            check=check,
            type=t, type_label=label(t),
            severity=sev, severity_label=sev.rsplit("/", 1)[-1],
            subject=row.get("subject", ""), subject_label=row.get("subjectLabel", row.get("subject", "")),
            aspect=row.get("aspect"), aspect_label=row.get("aspectLabel"),
            explanation=row.get("explanation", ""),
            sides=sides,
            involves=[row["subject"]] if row.get("subject") else [],
        ))
    return found


def matches(f: Finding, types, documents, severities, check_names) -> bool:
    if types and not ({f.type_name, f.category, f.check.split("/", 1)[-1]} & set(types)):
        return False
    if documents and not (set(f.documents) & set(documents)):
        return False
    if severities and f.severity_label not in severities:
        return False
    if check_names and f.check.split("/", 1)[-1] not in check_names:
        return False
    return True


def run(
    store,
    *,
    types: list[str] | None = None,
    documents: list[str] | None = None,
    severities: list[str] | None = None,
    check_names: list[str] | None = None,
    root: Path | None = None,
) -> list[Finding]:
    """Run every audit check on a store (pyoxigraph Store or RemoteStore) and return the findings,
    most severe first. Filters (all optional, combined with AND; each a list of alternatives):

    types       finding type ('waarde-verschil', 'termijn-verschil', ...), category ('inconsistentie',
                'hiaat') or check name ('claim-values')
    documents   source document numbers ('000' ... '004'): findings with a side in one of them
    severities  'hoog', 'middel', 'laag'
    check_names check names without the 'audit/' prefix
    """
    documents = [d.zfill(3) for d in documents] if documents else None
    found: list[Finding] = []
    for q in checks(root):
        name = q.name.split("/", 1)[-1]
        if check_names and name not in check_names:
            continue
        result = sparql.run(store, q.bound_text(), row_limit=100_000)
        found += findings_from_rows(name, result.rows(), store)
    found = [f for f in found if matches(f, types, documents, severities, check_names)]
    found.sort(key=lambda f: (SEVERITY_ORDER.get(f.severity_label, 9), f.category, f.type_name,
                              f.subject_label.casefold(), f.documents, f.id))
    return found


def load_store(paths: list[Path] | None = None, *, home: Path | None = None, extra: list[Path] | None = None) -> ox.Store:
    """An in-memory store from Turtle files, without the build's checks: by default ontology/*.ttl and
    data/**/*.ttl of `home`, plus `extra` files (e.g. a new handreiking's claims). The audit does not
    need the build's enrichment: it reads passage documents and lines from the passage IRIs."""
    from . import build

    if paths is None:
        files = build.source_files(home or config.HOME)["default"]
    else:
        files = list(paths)
    files += list(extra or [])
    dataset = build.read({"default": files}, config.BASE)
    store = ox.Store()
    store.bulk_extend(dataset)
    return store


def with_extra(store, paths: list[Path]) -> ox.Store:
    """A copy of `store` (default graph) in memory with extra Turtle files added, to audit a new
    source against the built graph without rebuilding it."""
    from . import build

    copy = ox.Store()
    copy.bulk_extend(store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    copy.bulk_extend(build.read({"default": list(paths)}, config.BASE))
    return copy


# --------------------------------------------------------------------------------------------
# Output


def summary(findings: list[Finding]) -> dict:
    by_type: dict[str, int] = {}
    by_severity: dict[str, int] = {}
    for f in findings:
        by_type[f.type_name] = by_type.get(f.type_name, 0) + 1
        by_severity[f.severity_label] = by_severity.get(f.severity_label, 0) + 1
    return {
        "findings": len(findings),
        "inconsistencies": sum(f.category == "inconsistentie" for f in findings),
        "gaps": sum(f.category == "hiaat" for f in findings),
        "crossDocument": sum(f.cross_document for f in findings),
        "bySeverity": dict(sorted(by_severity.items(), key=lambda kv: SEVERITY_ORDER.get(kv[0], 9))),
        "byType": dict(sorted(by_type.items())),
    }


def to_text(findings: list[Finding]) -> str:
    out = []
    for n, f in enumerate(findings, 1):
        if len(f.sides) < 2:
            where = "bron " + ", ".join(f.documents)
        else:
            where = "tussen documenten" if f.cross_document else ("binnen document " + ", ".join(f.documents))
        about = f.subject_label + (f" · {f.aspect_label}" if f.aspect_label else "")
        out.append(f"{n}. [{f.severity_label}] {f.type_label} — {about}  ({f.check}, {where}, {f.id})")
        for letter, s in zip("ABCDEFG", f.sides):
            out.append(f"   {letter} {s.sources}: {s.value}")
            if s.statement and s.statement != s.value:
                out.append(f"     “{s.statement}”")
        out.append(f"   → {f.explanation}")
        out.append("")
    s = summary(findings)
    out.append(f"{s['findings']} bevindingen / findings ({s['inconsistencies']} inconsistencies, {s['gaps']} gaps; "
               f"{s['crossDocument']} across documents); severity: "
               + ", ".join(f"{k} {v}" for k, v in s["bySeverity"].items()))
    return "\n".join(out) + "\n"


def to_json(findings: list[Finding], base: str = config.BASE) -> str:
    return json.dumps({"summary": summary(findings), "findings": [f.to_dict(base) for f in findings]},
                      ensure_ascii=False, indent=2) + "\n"


CSV_COLUMNS = ["id", "check", "type", "category", "severity", "subject", "subjectLabel", "aspect", "crossDocument",
               "valueA", "sourcesA", "statementA", "valueB", "sourcesB", "statementB", "explanation"]


def to_csv(findings: list[Finding]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for f in findings:
        row = {"id": f.id, "check": f.check, "type": f.type_name, "category": f.category, "severity": f.severity_label,
               "subject": f.subject, "subjectLabel": f.subject_label, "aspect": f.aspect_label or "",
               "crossDocument": str(f.cross_document).lower(), "explanation": f.explanation}
        for letter, s in zip("AB", f.sides):
            row.update({f"value{letter}": s.value, f"sources{letter}": s.sources, f"statement{letter}": s.statement})
        writer.writerow(row)
    return buffer.getvalue()


def to_triples(findings: list[Finding], base: str = config.BASE) -> list[ox.Triple]:
    """The findings as RDF (vocabulary in ontology/audit.ttl)."""
    go = config.ns(base)["go"]
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    rdfs_label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    derived = ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom")
    xsd_bool = ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")
    g = lambda local: ox.NamedNode(go + local)  # noqa: E731
    triples = []
    for f in findings:
        node = ox.NamedNode(f.iri(base))
        triples += [
            ox.Triple(node, rdf_type, g("AuditFinding")),
            ox.Triple(node, rdfs_label, ox.Literal(f"{f.type_label}: {f.subject_label}", language="nl")),
            ox.Triple(node, g("findingType"), ox.NamedNode(f.type)),
            ox.Triple(node, g("auditCheck"), ox.Literal(f.check)),
            ox.Triple(node, g("explanation"), ox.Literal(f.explanation, language="nl")),
            ox.Triple(node, g("crossDocument"), ox.Literal(str(f.cross_document).lower(), datatype=xsd_bool)),
        ]
        if f.severity:
            triples.append(ox.Triple(node, g("severity"), ox.NamedNode(f.severity)))
        for iri in dict.fromkeys(f.involves + ([f.aspect] if f.aspect else [])):
            if iri:
                triples.append(ox.Triple(node, g("involves"), ox.NamedNode(iri)))
        for letter, s in zip("abcdefg", f.sides):
            side = ox.NamedNode(f"{f.iri(base)}-{letter}")
            triples += [
                ox.Triple(node, g("side"), side),
                ox.Triple(side, rdf_type, g("FindingSide")),
                ox.Triple(side, g("statement"), ox.Literal(s.statement, language="nl")),
                ox.Triple(side, g("valueText"), ox.Literal(s.value)),
            ]
            for doc in s.documents:
                triples.append(ox.Triple(side, g("inDocument"), ox.NamedNode(f"{base}/id/bron/{doc}")))
            for p in s.passages:
                triples.append(ox.Triple(side, derived, ox.NamedNode(p.iri)))
    return triples


def to_turtle(findings: list[Finding], base: str = config.BASE) -> str:
    prefixes = {**sparql.PREFIXES, "go": config.ns(base)["go"], "bevinding": f"{base}/id/bevinding/",
                "passage": f"{base}/id/passage/", "bron": f"{base}/id/bron/",
                "ernst": f"{base}/id/begrip/ernst/", "soort": f"{base}/id/begrip/bevindingsoort/"}
    return ox.serialize(to_triples(findings, base), format=ox.RdfFormat.TURTLE, prefixes=prefixes).decode()


def _local(iri: str, base: str) -> str:
    """A link on this server for an IRI under the base (the server answers /id/... for the base)."""
    return iri[len(base):] if iri.startswith(base + "/") else iri


def to_html(findings: list[Finding], base: str = config.BASE, title: str = "Consistentie-audit") -> str:
    """A self-contained HTML page (for the web app): one table row per finding, both sides with
    links to their passages."""
    from html import escape as e

    s = summary(findings)
    rows = []
    for f in findings:
        sides = "".join(
            f"<div class='side'><b>{letter}</b> "
            + ", ".join(f"<a href='{e(_local(p.iri, base))}'>{e(p.label)}</a>" for p in side.passages)
            + f": <span class='value'>{e(side.value)}</span><br><small>{e(side.statement)}</small></div>"
            for letter, side in zip("ABCDEFG", f.sides))
        about = f"<a href='{e(_local(f.subject, base))}'>{e(f.subject_label)}</a>" + (f" · {e(f.aspect_label)}" if f.aspect_label else "")
        rows.append(f"<tr class='{e(f.severity_label)}'><td>{e(f.severity_label)}</td><td>{e(f.type_label)}<br><small>{e(f.check)}</small></td>"
                    f"<td>{about}</td><td>{sides}</td><td>{e(f.explanation)}</td></tr>")
    return f"""<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>{e(title)}</title>
<style>body{{font-family:sans-serif;margin:1.5em}} table{{border-collapse:collapse;width:100%}}
td,th{{border-bottom:1px solid #ddd;padding:.4em;vertical-align:top;text-align:left}} .hoog td:first-child{{color:#b00;font-weight:bold}}
.middel td:first-child{{color:#a60}} .laag td:first-child{{color:#555}} .side{{margin-bottom:.3em}} .value{{font-weight:bold}}</style>
</head><body><h1>{e(title)}</h1>
<p>{s['findings']} bevindingen: {s['inconsistencies']} inconsistenties, {s['gaps']} hiaten; {s['crossDocument']} tussen documenten.</p>
<table><thead><tr><th>ernst</th><th>soort</th><th>over</th><th>bronnen</th><th>toelichting</th></tr></thead><tbody>
{chr(10).join(rows)}
</tbody></table></body></html>
"""


def serialize(findings: list[Finding], fmt: str = "text", base: str = config.BASE) -> str:
    """Findings as 'text', 'json', 'csv' or 'turtle' (and 'html', a page for the web app)."""
    if fmt == "text":
        return to_text(findings)
    if fmt == "json":
        return to_json(findings, base)
    if fmt == "csv":
        return to_csv(findings)
    if fmt == "turtle":
        return to_turtle(findings, base)
    if fmt == "html":
        return to_html(findings, base)
    raise KGError(f"unknown audit format {fmt!r}; use one of {', '.join(FORMATS)}")


MEDIA_TYPES = {"text": "text/plain; charset=utf-8", "json": "application/json", "csv": "text/csv; charset=utf-8",
               "turtle": "text/turtle; charset=utf-8", "html": "text/html; charset=utf-8"}
