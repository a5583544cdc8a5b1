"""Saved queries as an API, the OpenAPI document, and /api/instruments == kg instruments."""

import csv
import io
import json
import urllib.error
import urllib.parse
import urllib.request

from conftest import kg


def get_json(server, path):
    try:
        with urllib.request.urlopen(server + path, timeout=60) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def test_queries_are_listed_with_parameters(server):
    status, listing = get_json(server, "/api/queries")
    names = {q["name"]: q for q in listing}
    assert status == 200 and {"instruments", "describe", "class-counts"} <= set(names)
    assert [p["name"] for p in names["instruments"]["parameters"]] == ["actor", "area_type", "theme", "framework"]


def test_parameter_defaults_are_published_and_applied(server):
    """A left-out parameter is bound to its declared default: same answer as giving it."""
    _, listing = get_json(server, "/api/queries")
    params = {p["name"]: p for p in {q["name"]: q for q in listing}["competency/cq-03"]["parameters"]}
    assert params["about"]["default"] == "kader/natuurplan" and params["doc"]["default"] is None
    _, doc = get_json(server, "/api/openapi.json")
    schema = {p["name"]: p["schema"] for p in doc["paths"]["/api/queries/competency/cq-03"]["get"]["parameters"]}
    assert schema["about"]["default"] == "kader/natuurplan" and "default" not in schema["doc"]
    _, implicit = get_json(server, "/api/queries/competency/cq-03")
    _, explicit = get_json(server, "/api/queries/competency/cq-03?about=kader/natuurplan&aspect=begrip/aspect/termijn")
    _, other = get_json(server, "/api/queries/competency/cq-03?about=kader/nhv")
    assert implicit["rows"] == explicit["rows"] and implicit["count"] >= 2
    assert other["rows"] != implicit["rows"]


def test_openapi_describes_every_query(server):
    status, doc = get_json(server, "/api/openapi.json")
    _, listing = get_json(server, "/api/queries")
    assert status == 200 and doc["openapi"].startswith("3.")
    for q in listing:
        assert f"/api/queries/{q['name']}" in doc["paths"]
    assert "/api/instruments" in doc["paths"] and "/sparql" in doc["paths"]


def test_saved_query_json_and_csv(server):
    status, body = get_json(server, "/api/queries/class-counts")
    assert status == 200 and body["columns"] == ["class", "label", "count"] and body["count"] > 5
    with urllib.request.urlopen(server + "/api/queries/class-counts?format=csv") as r:
        assert r.headers["Content-Type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(r.read().decode())))
    assert len(rows) == body["count"]


def test_parameters_are_bound_not_spliced(server):
    hostile = 'https://w3id.org/x> } ; DROP ALL ; <x'
    status, body = get_json(server, "/api/queries/describe?" + urllib.parse.urlencode({"iri": hostile}))
    assert status == 400 and "not an IRI" in body["error"]
    status, body = get_json(server, "/api/queries/describe?iri=https://w3id.org/gebiedsontwikkeling/id/kader/nhv")
    assert status == 200


def test_unknown_query_and_parameter(server):
    assert get_json(server, "/api/queries/nope")[0] == 404
    assert get_json(server, "/api/queries/..%2f..%2fetc%2fpasswd")[0] == 404
    status, body = get_json(server, "/api/instruments?colour=red")
    assert status == 400 and "colour" in body["error"]


def test_instruments_api_equals_cli(server, built_store):
    params = {"actor": "actor/gemeente", "theme": "begrip/thema/wonen"}
    status, api = get_json(server, "/api/instruments?" + urllib.parse.urlencode(params))
    cli = json.loads(kg("instruments", "--store", str(built_store), "--actor", "gemeente", "--theme", "wonen",
                        "--format", "json", check=True).stdout)
    assert status == 200 and api["count"] > 0
    assert api["rows"] == cli["rows"]


def test_audit_api_lists_findings_with_both_sides(server):
    status, doc = get_json(server, "/api/audit")
    assert status == 200 and doc["summary"]["findings"] >= 25
    status, high = get_json(server, "/api/audit?severity=hoog&document=002")
    assert status == 200 and high["findings"]
    for finding in high["findings"]:
        assert finding["severity"] == "hoog"
        assert any(side["document"] == "002" for side in finding["sides"])
    with urllib.request.urlopen(server + "/api/audit?format=csv&type=naam-verschil") as r:
        rows = list(csv.DictReader(io.StringIO(r.read().decode())))
    assert rows and all(row["type"] == "naam-verschil" for row in rows)
    assert get_json(server, "/api/audit?format=pdf")[0] == 406
