"""Response headers, error pages and log hygiene, applied to every response."""
import logging
import secrets

from flask import render_template, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

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
        return response

    def wants_json() -> bool:
        return request.path.startswith("/api/")

    @app.errorhandler(HTTPException)
    def http_error(exc):
        code = exc.code or 500
        # Keep the exception's own headers (Allow on 405, Retry-After on 429 …).
        headers = [(k, v) for k, v in exc.get_headers() if k.lower() != "content-type"]
        if wants_json():
            return {"error": exc.description if code == 400 else exc.name}, code, headers
        title = ERROR_TITLES.get(code, lambda: exc.name)()
        return render_template("errors/error.html", code=code, title=title, error_id=None), code, headers

    @app.errorhandler(Exception)
    def server_error(exc):
        if isinstance(exc, HTTPException):
            return http_error(exc)
        error_id = secrets.token_hex(6)
        app.logger.exception("unhandled error %s on %s %s", error_id, request.method, log_safe(request.path))
        try:
            from .extensions import db
            db.session.rollback()
        except Exception:  # pragma: no cover - the rollback itself failing must not hide the page
            app.logger.exception("rollback failed for %s", error_id)
        if wants_json():
            return {"error": "internal error", "error_id": error_id}, 500
        return render_template("errors/error.html", code=500, title=ERROR_TITLES[500](),
                               error_id=error_id), 500
