"""Every `kg` command on the real graph, as a user runs it."""

import csv
import io
import json

import pytest
import rdflib

from conftest import kg

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.mark.parametrize("command", ["build", "stats", "query", "export", "serve"])
def test_help_on_every_command(command):
    result = kg(command, "--help")
    assert result.returncode == 0 and "Usage: " in result.stdout and "--store" in result.stdout


def test_stats_prints_class_counts(built_store):
    out = kg("stats", "--store", str(built_store), check=True).stdout
    assert out.startswith("triples: ")
    counts = dict(line.split() for line in out.splitlines()[1:])
    for cls in ("PolicyFramework", "Instrument", "Actor", "Koppelkans", "Target", "SourcePassage"):
        assert int(counts[cls]) > 0, cls


def test_query_json_is_sparql_results(built_store):
    out = kg("query", COUNT, "--store", str(built_store), "--format", "json", check=True).stdout
    doc = json.loads(out)
    assert doc["head"]["vars"] == ["n"]
    assert int(doc["results"]["bindings"][0]["n"]["value"]) > 10_000


def test_query_table_and_csv(built_store):
    table = kg("query", COUNT, "--store", str(built_store), check=True).stdout
    assert table.splitlines()[0].strip() == "n" and "(1 rows)" in table
    rows = list(csv.DictReader(io.StringIO(kg("query", COUNT, "--store", str(built_store), "--format", "csv").stdout)))
    assert int(rows[0]["n"]) > 10_000


def test_query_construct_as_turtle(built_store):
    q = "CONSTRUCT { ?s a ?c } WHERE { ?s a ?c } LIMIT 5"
    out = kg("query", q, "--store", str(built_store), "--format", "turtle", check=True).stdout
    assert len(rdflib.Graph().parse(data=out, format="turtle")) == 5


def test_query_rq_file_and_saved_name_with_param(built_store):
    nhv = "https://w3id.org/gebiedsontwikkeling/id/kader/nhv"
    by_name = kg("query", "describe", "-p", f"iri={nhv}", "--store", str(built_store), "--format", "ntriples", check=True).stdout
    assert f"<{nhv}>" in by_name
    by_file = kg("query", "queries/class-counts.rq", "--store", str(built_store), "--format", "csv", check=True).stdout
    assert "PolicyFramework" in by_file


def test_query_errors_are_one_clear_line(built_store):
    result = kg("query", "SELECT * WHERE { ?s ?p }", "--store", str(built_store))
    assert result.returncode == 2
    assert result.stderr.startswith("error: SPARQL syntax error") and "1:" in result.stderr
    assert "Traceback" not in result.stderr
    missing = kg("stats", "--store", "/nonexistent/store")
    assert missing.returncode == 2 and "run `kg build` first" in missing.stderr
    bad_param = kg("query", "describe", "-p", "iri=not an iri", "--store", str(built_store))
    assert bad_param.returncode == 2 and "not an IRI" in bad_param.stderr


@pytest.mark.parametrize("fmt, parser", [("turtle", "turtle"), ("nquads", "nquads"), ("jsonld", "json-ld"),
                                          ("trig", "trig")])
def test_export_formats_parse(built_store, tmp_path, fmt, parser):
    target = tmp_path / f"dump.{fmt}"
    kg("export", "--store", str(built_store), "--format", fmt, "-o", str(target), check=True)
    g = rdflib.Dataset()
    g.parse(target, format=parser)
    assert len(g) > 10_000 or sum(len(c) for c in g.contexts()) > 10_000
