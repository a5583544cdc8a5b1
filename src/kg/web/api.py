"""JSON/CSV API: every saved query in queries/ is GET /api/queries/{name}?param=value.

Also /api/instruments (the policy officer's question, a shorthand for the saved query
`instruments`), the OpenAPI 3 document that describes all of it, and a full N-Quads dump.
"""

from __future__ import annotations

import csv
import io

from flask import Blueprint, Response, current_app, jsonify, request, url_for

from .. import export, queries, sparql
from ..errors import KGError
from . import cache

bp = Blueprint("api", __name__, url_prefix="")

INSTRUMENT_PARAMS = ("actor", "area_type", "theme", "framework")


def run_saved(name: str, values: dict[str, str]) -> sparql.Result:
    """Rows of a saved query with the caller's values (defaults for the rest).

    It runs on the public query engine, so our own queries get the same time limit as anyone's (a
    user-chosen parameter can make a query expensive), and answers are kept per store version."""
    text = queries.get(name).bound_text(values, base=current_app.config["KG_BASE"])
    engine = current_app.extensions["kg_engine"]
    return cache.cached(("saved", text),
                        lambda: engine.run(text, select_fmt="json", graph_fmt="ntriples").result(),
                        result_size)


def result_size(result: sparql.Result) -> int:
    """Rough bytes of a result held in memory (values plus per-binding overhead)."""
    if result.kind == "graph":
        return sum(len(str(t)) for t in result.triples)
    return sum(100 * len(b) + sum(len(v["value"]) for v in b.values()) for b in result.bindings) + 200


def respond(name: str, result: sparql.Result):
    fmt = request.args.get("format")
    if fmt is None:
        best = request.accept_mimetypes.best_match(
            ["application/json", "text/csv", "application/sparql-results+json"], default="application/json")
        fmt = {"text/csv": "csv", "application/sparql-results+json": "sparql-json"}.get(best, "json")
    if result.kind == "graph":
        return Response(result.serialize("jsonld" if fmt == "json" else "turtle"),
                        mimetype="application/ld+json" if fmt == "json" else "text/turtle")
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=result.variables, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(result.rows())
        return Response(out.getvalue(), mimetype="text/csv",
                        headers={"Content-Disposition": f'attachment; filename="{name.replace("/", "-")}.csv"'})
    if fmt == "sparql-json":
        return Response(result.serialize("json"), mimetype="application/sparql-results+json")
    if fmt != "json":
        raise KGError(f"unknown format {fmt!r}; use json, csv or sparql-json", status=406)
    if result.kind == "ask":
        return jsonify({"query": name, "boolean": result.json_doc["boolean"]})
    return jsonify({"query": name, "columns": result.variables, "count": len(result.bindings),
                    "truncated": result.truncated, "rows": result.rows()})


def _params(names) -> dict[str, str]:
    extra = set(request.args) - set(names) - {"format", "lang"}
    if extra:
        raise KGError(f"unknown parameter(s): {', '.join(sorted(extra))}; known: {', '.join(names)}")
    return {k: request.args[k] for k in names if request.args.get(k)}


@bp.get("/api/queries")
def list_queries():
    return jsonify([describe(q) for q in queries.load_all().values()])


def describe(q: queries.SavedQuery) -> dict:
    return {"name": q.name, "title": q.title, "description": q.description,
            "url": url_for("api.saved_query", name=q.name, _external=True),
            "parameters": [{"name": p.name, "kind": p.kind, "required": p.required, "default": p.default,
                            "description": p.description} for p in q.params]}


@bp.get("/api/queries/<path:name>")
def saved_query(name: str):
    saved = queries.get(name)
    return respond(name, run_saved(name, _params([p.name for p in saved.params])))


@bp.get("/api/instruments")
def instruments():
    return respond("instruments", run_saved("instruments", _params(INSTRUMENT_PARAMS)))


@bp.post("/api/validate")
def validate_plan():
    """Validate a plan sent as Turtle, JSON-LD or plain JSON; the report says whether it conforms."""
    from .. import validate

    if isinstance(current_app.extensions["kg_store"], __import__("kg.remote", fromlist=["RemoteStore"]).RemoteStore):
        raise KGError("plan validation needs the embedded store", status=501)
    status, media_type, body = validate.http_validate(
        request.get_data(), request.content_type, current_app.extensions["kg_store"],
        fmt=request.args.get("format", "json"), lang=request.args.get("lang", "nl"),
        engine=request.args.get("engine", validate.DEFAULT_ENGINE))
    return Response(body, status=status, mimetype=media_type.split(";")[0])


