"""External store: `kg build/serve --store URL` against a real `oxigraph serve` process."""

import json
import shutil
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from SPARQLWrapper import JSON, SPARQLWrapper

from conftest import free_port, kg, wait_for

OXIGRAPH = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))


def start_oxigraph(location: Path, port: int) -> subprocess.Popen:
    proc = subprocess.Popen([OXIGRAPH, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D")
    return proc


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory):
    location = tmp_path_factory.mktemp("oxigraph")
    port = free_port()
    proc = start_oxigraph(location, port)
    state = {"proc": proc, "port": port, "location": location, "url": f"http://127.0.0.1:{port}/query"}
    yield state
    state["proc"].terminate()
    state["proc"].wait(timeout=10)


@pytest.fixture(scope="module")
def loaded(oxigraph, built_store):
    result = kg("build", "--store", oxigraph["url"], "--no-reason", check=True)
    assert "PUT" in result.stderr
    return oxigraph


@pytest.fixture(scope="module")
def served(loaded, tmp_path_factory):
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", "--store", loaded["url"], "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    wait_for(url + "/api/queries")
    yield url
    proc.terminate()
    proc.wait(timeout=10)


def count(endpoint: str) -> int:
    c = SPARQLWrapper(endpoint)
    c.setQuery("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    c.setReturnFormat(JSON)
    return int(c.queryAndConvert()["results"]["bindings"][0]["n"]["value"])


def test_build_loads_the_external_store(loaded, built_store):
    local = kg("query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--store", str(built_store), "--format", "csv").stdout
    assert count(loaded["url"]) == int(local.split()[1])


def test_stats_and_query_on_external_store(loaded):
    out = kg("stats", "--store", loaded["url"], check=True).stdout
    assert "PolicyFramework" in out
    bad = kg("query", "SELECT * WHERE { ?s ?p }", "--store", loaded["url"])
    assert bad.returncode == 2 and "syntax error" in bad.stderr


def test_serve_on_external_store(served):
    assert count(served + "/sparql") > 10_000
    with urllib.request.urlopen(served + "/api/instruments?actor=actor/gemeente") as r:
        assert json.loads(r.read())["count"] > 0
    req = urllib.request.Request(served + "/doc/kader/nhv", headers={"Accept": "text/turtle"})
    with urllib.request.urlopen(req) as r:
        assert b"kader/nhv" in r.read()


def test_external_store_going_away_gives_503_and_recovers(served, loaded):
    loaded["proc"].terminate()
    loaded["proc"].wait(timeout=10)
    try:
        urllib.request.urlopen(served + "/sparql?" + urllib.parse.urlencode({"query": "ASK {}"}))
        raise AssertionError("expected 503")
    except urllib.error.HTTPError as e:
        assert e.code == 503 and "not reachable" in json.loads(e.read())["error"]
    loaded["proc"] = start_oxigraph(loaded["location"], loaded["port"])
    assert count(served + "/sparql") > 10_000
