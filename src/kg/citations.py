"""Citation check: does every cited line range exist and mention what cites it?

Every individual points with prov:wasDerivedFrom to a passage IRI {base}/id/passage/DDD-FIRST-LAST.
For each such citation the lines FIRST..LAST of seed DDD must contain the individual's prefLabel,
an altLabel or a go:keyTerm. Matching ignores case, hyphens, line breaks and white space, so that
"natuur-\\ninclusief" matches "natuurinclusief".

Run on one Turtle file while curating:   python -m kg.citations data/sources/002.ttl
"""

from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from . import config

PASSAGE_RE = re.compile(r"/id/passage/(\d{3})-(\d+)-(\d+)$")

# Terms that identify what cites a passage; read from the data with this query.
CITATIONS_QUERY = """
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX go: <%(go)s>
SELECT ?s ?p ?term WHERE {
  ?s prov:wasDerivedFrom ?p .
  OPTIONAL { ?s skos:prefLabel|skos:altLabel|go:keyTerm ?term }
}
"""


def normalise(text: str) -> str:
    """Fold case, unify quotes and dashes, drop hyphens and all white space."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.replace("\u00ad", "")  # soft hyphen
    text = re.sub(r"[\u2010-\u2015\-]", "", text)
    text = re.sub(r"[\u2018\u2019\u201a\u201b`´]", "'", text)
    text = re.sub(r"[\u201c\u201d\u201e\u201f]", '"', text)
    return re.sub(r"\s+", "", text)


@lru_cache(maxsize=None)
def seed_lines(doc: str, sources_dir: Path = config.SOURCES_DIR) -> tuple[str, ...]:
    matches = sorted(sources_dir.glob(f"{doc}_*.txt"))
    if not matches:
        raise FileNotFoundError(f"no seed file for document {doc} in {sources_dir}")
    return tuple(matches[0].read_text(encoding="utf-8").split("\n"))


@dataclass
class Report:
    checked: int = 0
    failures: list[tuple[str, str, str]] = field(default_factory=list)  # (subject, passage, reason)

    @property
    def verified(self) -> int:
        return self.checked - len(self.failures)

    @property
    def share(self) -> float:
        return 1.0 if self.checked == 0 else self.verified / self.checked

    def summary(self) -> str:
        return f"{self.verified}/{self.checked} citations verified ({self.share:.1%})"


def check_rows(rows, sources_dir: Path = config.SOURCES_DIR) -> Report:
    """rows: iterable of (subject, passage IRI, term or None). Returns a Report."""
    terms: dict[tuple[str, str], set[str]] = {}
    for s, p, term in rows:
        terms.setdefault((s, p), set())
        if term:
            terms[(s, p)].add(term)
    report = Report()
    for (s, p), names in sorted(terms.items()):
        report.checked += 1
        m = PASSAGE_RE.search(p)
        if not m:
            report.failures.append((s, p, "not a passage IRI of the form .../id/passage/DDD-FIRST-LAST"))
            continue
        doc, first, last = m.group(1), int(m.group(2)), int(m.group(3))
        try:
            lines = seed_lines(doc, sources_dir)
        except FileNotFoundError as e:
            report.failures.append((s, p, str(e)))
            continue
        if not (1 <= first <= last <= len(lines)):
            report.failures.append((s, p, f"line range {first}-{last} outside 1-{len(lines)}"))
            continue
        text = normalise(" ".join(lines[first - 1 : last]))
        if not names:
            report.failures.append((s, p, "subject has no prefLabel, altLabel or keyTerm"))
        elif not any(normalise(n) and normalise(n) in text for n in names):
            shown = ", ".join(sorted(names))[:200]
            report.failures.append((s, p, f"none of [{shown}] occurs in lines {first}-{last}"))
    return report


def check_graph(graph) -> Report:
    """Check an rdflib Graph (used for single files while curating)."""
    q = CITATIONS_QUERY % {"go": config.ns(config.CANONICAL_BASE)["go"]}
    rows = ((str(r.s), str(r.p), str(r.term) if r.term is not None else None) for r in graph.query(q))
    return check_rows(rows)


def main(argv: list[str] | None = None) -> int:
    import rdflib

    paths = argv if argv is not None else sys.argv[1:]
    if not paths:
        print("usage: python -m kg.citations FILE.ttl [FILE.ttl ...]", file=sys.stderr)
        return 2
    graph = rdflib.Graph()
    for path in paths:
        try:
            graph.parse(path, format="turtle")
        except Exception as e:  # report parse errors as one line, with position
            print(f"{path}: cannot parse: {e}", file=sys.stderr)
            return 2
    report = check_graph(graph)
    for s, p, reason in report.failures:
        print(f"FAIL {s.rsplit('/id/', 1)[-1]} <- {p.rsplit('/', 1)[-1]}: {reason}")
    print(report.summary())
    return 0 if not report.failures else 1


if __name__ == "__main__":
    sys.exit(main())
