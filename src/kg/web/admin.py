"""Admin routes, registered only when an admin token is configured (KG_ADMIN_TOKEN or
create_app(admin_token=...)). Without a token they do not exist and the service is read-only.

    POST /api/plans       validate a plan and store it with its report (named graphs)
    POST /sparql/update   SPARQL 1.1 Update (no LOAD and no SERVICE: no network access)

Requests carry `Authorization: Bearer <token>`. After a write the readers reopen the store, so the
change is visible at once.
"""

from __future__ import annotations

import hmac
import re

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, jsonify, request

from ..engine import MAX_QUERY_CHARS
from .. import sparql
from ..errors import KGError
from . import cache

bp = Blueprint("admin", __name__)

_NETWORK = re.compile(r"(?<![\w:?$])(LOAD|SERVICE)(?![\w:])", re.I)


@bp.before_request
def require_token():
    expected = current_app.config["KG_ADMIN_TOKEN"]
    given = request.headers.get("Authorization", "")
    if not (given.startswith("Bearer ") and hmac.compare_digest(given[7:].encode(), expected.encode())):
        raise KGError("admin token missing or wrong (Authorization: Bearer ...)", status=401)


def _writable_store() -> ox.Store:
    if "kg_version" not in current_app.extensions:
        raise KGError("writes through this service need the embedded store", status=501)
    return ox.Store(str(current_app.extensions["kg_version"]))


def _readers_reload() -> None:
    """Reopen the read-only handles so they see the write (same version directory)."""
    from ..store import open_store

    version = current_app.extensions["kg_version"]
    current_app.extensions["kg_store"] = open_store(version)
    current_app.extensions["kg_engine"].reload(version)
    cache.written()


@bp.post("/api/plans")
def store_plan():
    from .. import planstore, plans, validate

    data = request.get_data()
    store = current_app.extensions["kg_store"]
    plan = plans.parse(data, validate.input_format(request.content_type), knowledge=store)
    report = validate.validate(plan, store)
    quads = planstore.quads(plan, report, current_app.config["KG_BASE"])
    writable = _writable_store()
    try:
        planstore.replace(writable, quads)
    finally:
        del writable
    _readers_reload()
    plan_graph, report_graph = planstore.graph_names(plan.plans[0].value, current_app.config["KG_BASE"])
    return jsonify({"plan": plan.plans[0].value, "planGraph": plan_graph.value, "reportGraph": report_graph.value,
                    "conforms": report.conforms, "counts": report.counts()}), 201


@bp.post("/sparql/update")
def update():
    ctype = (request.mimetype or "").lower()
    if ctype == "application/sparql-update":
        text = request.get_data(as_text=True)
    elif ctype == "application/x-www-form-urlencoded":
        text = request.form.get("update", "")
    else:
        raise KGError("send application/sparql-update or a form with update=", status=415)
    if len(text) > MAX_QUERY_CHARS:
        raise KGError(f"update is too long: {len(text)} characters", status=413)
    from ..engine import _STRIP

    if _NETWORK.search(_STRIP.sub(" ", text)):
        raise KGError("LOAD and SERVICE are not allowed: updates cannot reach the network", status=403)
    writable = _writable_store()
    try:
        writable.update(text)
        writable.flush()
    except SyntaxError as e:
        raise KGError(sparql.syntax_error_message(e, "SPARQL Update")) from None
    finally:
        del writable
    _readers_reload()
    return Response(status=204)
