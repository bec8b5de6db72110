"""One JSON line per request (production, or REQUEST_LOG=True), and the request id.

Written by a WSGI wrapper so the line shows the status actually sent and the whole duration,
even when the app failed. The line holds the path without its query string, with the tokens
of confirmation and reset links redacted; never a body, a password or a cookie.
"""
import json
import logging
import re
import secrets
import sys
import time
from datetime import datetime, timezone

from flask import g, has_request_context, request
from werkzeug.wsgi import ClosingIterator

log = logging.getLogger("directory.requests")

ENVIRON_ID = "directory.request_id"
ENVIRON_USER = "directory.user_id"
ENVIRON_WARMUP = "directory.warmup"  # a worker's own warm-up requests (ops/warmup.py): not logged
# A proxy's own request id (nginx's $request_id) is kept when it looks like one.
_INCOMING_ID = re.compile(r"[A-Za-z0-9-]{8,64}")
# /account/reset/<token>, /account/confirm/<token>, /members/reconfirm/<token>, unsubscribe links…
_TOKEN_ROUTES = re.compile(r"/(reset|confirm|reconfirm|unsubscribe|verify)/[^/]+", re.IGNORECASE)
# …and any other path segment shaped like a signed token (itsdangerous: base64 parts with dots).
_TOKEN_SEGMENT = re.compile(r"/[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_.-]{8,}")
_CONTROLS = re.compile(r"[\x00-\x1f\x7f]")


def redact_path(path: str) -> str:
    path = _TOKEN_ROUTES.sub(lambda m: f"/{m.group(1)}/[redacted]", path)
    path = _TOKEN_SEGMENT.sub("/[redacted]", path)
    return _CONTROLS.sub(lambda m: f"\\x{ord(m.group()):02x}", path)[:500]


def current_request_id() -> str:
    """This request's id (shown on error pages, sent as X-Request-ID, written in the log)."""
    if has_request_context():
        rid = request.environ.get(ENVIRON_ID)
        if rid is None:
            rid = request.environ[ENVIRON_ID] = secrets.token_hex(8)
        return rid
    return secrets.token_hex(8)


class RequestLog:
    """WSGI wrapper: assigns the request id, times the request, writes the line at close()."""

    def __init__(self, wsgi_app, enabled: bool, trust_incoming_id: bool):
        self.wsgi_app, self.enabled, self.trust_incoming_id = wsgi_app, enabled, trust_incoming_id

    def __call__(self, environ, start_response):
        started = time.perf_counter()
        incoming = environ.get("HTTP_X_REQUEST_ID", "")
        trusted = self.trust_incoming_id and _INCOMING_ID.fullmatch(incoming)
        environ[ENVIRON_ID] = incoming if trusted else secrets.token_hex(8)
        status = []

        def recording_start_response(status_line, headers, exc_info=None):
            status[:] = [status_line]
            headers.append(("X-Request-ID", environ[ENVIRON_ID]))
            return start_response(status_line, headers, exc_info)

        body = self.wsgi_app(environ, recording_start_response)
        if not self.enabled or environ.get(ENVIRON_WARMUP):
            return body
        return ClosingIterator(body, lambda: self.write(environ, status, started))

    def write(self, environ, status, started) -> None:
        code = int(status[0].split(" ", 1)[0]) if status else 0
        line = {
            "time": datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "method": _CONTROLS.sub("", environ.get("REQUEST_METHOD", ""))[:16],
            "path": redact_path(environ.get("PATH_INFO", "")),
            "status": code,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            "request_id": environ.get(ENVIRON_ID),
            "user_id": environ.get(ENVIRON_USER),
            "ip": environ.get("REMOTE_ADDR"),
        }
        # json.dumps escapes every control character, so no value can start a second line.
        log.info(json.dumps(line, ensure_ascii=False))


def init_app(app) -> None:
    enabled = bool(app.config.get("REQUEST_LOG", app.config.get("PRODUCTION")))
    trust = int(app.config.get("PROXY_COUNT") or 0) > 0
    app.wsgi_app = RequestLog(app.wsgi_app, enabled, trust)
    if enabled and app.config.get("PRODUCTION") and not log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False

    @app.after_request
    def remember_user(response):
        user = g.get("user")
        if user is not None:
            request.environ[ENVIRON_USER] = user.id
        return response
