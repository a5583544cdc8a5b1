"""Build: Turtle sources -> checked, enriched dataset -> pyoxigraph store.

Steps (each one a function below, called in order by `build`):

1. read     parse ontology/, data/ and shapes/ with pyoxigraph (errors carry file, line and column)
2. rebase   rewrite the canonical base IRI to the configured one
3. enrich   create source-passage nodes from passage IRIs, link them to sections, add rdfs:label
            from skos:prefLabel (many tools only read rdfs:label)
4. check    integrity shapes (pySHACL) and, unless skipped, OWL consistency (owlready2 + HermiT)
5. write    load into a fresh store directory, then swap it in; a failed build never touches the
            store that is being served

The same input gives a byte-identical N-Quads dump: blank nodes are canonicalised (RDFC-1.0) and
`export` sorts its output.
"""

from __future__ import annotations

import os
import shutil
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from . import config
from .errors import KGError

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def graph_iri(name: str, base: str = config.BASE) -> ox.NamedNode:
    """Named graphs: shapes, plans and validation reports live apart from the knowledge."""
    return ox.NamedNode(f"{base}/graph/{name}")


@dataclass
class BuildResult:
    quads: int = 0
    files: int = 0
    class_counts: Counter = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0


def source_files(home: Path = config.HOME) -> dict[str, list[Path]]:
    """Turtle files per target graph: knowledge in the default graph, shapes in their own graph."""
    knowledge = sorted((home / "ontology").glob("*.ttl")) + sorted((home / "data").rglob("*.ttl"))
    shapes = sorted((home / "shapes").rglob("*.ttl"))
    return {"default": knowledge, "shapes": shapes}


def read(files: dict[str, list[Path]], base: str) -> ox.Dataset:
    """Parse every file into one dataset. Raises KGError naming file, line and column."""
    dataset = ox.Dataset()
    for target, paths in files.items():
        graph = ox.DefaultGraph() if target == "default" else graph_iri(target, base)
        for path in paths:
            try:
                for triple in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
                    dataset.add(ox.Quad(*rebase_triple(triple, base), graph))
            except SyntaxError as e:
                raise KGError(f"{path.relative_to(config.HOME) if path.is_relative_to(config.HOME) else path}: {e}") from None
    return dataset


def rebase_term(term, base: str):
    if base != config.CANONICAL_BASE and isinstance(term, ox.NamedNode) and term.value.startswith(config.CANONICAL_BASE):
        return ox.NamedNode(base + term.value[len(config.CANONICAL_BASE):])
    return term


def rebase_triple(t: ox.Triple, base: str) -> tuple:
    if base == config.CANONICAL_BASE:
        return t.subject, t.predicate, t.object
    return rebase_term(t.subject, base), rebase_term(t.predicate, base), rebase_term(t.object, base)


def enrich(dataset: ox.Dataset, base: str) -> ox.Dataset:
    """Run rules/enrich.ru (passage nodes, sections, labels, numeric values) on the default graph."""
    store = ox.Store()
    store.bulk_extend(dataset)
    rules = (Path(__file__).parent / "rules" / "enrich.ru").read_text(encoding="utf-8")
    if base != config.CANONICAL_BASE:
        rules = rules.replace(config.CANONICAL_BASE, base)
    store.update(rules)
    enriched = ox.Dataset(store)
    enriched.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return enriched


def class_counts(dataset: ox.Dataset, base: str) -> Counter:
    go = config.ns(base)["go"]
    counts: Counter = Counter()
    for q in dataset.quads_for_predicate(RDF_TYPE):
        if q.graph_name == ox.DefaultGraph() and isinstance(q.object, ox.NamedNode) and q.object.value.startswith(go):
            counts[q.object.value[len(go):]] += 1
    return counts


def write(dataset: ox.Dataset, target, progress=lambda m: None):
    """Load the dataset into a store.

    On disk every build writes a new versioned directory ({target}-{time}) and then atomically points
    the symlink {target} at it. A failed build never touches the current version; a running server
    keeps reading the version it opened and switches when it sees the link change. The previous
    version is kept (a server may still be reading it); older ones are removed.
    An external store (RemoteStore) gets the dataset graph by graph.
    """
    from .remote import RemoteStore

    if isinstance(target, RemoteStore):
        target.replace(dataset, progress)
        return target
    if target is None:
        store = ox.Store()
        store.bulk_extend(dataset)
        return store
    target = Path(target).absolute()
    target.parent.mkdir(parents=True, exist_ok=True)
    version = target.with_name(f"{target.name}-{time.strftime('%Y%m%d%H%M%S')}-{time.time_ns() % 10**9:09d}")
    store = ox.Store(str(version))
    store.bulk_extend(dataset)
    store.flush()
    store.optimize()
    del store  # release the RocksDB lock
    if target.exists() and not target.is_symlink():  # a store from before versioning: keep it as a version
        target.rename(target.with_name(f"{target.name}-0-legacy"))
    link = target.with_name(f".{target.name}.link")
    link.unlink(missing_ok=True)
    link.symlink_to(version.name)
    previous = target.resolve() if target.is_symlink() else None
    os.replace(link, target)  # atomic: readers see the old or the new version, never a mix
    for old in target.parent.glob(f"{target.name}-*"):
        if old not in (version, previous) and old.is_dir():
            shutil.rmtree(old, ignore_errors=True)
    return ox.Store.read_only(str(version))


def build(
    target=config.STORE_DIR,
    *,
    base: str = config.BASE,
    home: Path = config.HOME,
    reason: bool = True,
    examples: bool = True,
    progress=lambda msg: None,
) -> tuple[ox.Store, BuildResult]:
    """Run the whole build. Raises KGError (with a readable report) when a check fails."""
    from . import checks  # imported here: pySHACL and owlready2 are slow to import

    started = time.perf_counter()
    result = BuildResult()
    files = source_files(home)
    result.files = sum(len(v) for v in files.values())
    progress(f"reading {result.files} Turtle files, adding source passages and labels")
    dataset = enrich(read(files, base), base)
    progress("checking integrity (SHACL)")
    checks.integrity(dataset, base)
    if reason:
        progress("checking OWL consistency (HermiT)")
        result.warnings += checks.consistency(dataset)
    if examples and (home / "examples").is_dir():
        progress("validating the example plans (their reports are stored beside them)")
        from . import planstore

        knowledge = ox.Store()
        knowledge.bulk_extend(dataset)
        for quad in planstore.example_quads(knowledge, home / "examples", base):
            dataset.add(quad)
        dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    progress("writing the store" if target else "loading the in-memory store")
    store = write(dataset, target, progress)
    result.quads = len(dataset)
    result.class_counts = class_counts(dataset, base)
    result.seconds = time.perf_counter() - started
    return store, result
