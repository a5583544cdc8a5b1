"""The write routes behind the admin token, and what readers see after a write.

A copy of the built store is served with KG_ADMIN_TOKEN set; tests write plans and SPARQL updates
through HTTP and read them back through the public endpoint and the saved-query API, the way a
tool builder would. Cached answers and ETags must follow each write.
"""

import json
import shutil
import urllib.error
import urllib.parse
import urllib.request

import pytest
from conftest import serving

TOKEN = "test-admin-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
PLAN = json.dumps({"id": "admin-test-plan", "name": "Plan uit de admin-test",
                   "area": {"areaType": ["stedelijk-gebied"]}, "homes": 120, "greenShare": 15}).encode()
ASK_MARKER = "ASK { <https://example.org/admin-test> <https://example.org/p> 1 }"


def call(url, path, data=None, headers=None, method=None):
    req = urllib.request.Request(url + path, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def ask(url, query):
    status, _, body = call(url, "/sparql?" + urllib.parse.urlencode({"query": query}),
                           headers={"Accept": "application/sparql-results+json"})
    assert status == 200, body
    return json.loads(body)["boolean"]


def planned(url):
    status, headers, body = call(url, "/api/queries/gaps/by-rule")
    assert status == 200, body
    plans = {p for row in json.loads(body)["rows"] for p in row["planList"].split()}
    return plans, headers["ETag"]


@pytest.fixture(scope="module")
def admin_server(built_store, tmp_path_factory):
    copy = tmp_path_factory.mktemp("admin") / "store"
    shutil.copytree(built_store.resolve(), copy)
    with serving(copy, copy.parent / "server.log", env={"KG_ADMIN_TOKEN": TOKEN}) as url:
        yield url


def test_write_routes_do_not_exist_without_a_token(server):
    assert call(server, "/api/plans", data=PLAN, headers={"Content-Type": "application/json", **AUTH})[0] == 404
    assert call(server, "/sparql/update", data=b"INSERT DATA { <a:b> <a:c> 1 }",
                headers={"Content-Type": "application/sparql-update", **AUTH})[0] == 404


def test_wrong_or_missing_token_is_refused(admin_server):
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}):
        status, _, body = call(admin_server, "/sparql/update", data=b"INSERT DATA { <a:b> <a:c> 1 }",
                               headers={"Content-Type": "application/sparql-update", **headers})
        assert status == 401 and b"admin token" in body
    assert not ask(admin_server, "ASK { <a:b> <a:c> 1 }")


def test_stored_plan_shows_in_the_gap_queries_at_once(admin_server):
    before, etag_before = planned(admin_server)
    assert not any(p.endswith("/admin-test-plan") for p in before)
    # a client holding the answer revalidates cheaply while nothing changed
    assert call(admin_server, "/api/queries/gaps/by-rule", headers={"If-None-Match": etag_before})[0] == 304

    status, _, body = call(admin_server, "/api/plans", data=PLAN, headers={"Content-Type": "application/json", **AUTH})
    assert status == 201, body
    stored = json.loads(body)
    assert stored["planGraph"].endswith("/graph/plan/admin-test-plan") and not stored["conforms"]

    after, etag_after = planned(admin_server)  # the cached answer of before is not served again
    assert {p for p in after if p.endswith("/admin-test-plan")} and before < after
    assert etag_after != etag_before
    assert call(admin_server, "/api/queries/gaps/by-rule", headers={"If-None-Match": etag_before})[0] == 200


def test_sparql_update_is_visible_to_readers(admin_server):
    assert not ask(admin_server, ASK_MARKER)  # asked (and cached) before the write
    status, _, body = call(admin_server, "/sparql/update",
                           data=b"INSERT DATA { <https://example.org/admin-test> <https://example.org/p> 1 }",
                           headers={"Content-Type": "application/sparql-update", **AUTH})
    assert status == 204, body
    assert ask(admin_server, ASK_MARKER)


def test_bad_updates_are_refused_and_change_nothing(admin_server):
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    status, _, body = call(admin_server, "/sparql?" + urllib.parse.urlencode({"query": count}),
                           headers={"Accept": "application/sparql-results+json"})
    n = json.loads(body)["results"]["bindings"][0]["n"]["value"]
    cases = [
        (b"INSERT DATA { <a:b> <a:c> ", 400, b"line 1, column 27"),          # syntax error, with position
        (b"LOAD <http://example.org/data.ttl>", 403, b"LOAD"),               # no network
        (b"INSERT { ?s ?p ?o } WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", 403, b"SERVICE"),
    ]
    for update, code, word in cases:
        status, _, body = call(admin_server, "/sparql/update", data=update,
                               headers={"Content-Type": "application/sparql-update", **AUTH})
        assert status == code and word in body, (update, status, body)
    status, _, body = call(admin_server, "/sparql?" + urllib.parse.urlencode({"query": count}),
                           headers={"Accept": "application/sparql-results+json"})
    assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == n