@bp.get("/api/audit")
def audit_findings():
    """Audit findings, filtered by type, document and severity (each may repeat)."""
    from .. import audit

    unknown = set(request.args) - {"type", "document", "severity", "format", "lang"}
    if unknown:
        raise KGError(f"unknown parameter(s): {', '.join(sorted(unknown))}; known: type, document, severity, format")
    fmt = request.args.get("format", "json")
    if fmt not in audit.MEDIA_TYPES:
        raise KGError(f"unknown format {fmt!r}; use one of {', '.join(audit.MEDIA_TYPES)}", status=406)
    everything = _audit_cache()
    types, documents, severities = (request.args.getlist(k) or None for k in ("type", "document", "severity"))
    documents = [d.zfill(3) for d in documents] if documents else None
    found = [f for f in everything if audit.matches(f, types, documents, severities, None)]
    return Response(audit.serialize(found, fmt, base=current_app.config["KG_BASE"]), mimetype=audit.MEDIA_TYPES[fmt])


_audit_lock = __import__("threading").Lock()


def _audit_cache() -> list:
    """All findings for the store version being served; the audit runs once per version (a full
    run takes seconds, so concurrent requests wait for one run instead of starting their own)."""
    from .. import audit

    key = cache.served_version() or current_app.config["KG_STORE"]
    findings = current_app.extensions.setdefault("kg_audit", {})
    with _audit_lock:
        if key not in findings:
            findings.clear()
            findings[key] = audit.run(current_app.extensions["kg_store"])
        return findings[key]


@bp.get("/dump")
def dump():
    data = export.dump(current_app.extensions["kg_store"], "nquads")
    return Response(data, mimetype="application/n-quads",
                    headers={"Content-Disposition": 'attachment; filename="kg.nq"'})


@bp.get("/api/openapi.json")
def openapi():
    paths = {
        "/sparql": {"get": {
            "summary": "SPARQL 1.1 Protocol query endpoint (read-only)",
            "parameters": [{"name": "query", "in": "query", "required": True, "schema": {"type": "string"}},
                           {"name": "default-graph-uri", "in": "query", "schema": {"type": "string"}},
                           {"name": "named-graph-uri", "in": "query", "schema": {"type": "string"}},
                           {"name": "format", "in": "query", "schema": {"type": "string", "enum": [
                               "json", "xml", "csv", "tsv", "turtle", "ntriples", "jsonld", "rdfxml"]}}],
            "responses": _responses()}},
        "/api/instruments": {"get": {
            "summary": "Welke kaders en instrumenten zijn van toepassing? (actor, gebiedstype, thema, kader)",
            "parameters": [_param(n, "IRI or short form such as actor/gemeente", False) for n in INSTRUMENT_PARAMS]
            + [_format_param()],
            "responses": _responses()}},
        "/api/queries": {"get": {"summary": "List the saved queries", "responses": {"200": {"description": "list"}}}},
    }
    for q in queries.load_all().values():
        paths[f"/api/queries/{q.name}"] = {"get": {
            "summary": q.title, "description": q.description, "operationId": "query_" + q.name.replace("/", "_").replace("-", "_"),
            "parameters": [_param(p.name, p.description, p.required, p.default) for p in q.params] + [_format_param()],
            "responses": _responses()}}
    return jsonify({
        "openapi": "3.0.3",
        "info": {"title": "Kennisgraaf gebiedsontwikkeling API", "version": "0.1.0",
                 "description": "Saved SPARQL queries over the knowledge graph for Dutch area development."},
        "servers": [{"url": request.host_url.rstrip("/")}],
        "paths": paths,
    })


def _param(name: str, description: str, required: bool, default: str | None = None) -> dict:
    schema = {"type": "string"} if default is None else {"type": "string", "default": default}
    return {"name": name, "in": "query", "required": required, "description": description, "schema": schema}


def _format_param() -> dict:
    return {"name": "format", "in": "query", "required": False,
            "schema": {"type": "string", "enum": ["json", "csv", "sparql-json"]}}


def _responses() -> dict:
    return {"200": {"description": "results"}, "400": {"description": "bad parameter or query"},
            "404": {"description": "unknown query"}, "406": {"description": "format not available"}}
