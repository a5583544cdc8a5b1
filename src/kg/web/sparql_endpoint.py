"""SPARQL 1.1 Protocol endpoint (query only) and SPARQL 1.1 Service Description.

GET /sparql?query=..., POST form-encoded (query=...), POST application/sparql-query; the dataset
can be narrowed with default-graph-uri / named-graph-uri. Results follow the Accept header or a
format= override. Update is refused: the public endpoint is read-only.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, render_template, request

from ..errors import KGError
from . import cache, negotiation

bp = Blueprint("sparql", __name__)

SERVICE_DESCRIPTION = Path(__file__).with_name("service-description.ttl")


@bp.route("/sparql", methods=["GET", "POST"])
def endpoint():
    query, default_graphs, named_graphs = read_protocol_request()
    if query is None:
        if negotiation.format_override() is None and request.accept_mimetypes.best_match(
                ["text/html", "text/turtle"]) == "text/html" and "text/html" in request.accept_mimetypes.values():
            return render_template("sparql.html")
        return service_description()
    override = negotiation.format_override()
    select_fmt = negotiation.negotiate_lenient(negotiation.RESULT_TYPES, "json")
    graph_fmt = negotiation.negotiate_lenient(negotiation.GRAPH_TYPES, "turtle")
    if override in negotiation.RESULT_TYPES.values():
        select_fmt, graph_fmt = override, negotiation.GRAPH_COUNTERPART[override]
    elif override in negotiation.GRAPH_TYPES.values():
        graph_fmt = override
    answer = cache.cached(
        ("sparql", query, tuple(default_graphs), tuple(named_graphs), select_fmt, graph_fmt),
        lambda: current_app.extensions["kg_engine"].run(
            query, select_fmt=select_fmt, graph_fmt=graph_fmt,
            default_graph=default_graphs, named_graphs=named_graphs),
        lambda answer: len(answer.body))
    response = Response(answer.body, mimetype=negotiation.MEDIA_TYPE[answer.fmt])
    if answer.fmt in ("json", "xml", "csv", "tsv", "turtle", "ntriples", "jsonld", "rdfxml"):
        response.charset = "utf-8"
    if answer.truncated:
        response.headers["X-KG-Truncated"] = "true"
    response.headers["Vary"] = "Accept"
    return response


def read_protocol_request() -> tuple[str | None, list[str], list[str]]:
    """Extract query and dataset from GET or POST as the SPARQL 1.1 Protocol defines them."""
    args = request.args
    if request.method == "POST":
        ctype = (request.mimetype or "").lower()
        if ctype == "application/sparql-update" or (ctype == "application/x-www-form-urlencoded" and "update" in request.form):
            raise KGError("SPARQL Update is not allowed: this endpoint is read-only", status=403)
        if ctype == "application/sparql-query":
            queries = [request.get_data(as_text=True)]
        elif ctype in ("application/x-www-form-urlencoded", "multipart/form-data"):
            queries = request.form.getlist("query")
            args = request.form if not args else args
        else:
            raise KGError(f"unsupported content type {ctype or '(none)'}: send application/sparql-query "
                          "or application/x-www-form-urlencoded", status=415)
    else:
        if "update" in args:
            raise KGError("SPARQL Update is not allowed: this endpoint is read-only", status=403)
        queries = args.getlist("query")
    if len(queries) > 1:
        raise KGError("more than one query parameter")
    default_graphs = request.args.getlist("default-graph-uri") + (
        request.form.getlist("default-graph-uri") if request.method == "POST" else [])
    named_graphs = request.args.getlist("named-graph-uri") + (
        request.form.getlist("named-graph-uri") if request.method == "POST" else [])
    for iri in default_graphs + named_graphs:
        try:
            ox.NamedNode(iri)
        except ValueError:
            raise KGError(f"graph IRI {iri!r} is not a valid IRI") from None
    return (queries[0] if queries else None), default_graphs, named_graphs


def service_description():
    endpoint = request.base_url
    text = SERVICE_DESCRIPTION.read_text(encoding="utf-8").replace("{endpoint}", endpoint)
    text = text.replace("{base}", current_app.config["KG_BASE"])
    triples = list(ox.parse(text.encode(), format=ox.RdfFormat.TURTLE))
    fmt = negotiation.format_override() or negotiation.negotiate_lenient(negotiation.GRAPH_TYPES, "turtle")
    from ..sparql import Result
    body = Result("graph", triples=triples).serialize(fmt)
    return Response(body, mimetype=negotiation.MEDIA_TYPE[fmt])


@bp.get("/.well-known/void")
@bp.get("/dataset")
def dataset_description():
    """VoID + DCAT-AP-NL description of the dataset, with the live triple counts of this store."""
    from ..describe import triples as describe_triples
    from ..sparql import Result, run

    base = current_app.config["KG_BASE"]
    dataset = f"{base}/id/dataset/kennisgraaf"
    store = current_app.extensions["kg_store"]
    found = describe_triples(store, dataset)
    if not found:
        raise KGError("the dataset description is not in the store; rebuild it", status=404)
    counts = run(store, "SELECT (COUNT(*) AS ?t) (COUNT(DISTINCT ?s) AS ?e) WHERE { ?s ?p ?o }").rows()[0]
    void = "http://rdfs.org/ns/void#"
    integer = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
    found += [ox.Triple(ox.NamedNode(dataset), ox.NamedNode(void + "triples"), ox.Literal(counts["t"], datatype=integer)),
              ox.Triple(ox.NamedNode(dataset), ox.NamedNode(void + "entities"), ox.Literal(counts["e"], datatype=integer)),
              ox.Triple(ox.NamedNode(dataset), ox.NamedNode(void + "sparqlEndpoint"), ox.NamedNode(request.host_url + "sparql")),
              ox.Triple(ox.NamedNode(dataset), ox.NamedNode(void + "dataDump"), ox.NamedNode(request.host_url + "dump"))]
    fmt = negotiation.format_override() or negotiation.negotiate_lenient(negotiation.GRAPH_TYPES, "turtle")
    return Response(Result("graph", triples=found).serialize(fmt), mimetype=negotiation.MEDIA_TYPE[fmt])
