"""Saved queries: every queries/**/*.rq file with a comment header.

Header format (comment lines at the top of the file):

    # title: Welke kaders stellen doelen voor stedelijk groen?
    # description: Frameworks with targets on urban green, with their sources.
    # param: theme iri optional  Theme concept IRI, e.g. .../id/begrip/thema/groen
    # param: year literal required  A year, bound as xsd:gYear
    # param: about iri default=kader/natuurplan  The framework asked about

Parameters are `required`, `optional` (unbound when not given) or `default=VALUE` (bound to VALUE
when not given; IRIs may use the short form `type/slug` for {base}/id/type/slug; a literal with
spaces is quoted, `default="centrale plek"`). Prefer defaults over `BIND(COALESCE(?p, ...))` in the
query body: a bound value is something the optimiser can start from, a COALESCE is computed after
the patterns it should have narrowed (docs/queries.md).

Parameters are bound as RDF terms (kg.sparql.bind puts a VALUES block built from pyoxigraph terms at
the start of the WHERE clause), never spliced into the query as text. Scoping follows SPARQL: the
binding is visible to patterns and FILTERs at the top level of the WHERE clause (including their
EXISTS and OPTIONAL parts), but not inside nested groups such as UNION branches, which SPARQL
evaluates on their own. So write `FILTER(!BOUND(?x) || ...)` for optional parameters at the top
level. An unset optional parameter stays unbound.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from . import config, sparql
from .errors import KGError

HEADER_RE = re.compile(r"^#\s*(title|description|param|competency):\s*(.*)$")
# name kind required|optional|default=VALUE description; a default with spaces is quoted: default="a b"
PARAM_RE = re.compile(r'^(\S+)\s+(\S+)\s+(required|optional|default=(?:"[^"]*"|\S+))\s*(.*)$')
NAME_RE = re.compile(r"^[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*)*$")


@dataclass
class Param:
    name: str
    kind: str            # "iri" or "literal" (or "integer" / "decimal" / "gYear")
    required: bool
    description: str
    default: str | None = None

    def term(self, value: str, base: str = config.BASE):
        """Turn a user-supplied string into an RDF term, or raise KGError naming the parameter."""
        if self.kind == "iri":
            if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|\\^`]*$", value):
                if re.match(r"^[a-z0-9-]+(/[A-Za-z0-9._~-]+)+$", value):  # short form "actor/gemeente"
                    value = f"{base}/id/{value}"
                else:
                    raise KGError(f"parameter {self.name!r}: {value!r} is not an IRI")
            return ox.NamedNode(value)
        datatypes = {"integer": "integer", "decimal": "decimal", "gYear": "gYear"}
        if self.kind in datatypes:
            if self.kind in ("integer", "gYear") and not re.fullmatch(r"-?\d+", value) or \
               self.kind == "decimal" and not re.fullmatch(r"-?\d+(\.\d+)?", value):
                raise KGError(f"parameter {self.name!r}: {value!r} is not a valid {self.kind}")
            return ox.Literal(value, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#" + datatypes[self.kind]))
        return ox.Literal(value)


@dataclass
class SavedQuery:
    name: str
    path: Path
    text: str
    title: str = ""
    description: str = ""
    competency: list[str] = field(default_factory=list)
    params: list[Param] = field(default_factory=list)

    def bind(self, values: dict[str, str], base: str = config.BASE) -> dict[str, object]:
        known = {p.name: p for p in self.params}
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise KGError(f"unknown parameter(s) for {self.name}: {', '.join(unknown)}; "
                          f"known: {', '.join(known) or 'none'}")
        missing = [p.name for p in self.params if p.required and not values.get(p.name)]
        if missing:
            raise KGError(f"missing required parameter(s) for {self.name}: {', '.join(missing)}")
        given = {k: v for k, v in values.items() if v not in (None, "")}
        defaults = {p.name: p.default for p in self.params if p.default is not None and p.name not in given}
        return {k: known[k].term(v, base) for k, v in {**defaults, **given}.items()}

    def bound_text(self, values: dict[str, str] | None = None, base: str = config.BASE) -> str:
        """The query text with its parameters (given or default) bound: what to send to any endpoint."""
        return sparql.bind(self.text, self.bind(values or {}, base))


def parse(path: Path, root: Path) -> SavedQuery:
    # Queries are written with the canonical base; a deployment with another base rewrites them.
    text = path.read_text(encoding="utf-8").replace(config.CANONICAL_BASE, config.BASE)
    name = path.relative_to(root).with_suffix("").as_posix()
    q = SavedQuery(name=name, path=path, text=text)
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        m = HEADER_RE.match(line)
        if not m:
            continue
        key, value = m.group(1), m.group(2).strip()
        if key == "param":
            param = PARAM_RE.match(value)
            if not param:
                raise KGError(f"{path}: bad param header {value!r}: "
                              "want 'name kind required|optional|default=VALUE description'")
            name, kind, mode, description = param.groups()
            default = mode[len("default="):].strip('"') if mode.startswith("default=") else None
            q.params.append(Param(name, kind, mode == "required", description, default))
        elif key == "competency":
            q.competency += [c.strip() for c in value.split(",") if c.strip()]
        else:
            setattr(q, key, value)
    return q


def load_all(root: Path = config.QUERIES_DIR) -> dict[str, SavedQuery]:
    return {q.name: q for q in (parse(p, root) for p in sorted(root.rglob("*.rq")))}


def get(name: str, root: Path = config.QUERIES_DIR) -> SavedQuery:
    if not NAME_RE.match(name):
        raise KGError(f"no saved query named {name!r}", status=404)
    path = root / f"{name}.rq"
    if not path.is_file():
        raise KGError(f"no saved query named {name!r}", status=404)
    return parse(path, root)
