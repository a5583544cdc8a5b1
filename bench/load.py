"""Bounded load test on loopback: N closed-loop clients for T seconds on a mixed workload.

The mix (weights in MIX): public SPARQL (competency queries sent as text to /sparql, so they go
through the killable worker pool), saved-query API (/api/queries/competency/*, /api/instruments),
resource pages (/doc/... HTML and Turtle, /def/...), browser pages, and plan validation
(POST /api/validate, only when the server has that route). Reported per category and overall:
requests, errors (5xx, connection failures, unexpected status), p50/p95/p99 latency, throughput,
and the server's RSS (main process + query workers) sampled every 0.5 s: first, max, last, and the
drift between the first and the last quarter of the run ("memory flat").

`--pathological` adds one client that keeps sending a query that runs into the time limit; the
figures of the other clients are reported separately, so the two runs compare directly.

The server keeps answers per store version (kg.web.cache). So that the benchmark does not just
measure that cache, most requests vary: resource pages are drawn from every described thing in the
store (~2,000), /api/instruments from random actor x area type x theme combinations, and validation
posts always go through the engine. `--cache-mib 0` starts the server without the cache, to measure
the engine underneath; the report gives the share of requests the cache could have answered.

    python -m bench.load                                  # 50 clients, 60 s, then the same with a pathological client
    python -m bench.load --clients 10 --seconds 10 --only plain     # a short smoke run
    python -m bench.load --url http://127.0.0.1:5000      # against a server that is already running

By default it starts `kg serve` on a free port over --store (default var/store; build it first).
Results go to bench/results/load.json and are printed as Markdown.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
GO = "https://w3id.org/gebiedsontwikkeling"

# A query that cannot finish within the time limit: an unselective five-way cross product.
PATHOLOGICAL = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"


def competency_texts() -> list[tuple[str, str]]:
    """Competency queries as a client would send them: defaults bound (kg.queries.SavedQuery.bound_text)."""
    from kg import queries
    return [(q.name.split("/")[-1], q.bound_text()) for q in queries.load_all().values() if q.name.startswith("competency/")]


def example_plans() -> list[tuple[str, bytes]]:
    """(content type, body) of the example plans, for POST /api/validate."""
    out = []
    for p in sorted((ROOT / "examples").rglob("*")) if (ROOT / "examples").exists() else []:
        ctype = {".ttl": "text/turtle", ".jsonld": "application/ld+json", ".json": "application/json"}.get(p.suffix)
        if ctype and p.is_file():
            out.append((ctype, p.read_bytes()))
    return out


ID = "https://w3id.org/gebiedsontwikkeling/id/"


def store_terms(store_path: str) -> dict[str, list[str]]:
    """Short forms (type/slug) of the things a client may ask about, read from the store."""
    import pyoxigraph as ox

    store = ox.Store.read_only(str(Path(store_path).resolve()))
    go = "https://w3id.org/gebiedsontwikkeling/def/"

    def short(query: str) -> list[str]:
        return sorted({r[0].value[len(ID):] for r in store.query(query) if r[0].value.startswith(ID)})

    return {
        "resources": short(f"SELECT DISTINCT ?s {{ ?s a ?c FILTER(?c IN (<{go}PolicyFramework>, <{go}Instrument>, "
                           f"<{go}Actor>, <{go}Koppelkans>, <{go}Target>, <{go}NovexArea>, <{go}Claim>)) }}"),
        "actors": short(f"SELECT ?s {{ ?s a <{go}Actor> }}"),
        "area_types": short(f"SELECT ?s {{ ?s a <{go}AreaType> }}"),
        "themes": short(f"SELECT ?s {{ ?s a <{go}Theme> }}"),
    }


def build_mix(has_validate: bool, terms: dict[str, list[str]]) -> list[tuple[str, int, object]]:
    """(category, weight, request generator) where a generator returns (method, path, body, headers)."""
    cqs = competency_texts()
    plans = example_plans() if has_validate else []
    resources = terms["resources"]

    def instrument_args(rng) -> str:
        args = {"actor": rng.choice(terms["actors"]), "area_type": rng.choice(terms["area_types"]),
                "theme": rng.choice(terms["themes"])}
        return urllib.parse.urlencode({k: v for k, v in args.items() if rng.random() < 0.7})

    def sparql(rng):
        name, text = rng.choice(cqs)
        return "POST", "/sparql", text.encode(), {"Content-Type": "application/sparql-query",
                                                  "Accept": "application/sparql-results+json"}

    def api_query(rng):
        name, _ = rng.choice(cqs)
        return "GET", f"/api/queries/competency/{name}", None, {"Accept": "application/json"}

    def api_instruments(rng):
        return "GET", "/api/instruments?" + instrument_args(rng), None, {"Accept": "application/json"}

    def resource(rng):
        r = rng.choice(resources)
        if rng.random() < 0.5:
            return "GET", "/doc/" + urllib.parse.quote(r), None, {"Accept": "text/html"}
        return "GET", "/doc/" + urllib.parse.quote(r), None, {"Accept": "text/turtle"}

    def page(rng):
        return "GET", rng.choice(["/", "/zoeken?q=water", "/vraag?actor=actor/gemeente", "/def/Instrument"]), None, \
            {"Accept": "text/html"}

    def validate(rng):
        ctype, body = rng.choice(plans)
        return "POST", "/api/validate", body, {"Content-Type": ctype, "Accept": "application/json"}

    mix = [("sparql", 35, sparql), ("api-query", 20, api_query), ("api-instruments", 15, api_instruments),
           ("resource", 20, resource), ("page", 10, page)]
    if plans:
        mix.append(("validate", 10, validate))
    return mix


# ------------------------------------------------------------------------------------------ server

def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port: int, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/api/queries")
            conn.getresponse().read()
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"server on port {port} did not start")


def tree_pids(root: int) -> list[int]:
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
                parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                pass
    pids, frontier = [root], [root]
    while frontier:
        frontier = [p for p, pp in parents.items() if pp in frontier]
        pids += frontier
    return pids


def rss_mib(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def server_pid_for_port(port: int) -> int | None:
    """The pid listening on a loopback port (for --url runs), from /proc/net/tcp."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            for line in Path(table).read_text().splitlines()[1:]:
                parts = line.split()
                if parts[3] == "0A" and int(parts[1].split(":")[1], 16) == port:
                    inodes.add(parts[9])
        except OSError:
            pass
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                for fd in (entry / "fd").iterdir():
                    if os.readlink(fd).replace("socket:[", "").rstrip("]") in inodes:
                        return int(entry.name)
            except OSError:
                continue
    return None


