"""Response headers, error pages and log hygiene, applied to every response."""
import logging

from flask import Response, render_template, request
from markupsafe import escape
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException, SecurityError

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; "
       "object-src 'none'")

ERROR_TITLES = {
    400: lambda: _("The request could not be understood"),
    403: lambda: _("You do not have permission to see this page"),
    404: lambda: _("Page not found"),
    405: lambda: _("That action is not allowed here"),
    413: lambda: _("The file is too large"),
    429: lambda: _("Too many attempts. Please wait a little and try again."),
    500: lambda: _("Something went wrong on our side"),
}


class NeutraliseNewlines(logging.Filter):
    """User-supplied values in log lines cannot forge extra lines (S24)."""

    def filter(self, record):
        if isinstance(record.msg, str):
            record.msg = record.msg.replace("\r", "\\r").replace("\n", "\\n")
        if record.args:
            args = record.args if isinstance(record.args, tuple) else (record.args,)
            record.args = tuple(a.replace("\r", "\\r").replace("\n", "\\n") if isinstance(a, str) else a
                                for a in args)
        return True


def log_safe(value) -> str:
    return str(value).replace("\r", "\\r").replace("\n", "\\n")


def init_app(app) -> None:
    app.logger.addFilter(NeutraliseNewlines())
    security_log = logging.getLogger("directory.security")
    security_log.addFilter(NeutraliseNewlines())

    @app.after_request
    def headers(response):
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if app.config.get("PRODUCTION"):
            response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        if request.path.startswith(("/account", "/members", "/secretariat")):
            response.headers.setdefault("Cache-Control", "no-store")
        elif response.mimetype == "text/html":
            # Pages carry the visitor's CSRF token and shortlist: no shared cache (a CDN, a
            # proxy) may hand one visitor's page to another.
            response.headers.setdefault("Cache-Control", "private")
        return response

    def wants_json() -> bool:
        return request.path.startswith("/api/")

    def error_page(code: int, title_of, error_id: str | None):
        """The site's error page; if anything it needs fails (a template helper, the database,
        an untrusted Host), a plain page with the same headers and error id instead (S32)."""
        try:
            _links_on_base_url(app)
            return render_template("errors/error.html", code=code, title=title_of(), error_id=error_id)
        except Exception:
            from directory.ops.request_log import current_request_id
            fallback_id = error_id or current_request_id()
            app.logger.exception("error page %s failed to render (%s)", code, fallback_id)
            return minimal_error_page(code, fallback_id)

    @app.errorhandler(HTTPException)
    def http_error(exc):
        code = exc.code or 500
        # Keep the exception's own headers (Allow on 405, Retry-After on 429 …).
        headers = [(k, v) for k, v in exc.get_headers() if k.lower() != "content-type"]
        if wants_json():
            # A refused Host is not echoed back (the description quotes it).
            message = exc.description if code == 400 and not isinstance(exc, SecurityError) else exc.name
            return {"error": message}, code, headers
        title_of = ERROR_TITLES.get(code, lambda: exc.name)
        return error_page(code, title_of, None), code, headers

    @app.errorhandler(Exception)
    def server_error(exc):
        if isinstance(exc, HTTPException):
            return http_error(exc)
        from directory.ops.request_log import current_request_id
        error_id = current_request_id()  # the same id as the request's log line and X-Request-ID
        app.logger.exception("unhandled error %s on %s %s", error_id, request.method, log_safe(request.path))
        try:
            from directory.core.extensions import db
            db.session.rollback()
        except Exception:  # pragma: no cover - the rollback itself failing must not hide the page
            app.logger.exception("rollback failed for %s", error_id)
        if wants_json():
            return {"error": "internal error", "error_id": error_id}, 500
        return error_page(500, ERROR_TITLES[500], error_id), 500


def _links_on_base_url(app) -> None:
    """A request refused before routing (untrusted Host) has no URL adapter, so url_for in the
    error page would fail: give it one bound to BASE_URL."""
    from urllib.parse import urlsplit

    from flask.globals import request_ctx
    if request_ctx and request_ctx.url_adapter is None:
        base = urlsplit(app.config["BASE_URL"].rstrip("/"))
        request_ctx.url_adapter = app.url_map.bind(base.netloc, script_name=base.path or "/",
                                                   url_scheme=base.scheme or "http")


def minimal_error_page(code: int, error_id: str) -> Response:
    """Static text only: no template, no translation, nothing that can fail again."""
    body = ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Error</title></head>"
            f"<body><h1>Error {int(code)}</h1><p>Something went wrong. If you contact us, please quote "
            f"this reference: {escape(error_id)}</p><p><a href=\"/\">Go to the home page</a></p></body></html>")
    response = Response(body, status=code, mimetype="text/html")
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Cache-Control"] = "no-store"
    return response
