"""Benchmark of plan validation: kg.validate's default engine (`shacl`) against pySHACL (reference).

    python bench/bench_validate.py                      # defaults: 10,000 plans, pySHACL sample 200
    python bench/bench_validate.py --plans 2000 --pyshacl-sample 100 --seed 7

Measures
1. interactive: one plan (examples/*), read (parsed and checked), validated, explained and
   serialised as a JSON report; median of repeated runs, for the shacl engine and for pySHACL;
2. batch: N synthetic plans (``synthetic_plan``), the shacl engine over the whole batch
   (kg.validate.validate_many, explanations included) against pySHACL on the same shapes. pySHACL
   needs about half a second per plan on this catalogue, so by default it runs on a random sample
   and its batch time is extrapolated; ``--pyshacl-sample N`` sets the sample (N = --plans runs it on
   everything). The findings of every sampled plan are compared finding by finding (focus, shape,
   severity, constraint component, value; duplicates counted) and so are its contexts: identical,
   or the script exits 1.

The knowledge graph comes from kg.validate.knowledge_from_files() (ontology/, data/, shapes/ parsed,
without the build's enrichment and checks). Notes and figures: bench/README-validate.md.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
import random
import statistics
import sys
import time
from pathlib import Path

HOME = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(HOME / "src"))

AREA_TYPES = ["stedelijk-gebied", "binnenstedelijk-transformatiegebied", "inbreiding", "uitleglocatie",
              "grootschalig-woningbouwgebied", "landelijk-gebied", "agrarisch-gebied", "laagveen",
              "hoge-zandgronden", "beekdalen", "diepe-polders", "uiterwaarden", "natura-2000", "bkn-gebied",
              "drinkwaterwingebied", "bedrijventerrein"]
WITHIN = [None, None, None, "novex-groene-hart", "novex-de-peel", "novex-zuidelijke-randstad", "utrecht-groot-merwede"]
PLAN_TYPES = ["gebiedsplan", "omgevingsplanwijziging", "gebiedsprogramma", "project", "gebiedsvisie"]
PHASES = ["initiatief", "haalbaarheid", "ontwerp", "realisatie", "beheer"]
ACTORS = ["gemeente", "provincie", "waterschap", "rijk", "ggd", "netbeheerder", "woningcorporatie",
          "projectontwikkelaar", "bewoners", "agrariers"]
FRAMEWORKS = ["nhv", "nhv-art-8", "gios", "bkn", "vhr", "krw", "nitraatrichtlijn", "nplg", "water-en-bodem-sturend",
              "omgevingswet", "bkl", "ladder-duurzame-verstedelijking", "programma-woningbouw", "csrd"]
INSTRUMENTS = ["omgevingsvisie", "programma", "omgevingsplan", "omgevingsvergunning", "anterieure-overeenkomst",
               "samenwerkingsovereenkomst", "intentieovereenkomst", "gronduitgifte", "tender", "prestatieafspraken",
               "kostenverhaal", "planmer", "mer", "gebiedsprogramma"]
NUMBERS = {  # field: (low, high)
    "greenShare": (0, 60), "greenAreaChange": (-5, 5), "treeCanopyChange": (-5, 5), "treeCanopyCover": (0, 50),
    "share33300": (50, 100), "lowVegetationShare": (0, 40), "ecologicalGreenShare": (0, 50),
    "blueGreenVeiningShare": (0, 15), "permeableShare": (10, 70), "waterStorageCapacity": (0, 100),
    "waterStorageAreaShare": (0, 12), "groundwaterLevel": (0, 90), "groundwaterRise": (0, 60),
    "sealedSurfaceChange": (-5, 10), "affordableHomesShare": (20, 90), "parkingNorm": (0.2, 1.5),
    "sharedMobilityShare": (0, 60), "waterDemand": (80, 130), "coolSpotDistance": (50, 500),
    "recreationDistance": (0.5, 6), "livestockDensity": (0.3, 2.5), "uitloopAreaPerHome": (0, 100),
    "biodiversityNetGain": (0, 20),
}


def components() -> list[str]:
    import pyoxigraph as ox

    ns = "https://w3id.org/gebiedsontwikkeling/id/begrip/planonderdeel/"
    triples = ox.parse(path=str(HOME / "ontology" / "plan.ttl"), format=ox.RdfFormat.TURTLE)
    return sorted({t.subject.value[len(ns):] for t in triples
                   if isinstance(t.subject, ox.NamedNode) and t.subject.value.startswith(ns)})


def synthetic_plan(rng: random.Random, i: int, comps: list[str]) -> dict:
    """A random plain-JSON plan that uses only known references (so it always parses)."""
    def some(items, p=0.4):
        return [x for x in items if rng.random() < p]

    area = {"areaType": rng.sample(AREA_TYPES, rng.randint(1, 3))}
    w = rng.choice(WITHIN)
    if w:
        area["withinArea"] = [w]
    plan = {"id": f"synthetic-{i:05d}", "area": area, "planType": rng.choice(PLAN_TYPES)}
    if rng.random() < 0.8:
        plan["phase"] = rng.choice(PHASES)
    for key, p in (("initiator", 0.3), ("responsible", 0.3), ("involves", 0.4)):
        vals = some(ACTORS, p)
        if vals:
            plan[key] = vals
    for key, items, p in (("frameworks", FRAMEWORKS, 0.4), ("instruments", INSTRUMENTS, 0.3), ("includes", comps, 0.5)):
        vals = some(items, p)
        if vals:
            plan[key] = vals
    if rng.random() < 0.5:
        plan["themes"] = some(["wonen", "gezondheid", "natuur", "water"], 0.5) or ["wonen"]
    if rng.random() < 0.6:
        plan["homes"] = rng.choice([0, 50, 400, 3000])
    for key, (lo, hi) in NUMBERS.items():
        if rng.random() < 0.5:
            plan[key] = round(rng.uniform(lo, hi), 2)
    for key in ("management", "financing", "monitoring"):
        if rng.random() < 0.7:
            arr = {"description": f"{key} {i}"}
            if rng.random() < 0.6:
                arr["responsible"] = rng.sample(ACTORS, 1)
            if key == "monitoring" and rng.random() < 0.5:
                arr["indicators"] = ["aandeel groen"]
            plan[key] = arr
    if rng.random() < 0.7:
        part = {"description": "participatie"}
        if rng.random() < 0.6:
            part["influenceLevel"] = rng.choice(["raadplegen", "adviseren", "co-creeren"])
        plan["participation"] = part
    return plan


def median_ms(fn, repeat: int) -> tuple[float, float]:
    """Median wall-clock and median CPU time (process_time) of fn, in ms. CPU time is the figure
    to trust on a shared, loaded machine; wall time is what a user waits."""
    wall, cpu = [], []
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    return statistics.median(wall) * 1000, statistics.median(cpu) * 1000


def main(argv=None) -> int:
    from kg import plans, validate as V

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--plans", type=int, default=10_000)
    ap.add_argument("--pyshacl-sample", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=30)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--sample-seed", type=int, default=1, help="which plans pySHACL checks")
    ap.add_argument("--json", help="write the figures to this file")
    ap.add_argument("--no-interactive", action="store_true", help="skip the per-example timings")
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    store = V.knowledge_from_files()
    know = V.Knowledge.of(store)
    print(f"knowledge: {len(store)} quads in {time.perf_counter() - t0:.1f} s")
    cat = V.catalogue()
    print(f"catalogue: {len(cat.rules)} rules, {len(cat.contexts)} contexts")
    figures: dict = {"rules": len(cat.rules)}

    # 1. interactive: each example, parse + validate + explain + JSON
    inter = {}
    for path in [] if args.no_interactive else sorted((HOME / "examples").glob("*")):
        data = path.read_bytes()
        fmt = "turtle" if path.suffix == ".ttl" else "json"

        def engine(data=data, fmt=fmt):
            V.validate(plans.parse(data, fmt, knowledge=store), know, engine="shacl").to_json()

        def ref(data=data, fmt=fmt):
            V.validate(plans.parse(data, fmt, knowledge=store), know, engine="pyshacl").to_json()

        engine()  # warm caches (catalogue, compiled shapes, knowledge look-ups)
        fw, fc = median_ms(engine, args.repeat)
        rw, rc = median_ms(ref, max(3, args.repeat // 10))
        inter[path.name] = {"shacl_ms": round(fw, 2), "shacl_cpu_ms": round(fc, 2), "pyshacl_ms": round(rw, 1), "pyshacl_cpu_ms": round(rc, 1)}
        print(f"interactive {path.name:36s} shacl {fw:7.2f} ms (cpu {fc:6.2f})   pySHACL {rw:8.1f} ms (cpu {rc:7.1f})")
    figures["interactive"] = inter
    for k in ("shacl_ms", "shacl_cpu_ms", "pyshacl_ms", "pyshacl_cpu_ms"):
        if inter:
            figures[f"interactive_median_{k}"] = round(statistics.median(v[k] for v in inter.values()), 2)
    print("interactive medians:", {k: v for k, v in figures.items() if k.startswith("interactive_median")})

    # 2. batch
    rng = random.Random(args.seed)
    comps = components()
    t = time.perf_counter()
    batch = [plans.parse(json.dumps(synthetic_plan(rng, i, comps)), "json", knowledge=store) for i in range(args.plans)]
    parse_s = time.perf_counter() - t
    print(f"batch: parsed {len(batch)} synthetic plans in {parse_s:.1f} s")

    t, c = time.perf_counter(), time.process_time()
    got_reports = V.validate_many(batch, know, engine="shacl", explain=True)
    shacl_s, shacl_cpu = time.perf_counter() - t, time.process_time() - c
    n_findings = sum(len(r.findings) for r in got_reports)
    print(f"batch shacl engine: {shacl_s:.2f} s wall, {shacl_cpu:.2f} s cpu ({shacl_s / len(batch) * 1000:.3f} ms/plan), "
          f"{n_findings} findings")

    sample_idx = sorted(random.Random(args.seed + args.sample_seed).sample(range(len(batch)), min(args.pyshacl_sample, len(batch))))
    t, c = time.perf_counter(), time.process_time()
    ref_reports = [V.validate(batch[i], know, engine="pyshacl") for i in sample_idx]
    ref_s, ref_cpu = time.perf_counter() - t, time.process_time() - c
    per_plan_ref = ref_s / len(sample_idx)
    ref_batch_s = per_plan_ref * len(batch)
    ref_batch_cpu = ref_cpu / len(sample_idx) * len(batch)
    mismatches = [batch[i].plans[0].value for i, r in zip(sample_idx, ref_reports)
                  if Counter(f.key() for f in r.findings) != Counter(f.key() for f in got_reports[i].findings)
                  or r.contexts != got_reports[i].contexts]
    compared = sum(len(r.findings) for r in ref_reports)
    print(f"batch pySHACL: {len(sample_idx)} plans in {ref_s:.1f} s ({per_plan_ref * 1000:.0f} ms/plan) -> "
          f"{ref_batch_s:.0f} s for {len(batch)} plans" + (" (extrapolated)" if len(sample_idx) < len(batch) else ""))
    ratio, ratio_cpu = ref_batch_s / shacl_s, ref_batch_cpu / shacl_cpu
    print(f"batch speed-up: {ratio:.0f}x wall, {ratio_cpu:.0f}x cpu; identical findings on the pySHACL sample "
          f"({len(sample_idx)} plans, {compared} findings): {not mismatches}")
    figures["batch"] = {"plans": len(batch), "parse_s": round(parse_s, 2), "shacl_s": round(shacl_s, 2),
                        "shacl_cpu_s": round(shacl_cpu, 2), "pyshacl_batch_cpu_s": round(ref_batch_cpu, 1),
                        "speedup_cpu": round(ratio_cpu, 1), "findings": n_findings, "compared_findings": compared,
                        "shacl_ms_per_plan": round(shacl_s / len(batch) * 1000, 3),
                        "pyshacl_sample": len(sample_idx), "pyshacl_ms_per_plan": round(per_plan_ref * 1000, 1),
                        "pyshacl_batch_s": round(ref_batch_s, 1), "speedup": round(ratio, 1),
                        "identical": not mismatches, "mismatches": mismatches[:10]}
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2))
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
