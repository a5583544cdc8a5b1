"""Helpers for the competency-question tests: ask a saved query through the CLI, read its answer."""

from __future__ import annotations

import json
import re

from conftest import kg

BASE = "https://w3id.org/gebiedsontwikkeling"
PASSAGE = re.compile(r"\b(\d{3}):(\d+)(?:-(\d+))?\b")


def ask(built_store, number: int, **params) -> list[dict[str, str]]:
    """Run saved query competency/cq-NN with parameters; rows as {variable: value}."""
    args = ["query", f"competency/cq-{number:02d}", "--store", str(built_store), "--format", "json"]
    for name, value in params.items():
        args += ["-p", f"{name}={value}"]
    result = kg(*args, check=True)
    data = json.loads(result.stdout)
    return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]


def text(rows, *columns) -> str:
    """All values (or the given columns) of the rows, lower-cased, in one string."""
    return " || ".join(str(v) for r in rows for k, v in r.items() if not columns or k in columns).lower()


def passages(rows) -> set[tuple[str, int, int]]:
    found = set()
    for row in rows:
        for key, value in row.items():
            if key.lower().endswith("sources"):
                for doc, first, last in PASSAGE.findall(value):
                    found.add((doc, int(first), int(last or first)))
    return found


def cites(rows, doc: str, line: int) -> bool:
    """Whether one of the cited passages of the answer covers line `line` of document `doc`."""
    return any(d == doc and first <= line <= last for d, first, last in passages(rows))
