"""Scale: a synthetic national dataset in the real vocabulary, and the query cost as it grows.

Generator: on top of the real graph (an existing `kg build` store, ~61k quads), each of the 342
gemeenten (actor:gemeente-synth-NNN, go:Actor of actorsoort:gemeente in one of the 12 provinces)
gets `units` repetitions of: a named area (go:HousingArea or go:Project, area types, province,
withinArea a real NOVEX area), a target (go:Target set by a real framework, value, unit, comparator,
deadline, theme, area type, legal force, value kind), a claim (go:Claim about a real framework or the
area, aspect, claimed value), a koppelkans (connects a real framework and a theme, type, rationale,
actor), an actor role (role in a real framework) and an area plan (go:AreaPlan in its own named
graph {base}/graph/plan-synth-NNN-k, as submitted plans are stored). Every synthetic fact cites a
real passage (prov:wasDerivedFrom), uses the IRI patterns of docs/curation.md and carries
rdfs:label beside skos:prefLabel as the build's enrich step would add. About 62 triples a unit;
`units` is chosen so that the synthetic part has the requested number of triples.

Benchmark, per size, in a fresh process (so peak RSS is per size): generate, load an embedded
pyoxigraph store on disk (bulk load + optimize, as `kg build` writes it), then time in process, the
way /api/queries runs them (kg.sparql.run, row limit 10,000):
  - every competency query queries/competency/*.rq with its defaults,
  - the instruments query (/api/instruments) with four parameter sets,
  - the audit: every check query of queries/audit/ (the SPARQL part of `kg audit`), summed,
  - plan validation: each example plan read, validated and explained (in process, on the scaled store).
Every run goes through kg.engine.QueryEngine (a worker process over the read-only store, as /sparql
runs public queries; results serialised as SPARQL JSON), with a time limit per run (--limit).
Reported: p50/p95 per query and over all competency runs, the slowest queries, load time, store
size and peak RSS, and growth between sizes.

    python -m bench.scale                                    # sizes 10k, 100k, 1M synthetic triples
    python -m bench.scale --sizes 10000 --repeat 3           # quick
    python -m bench.scale --generate 1000000 -o national.nq  # only write the dataset (N-Quads)

--base-store is the real graph to start from (default var/store; run `kg build` first).
Results go to bench/results/scale.json and are printed as Markdown.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
RESULTS = ROOT / "bench" / "results"

B = "https://w3id.org/gebiedsontwikkeling"
GO = B + "/def/"
ID = B + "/id/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
PREF = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
DESC = ox.NamedNode("http://purl.org/dc/terms/description")
PROV = ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom")
XSD = "http://www.w3.org/2001/XMLSchema#"
GEMEENTEN = 342
TRIPLES_PER_GEMEENTE = 6
TRIPLES_PER_UNIT = 62  # checked by generate(); only used to choose `units`


def go(term: str) -> ox.NamedNode:
    return ox.NamedNode(GO + term)


def iri(path: str) -> ox.NamedNode:
    return ox.NamedNode(ID + path)


def lit(value, datatype: str | None = None, lang: str | None = None) -> ox.Literal:
    if lang:
        return ox.Literal(str(value), language=lang)
    return ox.Literal(str(value), datatype=ox.NamedNode(XSD + datatype)) if datatype else ox.Literal(str(value))


def vocabulary(store: ox.Store) -> dict[str, list[ox.NamedNode]]:
    """The real terms the synthetic data points at, read from the real graph."""
    def members(query: str) -> list[ox.NamedNode]:
        return sorted((s["x"] for s in store.query(query) if isinstance(s["x"], ox.NamedNode)), key=lambda n: n.value)

    scheme = lambda name: members(f"SELECT DISTINCT ?x {{ ?x a <http://www.w3.org/2004/02/skos/core#Concept> "  # noqa: E731
                                  f"FILTER(STRSTARTS(STR(?x), '{ID}begrip/{name}/')) }}")
    vocab = {
        "kader": members(f"SELECT DISTINCT ?x {{ ?x a <{GO}PolicyFramework> }}"),
        "instrument": members(f"SELECT DISTINCT ?x {{ ?x a <{GO}Instrument> }}"),
        "novex": members(f"SELECT DISTINCT ?x {{ ?x a <{GO}NovexArea> }}"),
        "provincie": members(f"SELECT DISTINCT ?x {{ ?x <{GO}actorType> <{ID}begrip/actorsoort/provincie> }}"),
        "passage": members(f"SELECT DISTINCT ?x {{ ?s <{PROV.value}> ?x FILTER(STRSTARTS(STR(?x), '{ID}passage/')) }}"),
        "thema": scheme("thema"), "gebiedstype": scheme("gebiedstype"), "vergelijking": scheme("vergelijking"),
        "rechtskracht": scheme("rechtskracht"), "waardesoort": scheme("waardesoort"), "aspect": scheme("aspect"),
        "kksoort": scheme("koppelkanssoort"), "rolsoort": scheme("rol"),
    }
    empty = [k for k, v in vocab.items() if not v]
    if empty:
        raise SystemExit(f"the base graph lacks {empty}: is it a full `kg build` store?")
    return vocab


def generate(vocab: dict, triples: int, seed: int = 42):
    """Yield synthetic quads (about `triples` of them) for the 342 gemeenten."""
    rng = random.Random(seed)
    # small sizes use fewer gemeenten; otherwise all 342, the units spread as evenly as possible
    gemeenten = min(GEMEENTEN, max(1, triples // (TRIPLES_PER_GEMEENTE + TRIPLES_PER_UNIT)))
    all_units = max(gemeenten, round((triples - gemeenten * TRIPLES_PER_GEMEENTE) / TRIPLES_PER_UNIT))
    pick = lambda key: rng.choice(vocab[key])  # noqa: E731
    dg = ox.DefaultGraph()

    def labelled(s, text, graph=dg):
        yield ox.Quad(s, PREF, lit(text, lang="nl"), graph)
        yield ox.Quad(s, LABEL, lit(text, lang="nl"), graph)

    for g in range(1, gemeenten + 1):
        units = all_units // gemeenten + (1 if g <= all_units % gemeenten else 0)
        gem = iri(f"actor/gemeente-synth-{g:03d}")
        name = f"Gemeente Synthese {g:03d}"
        yield ox.Quad(gem, RDF_TYPE, go("Actor"), dg)
        yield from labelled(gem, name)
        yield ox.Quad(gem, go("actorType"), iri("begrip/actorsoort/gemeente"), dg)
        yield ox.Quad(gem, go("governanceLevel"), iri("begrip/bestuurslaag/gemeente"), dg)
        yield ox.Quad(gem, PROV, pick("passage"), dg)
        province = pick("provincie")
        for k in range(1, units + 1):
            slug = f"synth-{g:03d}-{k:03d}"
            src = pick("passage")
            kader, thema, gtype = pick("kader"), pick("thema"), pick("gebiedstype")
            # named area (8)
            area = iri(f"gebied/{slug}")
            yield ox.Quad(area, RDF_TYPE, go(rng.choice(["HousingArea", "Project"])), dg)
            yield from labelled(area, f"Deelgebied {k} in {name}")
            yield ox.Quad(area, go("areaType"), gtype, dg)
            yield ox.Quad(area, go("areaType"), pick("gebiedstype"), dg)
            yield ox.Quad(area, go("inProvince"), province, dg)
            yield ox.Quad(area, go("withinArea"), pick("novex"), dg)
            yield ox.Quad(area, PROV, src, dg)
            # target (16)
            target = iri(f"doel/{slug}")
            value = rng.choice([10, 25, 30, 40, 50, 75, 100, 250, 1000, 2500])
            year = rng.choice([2027, 2030, 2035, 2040, 2050])
            yield ox.Quad(target, RDF_TYPE, go("Target"), dg)
            yield from labelled(target, f"{name}: {value}% {thema.value.rsplit('/', 1)[1]} in {year}")
            yield ox.Quad(target, go("keyTerm"), lit(f"{value}%"), dg)
            yield ox.Quad(target, go("setBy"), kader, dg)
            yield ox.Quad(target, go("value"), lit(value, "decimal"), dg)
            yield ox.Quad(target, go("unit"), lit("%"), dg)
            yield ox.Quad(target, go("valueText"), lit(f"{value}%"), dg)
            yield ox.Quad(target, go("comparator"), pick("vergelijking"), dg)
            yield ox.Quad(target, go("deadline"), lit(year, "gYear"), dg)
            yield ox.Quad(target, go("theme"), thema, dg)
            yield ox.Quad(target, go("appliesToAreaType"), gtype, dg)
            yield ox.Quad(target, go("legalForce"), pick("rechtskracht"), dg)
            yield ox.Quad(target, go("valueKind"), pick("waardesoort"), dg)
            yield ox.Quad(target, go("scope"), lit(f"Grondgebied van {name}", lang="nl"), dg)
            yield ox.Quad(target, PROV, src, dg)
            # claim (8)
            claim = iri(f"bewering/{slug}")
            yield ox.Quad(claim, RDF_TYPE, go("Claim"), dg)
            yield from labelled(claim, f"Aantal woningen in deelgebied {k} volgens {name}")
            yield ox.Quad(claim, go("about"), rng.choice([kader, area]), dg)
            yield ox.Quad(claim, go("aspect"), pick("aspect"), dg)
            yield ox.Quad(claim, go("claimedValue"), lit(rng.randrange(50, 5000), "integer"), dg)
            yield ox.Quad(claim, go("valueText"), lit("woningen"), dg)
            yield ox.Quad(claim, PROV, src, dg)
            # koppelkans (12)
            kk = iri(f"koppelkans/{slug}")
            yield ox.Quad(kk, RDF_TYPE, go("Koppelkans"), dg)
            yield from labelled(kk, f"Koppelkans {k} in {name}")
            yield ox.Quad(kk, go("keyTerm"), lit(thema.value.rsplit("/", 1)[1]), dg)
            yield ox.Quad(kk, go("connects"), kader, dg)
            yield ox.Quad(kk, go("connects"), thema, dg)
            yield ox.Quad(kk, go("koppelkansType"), pick("kksoort"), dg)
            yield ox.Quad(kk, go("rationale"), lit("Synthetische koppeling voor de schaalproef.", lang="nl"), dg)
            yield ox.Quad(kk, go("theme"), thema, dg)
            yield ox.Quad(kk, go("actor"), gem, dg)
            yield ox.Quad(kk, go("appliesToAreaType"), gtype, dg)
            yield ox.Quad(kk, PROV, src, dg)
            # actor role (7)
            role = iri(f"rol/{slug}")
            yield ox.Quad(role, RDF_TYPE, go("ActorRole"), dg)
            yield from labelled(role, f"{name}: rol in {kader.value.rsplit('/', 1)[1]}")
            yield ox.Quad(role, go("actor"), gem, dg)
            yield ox.Quad(role, go("roleIn"), kader, dg)
            yield ox.Quad(role, go("roleType"), pick("rolsoort"), dg)
            yield ox.Quad(role, PROV, src, dg)
            # area plan in its own named graph (11)
            plan = ox.NamedNode(f"{ID}plan/{slug}")
            pg = ox.NamedNode(f"{B}/graph/plan-{slug}")
            yield ox.Quad(plan, RDF_TYPE, go("AreaPlan"), pg)
            yield ox.Quad(plan, PREF, lit(f"Gebiedsplan {k} {name}", lang="nl"), pg)
            yield ox.Quad(plan, go("inMunicipality"), gem, pg)
            yield ox.Quad(plan, go("withinArea"), area, pg)
            yield ox.Quad(plan, go("addressesFramework"), kader, pg)
            yield ox.Quad(plan, go("usesInstrument"), pick("instrument"), pg)
            yield ox.Quad(plan, go("usesInstrument"), pick("instrument"), pg)
            yield ox.Quad(plan, go("contributesTo"), target, pg)
            yield ox.Quad(plan, go("seizesKoppelkans"), kk, pg)
            yield ox.Quad(plan, go("theme"), thema, pg)
            yield ox.Quad(plan, go("homes"), lit(rng.randrange(20, 3000), "integer"), pg)


# ------------------------------------------------------------------------------------------- bench

def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(fn, repeat: int, budget: float) -> list[float]:
    """Run fn up to `repeat` times; stop early when a run alone exceeds budget/repeat seconds."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
        if sum(times) > budget:
            break
    return times


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(p * len(values)))] * 1000