# -------------------------------------------------------------------------------------------- load

def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(p * len(values)))] * 1000


def run(port: int, pid: int | None, mix, clients: int, seconds: float, pathological: bool, seed: int = 1) -> dict:
    stop_at = time.monotonic() + seconds
    lock = threading.Lock()
    samples: list[tuple[str, float, object]] = []  # category, seconds, status
    patho: list[tuple[float, object]] = []
    rss: list[tuple[float, float]] = []
    weights = [w for _, w, _ in mix]
    seen: set = set()  # requests already sent in this run: what a per-version cache could answer
    repeats = [0]

    def client(index: int) -> None:
        rng = random.Random(seed * 1000 + index)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while time.monotonic() < stop_at:
            category, _, make = rng.choices(mix, weights)[0]
            method, path, body, headers = make(rng)
            key = (method, path, body, headers.get("Accept"))
            with lock:
                repeats[0] += key in seen
                seen.add(key)
            started = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                response.read()
                status = response.status
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            except (OSError, http.client.HTTPException) as e:
                status = type(e).__name__
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            elapsed = time.perf_counter() - started
            with lock:
                samples.append((category, elapsed, status))

    def bad_client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            try:
                conn.request("POST", "/sparql", body=PATHOLOGICAL.encode(),
                             headers={"Content-Type": "application/sparql-query"})
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as e:
                status = type(e).__name__
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            patho.append((time.perf_counter() - started, status))

    def sampler() -> None:
        t0 = time.monotonic()
        while time.monotonic() < stop_at:
            if pid:
                rss.append((time.monotonic() - t0, rss_mib(tree_pids(pid))))
            time.sleep(0.5)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    threads.append(threading.Thread(target=sampler))
    if pathological:
        threads.append(threading.Thread(target=bad_client))
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started

    def summary(rows) -> dict:
        lat = [s for _, s, _ in rows]
        errors = [st for _, _, st in rows if not (isinstance(st, int) and st < 400)]
        return {"requests": len(rows), "errors": len(errors),
                "error_kinds": {k: list(map(str, errors)).count(k) for k in sorted(set(map(str, errors)))},
                "p50_ms": round(pct(lat, 0.50), 1), "p95_ms": round(pct(lat, 0.95), 1),
                "p99_ms": round(pct(lat, 0.99), 1), "max_ms": round(max(lat) * 1000, 1) if lat else None}

    out = {"clients": clients, "seconds": seconds, "pathological": pathological, "wall_s": round(wall, 1),
           "throughput_rps": round(len(samples) / wall, 1), "all": summary(samples),
           "repeated_requests_pct": round(100 * repeats[0] / max(1, len(samples)), 1),
           "by_category": {c: summary([s for s in samples if s[0] == c]) for c, _, _ in mix}}
    if pathological:
        out["pathological_client"] = {"requests": len(patho),
                                      "statuses": {str(k): [s for _, s in patho].count(k) for k in {s for _, s in patho}},
                                      "mean_s": round(sum(t for t, _ in patho) / len(patho), 2) if patho else None}
    if rss:
        values = [v for _, v in rss]
        quarter = max(1, len(values) // 4)
        first, last = sum(values[:quarter]) / quarter, sum(values[-quarter:]) / quarter
        out["rss_mib"] = {"first": round(values[0], 1), "max": round(max(values), 1), "last": round(values[-1], 1),
                          "first_quarter_mean": round(first, 1), "last_quarter_mean": round(last, 1),
                          "drift_pct": round(100 * (last - first) / first, 1), "samples": len(values)}
    return out


def markdown(results: list[dict]) -> str:
    lines = ["| run | requests | repeated % | rps | errors | p50 ms | p95 ms | p99 ms | RSS first → max → last MiB (drift) |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    for r in results:
        a, m = r["all"], r.get("rss_mib", {})
        name = f"{r['clients']} clients, {r['seconds']:g} s" + (", + pathological" if r["pathological"] else "")
        mem = f"{m.get('first')} → {m.get('max')} → {m.get('last')} ({m.get('drift_pct')} %)" if m else "n/a"
        lines.append(f"| {name} | {a['requests']} | {r['repeated_requests_pct']} | {r['throughput_rps']} | {a['errors']} | {a['p50_ms']} | "
                     f"{a['p95_ms']} | {a['p99_ms']} | {mem} |")
    lines += ["", "| run | category | requests | errors | p50 ms | p95 ms | p99 ms |", "|---|---|---:|---:|---:|---:|---:|"]
    for r in results:
        name = "pathological" if r["pathological"] else "plain"
        for c, s in r["by_category"].items():
            lines.append(f"| {name} | {c} | {s['requests']} | {s['errors']} | {s['p50_ms']} | {s['p95_ms']} | {s['p99_ms']} |")
        if r.get("pathological_client"):
            p = r["pathological_client"]
            lines.append(f"| {name} | (pathological client) | {p['requests']} | statuses {p['statuses']} | "
                         f"mean {p['mean_s']} s | | |")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--store", default=str(ROOT / "var" / "store"))
    ap.add_argument("--url", help="use a running server instead of starting one")
    ap.add_argument("--threads", type=int, default=8, help="waitress threads of the started server")
    ap.add_argument("--timeout", type=float, default=5.0, help="query time limit of the started server (s)")
    ap.add_argument("--only", choices=["plain", "pathological", "both"], default="both")
    ap.add_argument("--cache-mib", type=int, default=64, help="answer cache of the started server (0 = off)")
    ap.add_argument("--json", default=str(RESULTS / "load.json"))
    args = ap.parse_args(argv)

    proc = None
    if args.url:
        port = urllib.parse.urlsplit(args.url).port
        pid = server_pid_for_port(port)
    else:
        port = free_port()
        proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", "--store", args.store, "--port", str(port),
                                 "--threads", str(args.threads), "--timeout", str(args.timeout),
                                 "--cache-mib", str(args.cache_mib)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        pid = proc.pid
    try:
        wait_for(port)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("POST", "/api/validate", body=b"", headers={"Content-Type": "text/turtle"})
        has_validate = conn.getresponse().status not in (404, 405)
        mix = build_mix(has_validate, store_terms(args.store))
        # warm up: start the query workers, fill caches
        run(port, pid, mix, clients=2, seconds=3, pathological=False)
        results = []
        for pathological in {"plain": [False], "pathological": [True], "both": [False, True]}[args.only]:
            results.append(run(port, pid, mix, args.clients, args.seconds, pathological))
        load = os.getloadavg()
        report = {"loadavg_before_and_during": [round(x, 2) for x in load], "validate_in_mix": has_validate,
                  "cpus": os.cpu_count(), "runs": results}
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(report, indent=2))
        print(f"load average (1/5/15 min) at the end: {load}; /api/validate in the mix: {has_validate}")
        print(markdown(results))
    finally:
        if proc:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())
