"""SPARQL 1.1 Protocol on the running server, through SPARQLWrapper as a tool builder would use it."""

import csv
import re
import io
import json
import urllib.error
import urllib.parse
import urllib.request

import pytest
import rdflib
from SPARQLWrapper import CSV, JSON, N3, TSV, XML, JSONLD, POST, GET, SPARQLWrapper, TURTLE, RDFXML

SELECT = """PREFIX go: <https://w3id.org/gebiedsontwikkeling/def/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?k ?label WHERE { ?k a go:PolicyFramework ; skos:prefLabel ?label FILTER(lang(?label) = "nl") }
ORDER BY ?k LIMIT 5"""
ASK = "PREFIX go: <https://w3id.org/gebiedsontwikkeling/def/> ASK { ?k a go:Koppelkans }"
CONSTRUCT = """PREFIX go: <https://w3id.org/gebiedsontwikkeling/def/>
CONSTRUCT { ?k a go:PolicyFramework } WHERE { ?k a go:PolicyFramework } LIMIT 7"""
NHV = "https://w3id.org/gebiedsontwikkeling/id/kader/nhv"


def client(server, method=GET, fmt=JSON):
    c = SPARQLWrapper(server + "/sparql")
    c.setMethod(method)
    c.setReturnFormat(fmt)
    return c


@pytest.mark.parametrize("method", [GET, POST])
def test_select_json(server, method):
    c = client(server, method)
    c.setQuery(SELECT)
    rows = c.queryAndConvert()["results"]["bindings"]
    assert len(rows) == 5 and all(r["label"]["xml:lang"] == "nl" for r in rows)


def test_select_direct_post(server):
    c = client(server, POST)
    c.setRequestMethod("postdirectly")
    c.setQuery(SELECT)
    assert len(c.queryAndConvert()["results"]["bindings"]) == 5


@pytest.mark.parametrize("fmt", [XML, CSV, TSV])
def test_select_other_formats(server, fmt):
    c = client(server, GET, fmt)
    c.setQuery(SELECT)
    result = c.query()
    body = result.response.read()
    ctype = result.response.headers["Content-Type"]
    if fmt == XML:
        assert ctype.startswith("application/sparql-results+xml") and b"<sparql" in body
    elif fmt == CSV:
        assert ctype.startswith("text/csv")
        assert len(list(csv.DictReader(io.StringIO(body.decode())))) == 5
    else:
        assert ctype.startswith("text/tab-separated-values") and body.decode().splitlines()[0] == "?k\t?label"


@pytest.mark.parametrize("method", [GET, POST])
def test_ask(server, method):
    c = client(server, method)
    c.setQuery(ASK)
    assert c.queryAndConvert()["boolean"] is True


@pytest.mark.parametrize("fmt, parser", [(TURTLE, "turtle"), (RDFXML, "xml"), (JSONLD, "json-ld"), (N3, "turtle")])
def test_construct_formats(server, fmt, parser):
    c = client(server, GET, fmt)
    c.setQuery(CONSTRUCT)
    body = c.query().response.read()
    assert len(rdflib.Graph().parse(data=body, format=parser)) == 7


def test_construct_ntriples_by_accept(server):
    url = server + "/sparql?" + urllib.parse.urlencode({"query": CONSTRUCT})
    req = urllib.request.Request(url, headers={"Accept": "application/n-triples"})
    with urllib.request.urlopen(req) as r:
        assert r.headers["Content-Type"].startswith("application/n-triples")
        assert len(r.read().decode().strip().splitlines()) == 7


def test_format_override(server):
    url = server + "/sparql?" + urllib.parse.urlencode({"query": SELECT, "format": "csv"})
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": "application/json"})) as r:
        assert r.headers["Content-Type"].startswith("text/csv")


def test_describe(server):
    c = client(server, GET, TURTLE)
    c.setQuery(f"DESCRIBE <{NHV}>")
    g = rdflib.Graph().parse(data=c.query().response.read(), format="turtle")
    assert (rdflib.URIRef(NHV), None, None) in g