def bench_one(size: int, base_store: str, repeat: int, workdir: Path, limit: float) -> dict:
    from kg import audit, queries

    base = ox.Store.read_only(base_store)
    vocab = vocabulary(base)
    t = time.perf_counter()
    data = ox.Dataset(base)  # the real graph (all graphs)
    base_quads = len(data)
    for quad in generate(vocab, size):
        data.add(quad)
    gen_s = time.perf_counter() - t
    path = workdir / f"store-{size}"
    shutil.rmtree(path, ignore_errors=True)
    t = time.perf_counter()
    store = ox.Store(str(path))
    store.bulk_extend(data)
    store.flush()
    store.optimize()
    load_s = time.perf_counter() - t
    total = len(data)
    del data, store
    store = ox.Store.read_only(str(path))
    rss_loaded = peak_rss_mib()
    disk = sum(f.stat().st_size for f in path.iterdir()) / 2**20

    # Every query runs in a worker process of kg.engine (the public path), so a query that blows up at
    # scale is stopped at the time limit instead of stalling the benchmark; it counts as the limit.
    from kg.engine import QueryEngine
    from kg.errors import KGError

    engine = QueryEngine(path, workers=1, timeout=limit, row_limit=10_000)
    stopped: list[str] = []
    answers: dict[str, dict] = {}  # size of each query's last result (cost grows with result size)
    worker_hwm = [0.0]  # peak RSS (VmHWM) of the query worker, read after every completed run

    def sample_worker() -> None:
        for w in list(engine._idle.queue):
            try:
                for line in Path(f"/proc/{w.process.pid}/status").read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        worker_hwm[0] = max(worker_hwm[0], int(line.split()[1]) / 1024)
            except OSError:
                pass

    def run(name: str, text: str) -> float:
        t = time.perf_counter()
        try:
            answer = engine.run(text)
            answers[name] = {"result_kib": round(len(answer.body) / 1024, 1), "truncated": answer.truncated}
        except KGError as e:
            if e.status != 422:
                raise
            stopped.append(name)
            return limit
        elapsed = time.perf_counter() - t
        sample_worker()
        return elapsed

    def timed_query(name: str, text: str) -> list[float]:
        first = run(name, text)
        n = repeat if first < 0.5 else min(repeat, 2) if first < limit else 1
        return [first] + [run(name, text) for _ in range(n - 1)]

    run("warm-up", "ASK { ?s ?p ?o }")
    per_query, all_runs = {}, []
    for q in sorted(queries.load_all().values(), key=lambda q: q.name):
        if not q.name.startswith("competency/"):
            continue
        runs = timed_query(q.name, q.bound_text())
        per_query[q.name] = {"p50_ms": round(pct(runs, 0.5), 2), "p95_ms": round(pct(runs, 0.95), 2), "runs": len(runs),
                             **answers.get(q.name, {"result_kib": None, "truncated": None})}
        all_runs += runs
    instruments = queries.get("instruments")
    inst_runs = []
    for params in ({}, {"actor": "actor/gemeente"}, {"area_type": "begrip/gebiedstype/laagveen", "theme": "begrip/thema/wonen"},
                   {"framework": "kader/nhv"}):
        inst_runs += timed_query("instruments", instruments.bound_text(params))
    audit_total = 0.0
    for q in audit.checks():
        audit_total += run(q.name, q.bound_text())
    audit_runs = [audit_total]
    engine.close()
    validation_runs = timed_validation(store, repeat)
    slowest = sorted(per_query.items(), key=lambda kv: -kv[1]["p95_ms"])[:5]
    return {
        "synthetic_requested": size, "base_quads": base_quads, "total_quads": total,
        "generate_s": round(gen_s, 1), "load_s": round(load_s, 1), "store_mib": round(disk, 1),
        "competency": {"queries": len(per_query), "runs": len(all_runs), "p50_ms": round(pct(all_runs, 0.5), 2),
                       "p95_ms": round(pct(all_runs, 0.95), 2), "max_ms": round(max(all_runs) * 1000, 1),
                       "queries_over_100ms_p95": sorted(n for n, v in per_query.items() if v["p95_ms"] > 100),
                       # per query (the run-weighted figures above favour fast queries, which get more runs)
                       "median_query_p50_ms": round(statistics.median(v["p50_ms"] for v in per_query.values()), 1),
                       "median_query_p95_ms": round(statistics.median(v["p95_ms"] for v in per_query.values()), 1)},
        "slowest": dict(slowest),
        "instruments": {"runs": len(inst_runs), "p50_ms": round(pct(inst_runs, 0.5), 2), "p95_ms": round(pct(inst_runs, 0.95), 2)},
        "audit": {"runs": len(audit_runs), "p50_ms": round(pct(audit_runs, 0.5), 1)},
        "validation": {"runs": len(validation_runs), "p50_ms": round(pct(validation_runs, 0.5), 2),
                       "p95_ms": round(pct(validation_runs, 0.95), 2)},
        "time_limit_s": limit, "stopped_at_limit": sorted(set(stopped)),
        "rss_after_load_mib": round(rss_loaded, 1), "peak_rss_mib": round(peak_rss_mib(), 1),
        "worker_peak_rss_mib": round(worker_hwm[0], 1),
        "per_query": per_query,
    }


