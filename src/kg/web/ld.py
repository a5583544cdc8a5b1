"""Linked data: every {base}/id/... and {base}/def/... IRI dereferences on this server.

Following the Dutch URI strategy, /id/{type}/{slug} names a thing and answers 303 See Other with the
document about it, /doc/{type}/{slug}. The document is HTML for browsers and Turtle, JSON-LD,
N-Triples or RDF/XML by content negotiation (or ?format=). Ontology terms under /def/ are answered
directly, with the same content negotiation. The server answers for the configured base whatever host
it runs on: /id/kader/nhv on 127.0.0.1:5000 describes {base}/id/kader/nhv.
"""

from __future__ import annotations

import re

from flask import Blueprint, Response, current_app, redirect, render_template, request, url_for

from .. import describe as describer
from ..errors import KGError
from ..sparql import Result
from . import negotiation

bp = Blueprint("ld", __name__)

SAFE_PATH = re.compile(r"^[A-Za-z0-9._~\-/]+$")


def _checked(path: str) -> str:
    if not SAFE_PATH.match(path) or ".." in path.split("/") or path.startswith("/"):
        raise KGError(f"not a valid resource path: {path!r}", status=404)
    return path


@bp.route("/id/<path:path>")
def thing(path: str):
    target = url_for("ld.document", path=_checked(path))
    if request.query_string:
        target += "?" + request.query_string.decode("latin-1")
    return redirect(target, code=303)


@bp.route("/doc/<path:path>")
def document(path: str):
    iri = f"{current_app.config['KG_BASE']}/id/{_checked(path)}"
    return _respond(iri)


@bp.route("/def/")
@bp.route("/def/<path:path>")
def term(path: str = ""):
    iri = f"{current_app.config['KG_BASE']}/def/{_checked(path) if path else ''}"
    return _respond(iri)


def _respond(iri: str):
    fmt = negotiation.format_override()
    if fmt is None:
        types = {"text/html": "html", **negotiation.GRAPH_TYPES}
        best = request.accept_mimetypes.best_match(list(types), default="text/html")
        fmt = types[best]
    store = current_app.extensions["kg_store"]
    if fmt == "html":
        from .pages import current_lang

        lang = current_lang()
        d = describer.describe(store, iri, lang="en" if lang == "en" else "nl")
        return render_template("resource.html", d=d, lang=lang, alternates=ALTERNATES)
    if fmt not in negotiation.GRAPH_TYPES.values():
        raise KGError(f"format {fmt!r} is not available for a resource description", status=406)
    found = describer.triples(store, iri)
    if not found:
        raise KGError(f"nothing is known about {iri}", status=404)
    response = Response(Result("graph", triples=found).serialize(fmt), mimetype=negotiation.MEDIA_TYPE[fmt])
    response.headers["Vary"] = "Accept"
    return response


ALTERNATES = [("Turtle", "turtle"), ("JSON-LD", "jsonld"), ("N-Triples", "ntriples"), ("RDF/XML", "rdfxml")]