def get(server, path, **headers):
    req = urllib.request.Request(server + path, headers=headers)
    try:
        with urllib.request.urlopen(req) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def post(server, path, data: bytes, ctype: str):
    req = urllib.request.Request(server + path, data=data, headers={"Content-Type": ctype}, method="POST")
    try:
        with urllib.request.urlopen(req) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def test_named_graph_and_default_graph_uri(server):
    shapes = "https://w3id.org/gebiedsontwikkeling/graph/shapes"
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?s a <http://www.w3.org/ns/shacl#NodeShape> }"
    plain = json.loads(get(server, "/sparql?" + urllib.parse.urlencode({"query": q}))[2])
    scoped = json.loads(get(server, "/sparql?" + urllib.parse.urlencode({"query": q, "default-graph-uri": shapes}))[2])
    assert int(plain["results"]["bindings"][0]["n"]["value"]) == 0
    assert int(scoped["results"]["bindings"][0]["n"]["value"]) >= 5
    q2 = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    named = json.loads(get(server, "/sparql?" + urllib.parse.urlencode({"query": q2, "named-graph-uri": shapes}))[2])
    assert {b["g"]["value"] for b in named["results"]["bindings"]} == {shapes}


def test_service_description(server):
    status, headers, body = get(server, "/sparql", Accept="text/turtle")
    assert status == 200
    g = rdflib.Graph().parse(data=body, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    assert (None, sd.supportedLanguage, sd.SPARQL11Query) in g
    assert (None, sd.endpoint, rdflib.URIRef(server + "/sparql")) in g


# -- refusals and errors ---------------------------------------------------------------------------

def test_update_is_refused(server):
    for data, ctype in [(b"update=DROP+ALL", "application/x-www-form-urlencoded"),
                        (b"DROP ALL", "application/sparql-update"),
                        (b"INSERT DATA { <http://a> <http://b> <http://c> }", "application/sparql-query")]:
        status, body = post(server, "/sparql", data, ctype)
        assert status == 403, (data, body)
        assert b"read-only" in body
    assert get(server, "/sparql?update=DROP%20ALL")[0] == 403
    c = client(server)
    c.setQuery(ASK)
    assert c.queryAndConvert()["boolean"] is True  # nothing was lost


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { service <http://example.org/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE SILENT <http://example.org/sparql> { ?s ?p ?o } }",
    "LOAD <http://example.org/data.ttl>",
])
def test_network_access_is_refused(server, query):
    status, _, body = get(server, "/sparql?" + urllib.parse.urlencode({"query": query}))
    assert status == 403
    assert b"not allowed" in body


def test_keywords_inside_strings_are_not_refused(server):
    q = 'SELECT ?x WHERE { BIND("SERVICE and INSERT are words" AS ?x) }'
    status, _, body = get(server, "/sparql?" + urllib.parse.urlencode({"query": q}))
    assert status == 200 and b"SERVICE and INSERT" in body


def test_malformed_query_gets_400_with_position(server):
    status, _, body = get(server, "/sparql?" + urllib.parse.urlencode({"query": "SELECT * WHERE {\n  ?s ?p \n}"}))
    assert status == 400
    message = json.loads(body)["error"]
    assert "syntax error" in message and re.search(r"\b3:\d+\b", message)  # line 3, with a column


def test_request_size_limit(server):
    status, body = post(server, "/sparql", b"query=" + b"x" * (3 * 1024 * 1024), "application/x-www-form-urlencoded")
    assert status == 413


def test_unsupported_content_type(server):
    assert post(server, "/sparql", b"{}", "application/json")[0] == 415


def test_two_queries_is_an_error(server):
    assert get(server, "/sparql?query=ASK{}&query=ASK{}")[0] == 400


def test_row_limit_truncates(server):
    q = "SELECT * WHERE { ?s ?p ?o }"
    status, headers, body = get(server, "/sparql?" + urllib.parse.urlencode({"query": q}))
    assert status == 200
    assert headers["X-KG-Truncated"] == "true"
    assert len(json.loads(body)["results"]["bindings"]) == 10_000


def test_void_and_dcat_description(server):
    status, headers, body = get(server, "/.well-known/void", Accept="text/turtle")
    assert status == 200
    g = rdflib.Graph().parse(data=body, format="turtle")
    dataset = rdflib.URIRef("https://w3id.org/gebiedsontwikkeling/id/dataset/kennisgraaf")
    dcat = rdflib.Namespace("http://www.w3.org/ns/dcat#")
    void = rdflib.Namespace("http://rdfs.org/ns/void#")
    assert (dataset, rdflib.RDF.type, dcat.Dataset) in g and (dataset, rdflib.RDF.type, void.Dataset) in g
    assert int(g.value(dataset, void.triples)) > 10_000
    assert (dataset, void.sparqlEndpoint, rdflib.URIRef(server + "/sparql")) in g
    assert len(list(g.objects(dataset, dcat.distribution))) == 2