def timed_validation(store, repeat: int) -> list[float]:
    """Each example plan read, checked against the graph, validated and explained (as POST
    /api/validate does), in process on the scaled store: the plan's knowledge extract and the
    remedies are looked up in the bigger graph."""
    from kg import plans, validate

    runs = []
    for path in sorted((ROOT / "examples").iterdir()):
        if path.suffix not in (".ttl", ".json", ".jsonld"):
            continue
        for _ in range(repeat):
            t = time.perf_counter()
            report = validate.validate(plans.parse_file(path, knowledge=store), store)
            validate.render(report, "json")
            runs.append(time.perf_counter() - t)
    return runs


def markdown(rows: list[dict]) -> str:
    out = ["| synthetic | total quads | load s | store MiB | competency: queries p95 ≤ 100 ms; median query p50 / p95 ms | all runs p50 / p95 / max ms | instruments p50 / p95 ms | plan validation p50 / p95 ms | audit ms | peak RSS MiB (load / query worker) |",
           "|---:|---:|---:|---:|---|---|---|---|---:|---:|"]
    for r in rows:
        c, i = r["competency"], r["instruments"]
        out.append(f"| {r['synthetic_requested']:,} | {r['total_quads']:,} | {r['load_s']} | {r['store_mib']} | "
                   f"{c['queries'] - len(c['queries_over_100ms_p95'])} of {c['queries']}; {c['median_query_p50_ms']} / {c['median_query_p95_ms']} | "
                   f"{c['p50_ms']} / {c['p95_ms']} / {c['max_ms']} | {i['p50_ms']} / {i['p95_ms']} | "
                   f"{r['validation']['p50_ms']} / {r['validation']['p95_ms']} | "
                   f"{r['audit']['p50_ms']} | {r['peak_rss_mib']} / {r['worker_peak_rss_mib']} |")
    out.append("")
    for r in rows:
        slow = ", ".join(f"{n.split('/')[-1]} {v['p95_ms']:.0f}" for n, v in r["slowest"].items())
        out.append(f"- {r['synthetic_requested']:,}: slowest p95 ms: {slow}; over 100 ms: "
                   f"{len(r['competency']['queries_over_100ms_p95'])} of {r['competency']['queries']}; "
                   f"stopped at the {r['time_limit_s']:g} s limit: {', '.join(r['stopped_at_limit']) or 'none'}")
    if len(rows) > 1:
        a, b = rows[0], rows[-1]
        growth = (b["competency"]["p95_ms"] / a["competency"]["p95_ms"]) if a["competency"]["p95_ms"] else float("nan")
        out.append(f"- growth {a['total_quads']:,} → {b['total_quads']:,} quads "
                   f"(x{b['total_quads'] / a['total_quads']:.1f}): competency p95 x{growth:.1f}, "
                   f"instruments p95 x{b['instruments']['p95_ms'] / a['instruments']['p95_ms']:.1f}, "
                   f"audit x{b['audit']['p50_ms'] / a['audit']['p50_ms']:.1f}")
    return "\n".join(out)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,100000,1000000", help="synthetic triples, comma-separated")
    ap.add_argument("--repeat", type=int, default=5, help="runs per query (fewer for slow queries)")
    ap.add_argument("--limit", type=float, default=5.0, help="time limit per query run (s); a stopped run counts as the limit")
    ap.add_argument("--base-store", default=str(ROOT / "var" / "store"))
    ap.add_argument("--workdir", help="where the stores go (default: a temporary directory)")
    ap.add_argument("--generate", type=int, help="only write this many synthetic triples as N-Quads")
    ap.add_argument("-o", "--output", help="with --generate: the N-Quads file")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)  # internal: benchmark one size, print JSON
    ap.add_argument("--json", default=str(RESULTS / "scale.json"))
    args = ap.parse_args(argv)

    if args.generate:
        vocab = vocabulary(ox.Store.read_only(args.base_store))
        quads = list(generate(vocab, args.generate))
        data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
        Path(args.output).write_bytes(data) if args.output else sys.stdout.buffer.write(data)
        print(f"{len(quads)} synthetic quads", file=sys.stderr)
        return 0
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="kg-scale-"))
    if args.one:
        print(json.dumps(bench_one(args.one, args.base_store, args.repeat, workdir, args.limit)))
        return 0
    rows = []
    try:
        for size in [int(s) for s in args.sizes.split(",")]:
            out = subprocess.run([sys.executable, "-m", "bench.scale", "--one", str(size), "--repeat", str(args.repeat), "--limit", str(args.limit),
                                  "--base-store", args.base_store, "--workdir", str(workdir)],
                                 cwd=ROOT, capture_output=True, text=True, check=True)
            rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
            print(f"size {size}: competency p95 {rows[-1]['competency']['p95_ms']} ms", file=sys.stderr)
            shutil.rmtree(workdir / f"store-{size}", ignore_errors=True)
    finally:
        if not args.workdir:
            shutil.rmtree(workdir, ignore_errors=True)
    report = {"loadavg": [round(x, 2) for x in os.getloadavg()], "cpus": os.cpu_count(), "sizes": rows}
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(report, indent=2))
    print(f"load average at the end: {report['loadavg']}")
    print(markdown(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
