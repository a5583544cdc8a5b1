"""The query time limit really stops the work, and the server keeps answering meanwhile."""

import json
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest

from conftest import free_port, wait_for

PATHOLOGICAL = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
SIMPLE = "ASK { ?s ?p ?o }"


@pytest.fixture(scope="module")
def strict_server(built_store, tmp_path_factory):
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", "--store", str(built_store),
                             "--port", str(port), "--timeout", "2"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    wait_for(url + "/api/queries")
    yield url, proc
    proc.terminate()
    proc.wait(timeout=10)


def ask(url, query):
    try:
        with urllib.request.urlopen(url + "/sparql?" + urllib.parse.urlencode({"query": query}), timeout=60) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def worker_pids(proc) -> set[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(proc.pid)], capture_output=True, text=True).stdout
    return {int(p) for p in out.split()}


def test_pathological_query_is_stopped_and_others_are_answered(strict_server):
    url, proc = strict_server
    ask(url, SIMPLE)  # start the worker pool
    before = worker_pids(proc)
    outcome = {}
    slow = threading.Thread(target=lambda: outcome.setdefault("slow", ask(url, PATHOLOGICAL)))
    slow.start()
    answered_during = []
    while slow.is_alive():
        status, body = ask(url, SIMPLE)
        answered_during.append(status == 200 and body["boolean"] is True)
        if len(answered_during) >= 5:
            break
    slow.join()
    status, body = outcome["slow"]
    assert status == 422 and "time limit" in body["error"]
    assert answered_during and all(answered_during)
    # the worker that ran the pathological query was killed, i.e. the work really stopped
    wait_for(url + "/api/queries")
    after = worker_pids(proc)
    assert before - after, "the overrunning worker process should have been replaced"
    assert ask(url, SIMPLE)[0] == 200
