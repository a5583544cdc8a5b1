"""Linked data: /id/ answers 303 to /doc/, content negotiation, /def/ terms, escaping."""

import http.client
import urllib.parse

import pytest
import rdflib

NHV = "https://w3id.org/gebiedsontwikkeling/id/kader/nhv"


def raw_get(server, path, accept="text/html"):
    u = urllib.parse.urlparse(server)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
    conn.request("GET", path, headers={"Accept": accept})
    r = conn.getresponse()
    return r.status, dict(r.getheaders()), r.read()


def test_id_redirects_303_to_doc(server):
    status, headers, _ = raw_get(server, "/id/kader/nhv")
    assert status == 303 and headers["Location"].endswith("/doc/kader/nhv")


@pytest.mark.parametrize("accept, parser", [("text/turtle", "turtle"), ("application/ld+json", "json-ld"),
                                             ("application/n-triples", "nt"), ("application/rdf+xml", "xml")])
def test_doc_content_negotiation(server, accept, parser):
    status, headers, body = raw_get(server, "/doc/kader/nhv", accept)
    assert status == 200 and headers["Content-Type"].startswith(accept)
    g = rdflib.Graph().parse(data=body, format=parser)
    assert (rdflib.URIRef(NHV), rdflib.RDF.type, None) in g


def test_doc_html_shows_label_and_sources(server):
    status, headers, body = raw_get(server, "/doc/kader/nhv")
    html = body.decode()
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "Natuurherstelverordening" in html
    assert 'lang="nl"' in html
    assert "Bronnen" in html


def test_def_terms_dereference(server):
    status, _, body = raw_get(server, "/def/Koppelkans", "text/turtle")
    assert status == 200
    g = rdflib.Graph().parse(data=body, format="turtle")
    assert (rdflib.URIRef("https://w3id.org/gebiedsontwikkeling/def/Koppelkans"), rdflib.RDFS.label,
            rdflib.Literal("koppelkans", lang="nl")) in g


def test_unknown_resource_is_404(server):
    assert raw_get(server, "/doc/kader/bestaat-niet", "text/turtle")[0] == 404
    assert raw_get(server, "/doc/kader/bestaat-niet")[0] == 404


@pytest.mark.parametrize("path", ["/doc/../../etc/passwd", "/doc/kader/%2e%2e/%2e%2e/etc/passwd",
                                  "/id/kader/<script>alert(1)</script>"])
def test_hostile_paths(server, path):
    status, _, body = raw_get(server, path)
    assert status in (303, 404)
    assert b"<script>alert" not in body


def test_revalidation_with_etag(server):
    """An unchanged answer costs a 304; each representation has its own tag."""
    status, headers, body = raw_get(server, "/doc/kader/nhv", accept="text/turtle")
    headers = {k.lower(): v for k, v in headers.items()}  # the WSGI server may recase header names
    tag = headers.get("etag")
    assert status == 200 and tag and "Accept" in headers.get("vary", "")
    u = urllib.parse.urlparse(server)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
    conn.request("GET", "/doc/kader/nhv", headers={"Accept": "text/turtle", "If-None-Match": tag})
    r = conn.getresponse()
    assert r.status == 304 and r.read() == b""
    _, html_headers, _ = raw_get(server, "/doc/kader/nhv", accept="text/html")
    assert {k.lower(): v for k, v in html_headers.items()}.get("etag") not in (None, tag)
