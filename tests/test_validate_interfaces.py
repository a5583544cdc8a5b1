"""`kg validate` and POST /api/validate, as a user and a tool builder use them (default engine: shacl;
pySHACL selectable as the reference)."""

import json
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import kg

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def post(server, path, body: bytes, ctype: str):
    req = urllib.request.Request(server + path, data=body, method="POST", headers={"Content-Type": ctype})
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
            return r.status, r.headers.get("Content-Type"), r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type"), e.read()


@pytest.mark.parametrize("example, exit_code", [("hero-van-breda.ttl", 0), ("binnenstad-groenverlies.ttl", 1)])
def test_cli_exit_codes(built_store, example, exit_code):
    result = kg("validate", str(EXAMPLES / example), "--store", str(built_store), "--format", "json")
    assert result.returncode == exit_code, result.stderr
    report = json.loads(result.stdout)
    assert report["conforms"] is (exit_code == 0)


def test_cli_unreadable_plan_exits_2(built_store, tmp_path):
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix go: <https://w3id.org/gebiedsontwikkeling/def/> .\n<x> go:areaType ")
    result = kg("validate", str(broken), "--store", str(built_store))
    assert result.returncode == 2
    assert "line" in result.stderr and "Traceback" not in result.stderr


def test_cli_report_names_codes_sources_and_remedies(built_store):
    result = kg("validate", str(EXAMPLES / "binnenstad-groenverlies.ttl"), "--store", str(built_store), "--format", "json")
    report = json.loads(result.stdout)
    codes = {f["code"] for f in report["results"]}
    assert {"NHV-08-02", "NHV-08-04", "GEZ-01"} <= codes
    nhv = next(f for f in report["results"] if f["code"] == "NHV-08-02")
    assert nhv["source"]["document"] == "000" and nhv["source"]["lines"] == [80, 80]
    assert nhv["framework"]["iri"].endswith("/kader/nhv-art-8")
    assert {r["iri"].rsplit("/", 1)[-1] for r in nhv["remedies"]} >= {"omgevingsplan"}


def test_cli_engine_option(built_store):
    """--engine shacl is the default; --engine pyshacl (the reference) gives the same findings."""
    runs = {}
    for engine in (None, "pyshacl"):
        args = ["validate", str(EXAMPLES / "minimaal-tool.json"), "--store", str(built_store), "--format", "json"]
        result = kg(*args, *(["--engine", engine] if engine else []))
        assert result.returncode == 1, result.stderr
        runs[engine] = json.loads(result.stdout)
    assert runs[None]["engine"] == "shacl" and runs["pyshacl"]["engine"] == "pyshacl"
    key = lambda r: (r["focus"], r["shape"], r["severity"], r["component"], r["value"])  # noqa: E731
    assert sorted(map(key, runs[None]["results"])) == sorted(map(key, runs["pyshacl"]["results"]))
    result = kg("validate", str(EXAMPLES / "minimaal-tool.json"), "--store", str(built_store), "--engine", "fast")
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_http_validate_json_plain_json_and_turtle(server):
    plain = (EXAMPLES / "groot-merwede-gwg.json").read_bytes()
    status, ctype, body = post(server, "/api/validate", plain, "application/json")
    assert status == 200 and ctype.startswith("application/json")
    assert json.loads(body)["conforms"] is False
    assert json.loads(body)["engine"] == "shacl"
    status, _, body = post(server, "/api/validate?engine=pyshacl", plain, "application/json")
    assert status == 200 and json.loads(body)["engine"] == "pyshacl"
    status, _, body = post(server, "/api/validate?engine=fast", plain, "application/json")
    assert status == 400 and "shacl or pyshacl" in json.loads(body)["error"]
    status, ctype, body = post(server, "/api/validate?format=turtle",
                               (EXAMPLES / "hero-van-breda.ttl").read_bytes(), "text/turtle")
    assert status == 200 and b"ValidationReport" in body


def test_http_validate_bad_input_is_400_and_names_the_problem(server):
    status, _, body = post(server, "/api/validate", b'{"type": "AreaPlan", ', "application/json")
    assert status == 400 and "line" in json.loads(body)["error"]
    remote = b'{"@context": "http://example.org/context.jsonld", "@type": "AreaPlan"}'
    status, _, body = post(server, "/api/validate", remote, "application/ld+json")
    error = json.loads(body)
    assert status == 400 and "context" in " ".join([error["error"], *error.get("details", [])])
