"""SPARQL endpoint benchmark: our `kg serve` against `oxigraph serve` and rdflib-endpoint.

The three servers get the same data (a fresh `kg build`, exported) and the same query mix (every
saved query in queries/ that runs without parameters, plus the policy officer's question with
parameters bound), sent as the same SPARQL text over HTTP on loopback by the same closed-loop client
at the same concurrency. Reported: throughput, latency p50/p95/p99, errors, and ratios.

    python -m bench.endpoints [--seconds 20] [--clients 8]

Results go to bench/results/endpoints.json and are printed as a Markdown table.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from kg import queries, sparql  # noqa: E402

RESULTS = ROOT / "bench" / "results"
BIN = Path(sys.executable).parent


def query_mix() -> list[tuple[str, str]]:
    """(name, SPARQL text) for every saved query without required parameters, plus bound variants."""
    mix = []
    for q in queries.load_all().values():
        if any(p.required for p in q.params):
            continue
        mix.append((q.name, q.bound_text()))
    instruments = queries.get("instruments")
    for values in ({"actor": "actor/gemeente", "area_type": "begrip/gebiedstype/laagveen", "theme": "begrip/thema/wonen"},
                   {"framework": "kader/nhv"}, {"actor": "actor/waterschap", "theme": "begrip/thema/water"}):
        mix.append(("instruments?" + "&".join(values), instruments.bound_text(values)))
    describe = queries.get("describe")
    mix.append(("describe nhv", describe.bound_text({"iri": "kader/nhv"})))
    return mix


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(host: str, port: int, path: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection(host, port, timeout=5)
            conn.request("GET", path)
            conn.getresponse().read()
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"server on port {port} did not start")


def run_load(port: int, path: str, mix, seconds: float, clients: int) -> dict:
    """Closed loop: each client sends the next query of the mix as soon as the previous answer is in."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(index: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        i = index
        while time.monotonic() < stop:
            name, text = mix[i % len(mix)]
            i += 1
            started = time.perf_counter()
            try:
                conn.request("POST", path, body=text.encode(), headers={
                    "Content-Type": "application/sparql-query",
                    "Accept": "application/sparql-results+json, text/turtle;q=0.9"})
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException) as e:
                ok, conn = False, http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                response = type("R", (), {"status": type(e).__name__})
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                if not ok:
                    errors.append(f"{name}: {response.status}")

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000 if latencies else float("nan")

    return {"requests": len(latencies), "errors": len(errors), "error_samples": errors[:5],
            "throughput": len(latencies) / wall, "p50_ms": pct(0.50), "p95_ms": pct(0.95), "p99_ms": pct(0.99),
            "mean_ms": statistics.fmean(latencies) * 1000 if latencies else float("nan")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    store, dump_nq, dump_ttl = work / "store", work / "kg.nq", work / "kg.ttl"
    env = {**os.environ}
    kg = [sys.executable, "-m", "kg.cli"]
    print("building the graph ...", file=sys.stderr)
    subprocess.run(kg + ["build", "--store", str(store), "--no-reason"], check=True, env=env, capture_output=True)
    subprocess.run(kg + ["export", "--store", str(store), "--format", "nquads", "-o", str(dump_nq)], check=True, env=env)
    subprocess.run(kg + ["export", "--store", str(store), "--format", "turtle", "-o", str(dump_ttl)], check=True, env=env)
    oxi_dir = work / "oxigraph"
    subprocess.run([str(BIN / "oxigraph"), "load", "--location", str(oxi_dir), "--file", str(dump_nq)],
                   check=True, capture_output=True)

    mix = query_mix()
    # check every query once on our own store so the mix holds only valid queries
    db = ox.Store.read_only(str(store))
    for name, text in mix:
        sparql.run(db, text)
    del db
    print(f"query mix: {len(mix)} queries; {args.clients} clients; {args.seconds:g} s per server", file=sys.stderr)

    servers = {
        "kg serve": (kg + ["serve", "--store", str(store), "--port", "{port}", "--threads", str(max(8, args.clients))],
                     "/sparql"),
        "oxigraph serve": ([str(BIN / "oxigraph"), "serve-read-only", "--location", str(oxi_dir), "--bind", "127.0.0.1:{port}"],
                           "/query"),
        "rdflib-endpoint": ([str(BIN / "rdflib-endpoint"), "serve", str(dump_ttl), "--host", "127.0.0.1", "--port", "{port}"],
                            "/"),
    }
    results = {}
    for name, (command, path) in servers.items():
        port = free_port()
        proc = subprocess.Popen([c.replace("{port}", str(port)) for c in command],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        try:
            wait_for("127.0.0.1", port, path + "?query=" + urllib.parse.quote("ASK {}"))
            run_load(port, path, mix, min(5.0, args.seconds / 4), 2)  # warm-up
            print(f"measuring {name} ...", file=sys.stderr)
            results[name] = run_load(port, path, mix, args.seconds, args.clients)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    shutil.rmtree(work, ignore_errors=True)

    ours = results["kg serve"]
    report = {"clients": args.clients, "seconds": args.seconds, "queries_in_mix": len(mix), "results": results,
              "ratios": {peer: {"throughput": ours["throughput"] / r["throughput"] if r["throughput"] else None,
                                "p50": r["p50_ms"] / ours["p50_ms"], "p95": r["p95_ms"] / ours["p95_ms"]}
                         for peer, r in results.items() if peer != "kg serve"}}
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "endpoints.json").write_text(json.dumps(report, indent=2))
    print(f"\n| server | req/s | p50 ms | p95 ms | p99 ms | errors |\n|---|---|---|---|---|---|")
    for name, r in results.items():
        print(f"| {name} | {r['throughput']:.1f} | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} | {r['p99_ms']:.1f} | {r['errors']} |")
    for peer, ratio in report["ratios"].items():
        print(f"\nkg serve vs {peer}: throughput ×{ratio['throughput']:.2f}, "
              f"p50 {ratio['p50']:.2f}× faster, p95 {ratio['p95']:.2f}× faster")


if __name__ == "__main__":
    main()
