"""The Flask application factory. One blueprint per job:

- sparql: the SPARQL 1.1 Protocol endpoint (/sparql) and the service description
- ld:     linked data: /id/... (303 to /doc/...), /doc/..., /def/... with content negotiation
- api:    saved queries as a JSON/CSV API, the OpenAPI document, /api/instruments
- pages:  the browser for policy officers (HTML)
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from flask import Flask, Response, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from .. import config
from ..engine import DEFAULT_TIMEOUT, QueryEngine, RemoteEngine
from ..errors import KGError
from ..remote import RemoteStore
from ..store import current_version, open_store
from . import cache

MAX_REQUEST_BYTES = 2 * 1024 * 1024


def create_app(store_location=config.STORE_DIR, *, query_timeout: float = DEFAULT_TIMEOUT,
               row_limit: int = 10_000, workers: int = 3, base: str = config.BASE,
               cache_bytes: int = cache.DEFAULT_MAX_BYTES,
               admin_token: str | None = os.environ.get("KG_ADMIN_TOKEN")) -> Flask:
    app = Flask(__name__, template_folder=str(config.WEB_DIR / "templates"),
                static_folder=str(config.WEB_DIR / "static"), static_url_path="/static")
    app.config.update(MAX_CONTENT_LENGTH=MAX_REQUEST_BYTES, KG_BASE=base, KG_STORE=str(store_location),
                      KG_ADMIN_TOKEN=admin_token)
    app.json.ensure_ascii = False
    store = open_store(store_location)
    app.extensions["kg_store"] = store  # trusted in-process reads: resource pages, audit, validation
    app.extensions["kg_cache"] = cache.VersionedCache(cache_bytes)
    if isinstance(store, RemoteStore):
        store.timeout = query_timeout
        app.extensions["kg_engine"] = RemoteEngine(store, row_limit=row_limit)
    else:  # untrusted public queries run in killable worker processes
        app.extensions["kg_engine"] = QueryEngine(Path(store_location), workers=workers, timeout=query_timeout,
                                                  row_limit=row_limit)
        app.extensions["kg_version"] = current_version(Path(store_location))
        reload_lock = threading.Lock()

        @app.before_request
        def follow_rebuilds():
            """`kg build` swaps in a new store version; switch to it on the next request."""
            version = current_version(Path(store_location))
            if version != app.extensions["kg_version"] and (version / "CURRENT").exists():
                with reload_lock:
                    if version != app.extensions["kg_version"]:
                        app.extensions["kg_store"] = open_store(version)
                        app.extensions["kg_engine"].reload(version)
                        app.extensions["kg_version"] = version
                        app.logger.info("now serving store version %s", version.name)

        @app.before_request
        def not_modified():
            """A client that already holds this answer (same version, URL and negotiation) gets a 304."""
            tag = cache.etag_for_request()
            if tag and tag in request.if_none_match:
                return Response(status=304, headers={"ETag": f'"{tag}"'})

        @app.after_request
        def etag(response):
            tag = cache.etag_for_request()
            if tag and response.status_code == 200 and not response.is_streamed:
                response.set_etag(tag)
                response.vary.update(cache.NEGOTIATING)
            return response

    @app.template_filter("localpath")
    def localpath(iri: str) -> str:
        """Links to our own IRIs stay on this server; other IRIs are left as they are."""
        return iri[len(base):] if iri.startswith(base + "/") else iri

    from . import api, ld, sparql_endpoint
    app.register_blueprint(sparql_endpoint.bp)
    app.register_blueprint(ld.bp)
    app.register_blueprint(api.bp)
    from . import pages
    app.register_blueprint(pages.bp)  # the browser (HTML pages)
    if admin_token:  # write routes exist only with an admin token; otherwise the service is read-only
        from . import admin
        app.register_blueprint(admin.bp)

    @app.errorhandler(KGError)
    def kg_error(e: KGError):
        return error_response(str(e), e.status, e.details)

    @app.errorhandler(HTTPException)
    def http_error(e: HTTPException):
        return error_response(e.description or e.name, e.code or 500)

    @app.errorhandler(Exception)
    def unexpected(e: Exception):  # never a stack trace to the client
        app.logger.exception("unexpected error")
        return error_response("internal error", 500)

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if response.mimetype == "text/html":
            response.headers.setdefault(
                "Content-Security-Policy",
                "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'")
        return response

    return app


def wants_html() -> bool:
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return best == "text/html" and request.accept_mimetypes["text/html"] > request.accept_mimetypes["application/json"]


def error_response(message: str, status: int, details: list[str] | None = None):
    if wants_html():
        return render_template("error.html", message=message, status=status, details=details or []), status
    body = {"error": message, "status": status}
    if details:
        body["details"] = details
    return jsonify(body), status
