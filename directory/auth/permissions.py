"""The one place that decides who may enter each role's pages (S09).

Each role's blueprint calls `guard_blueprint(bp, role)` once; no view repeats the check.
"""
from urllib.parse import urlsplit

from flask import abort, g, redirect, request, url_for


def login_redirect():
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def require_role(role: str | None):
    def check():
        user = g.get("user")
        if user is None:
            return login_redirect()
        if role is not None and user.role != role:
            abort(403)
        return None
    return check


def guard_blueprint(bp, role: str | None) -> None:
    bp.before_request(require_role(role))


def safe_next(target: str | None, default: str) -> str:
    """Only same-site paths are followed after login (S07): no scheme, no host, no `//` or `\\`."""
    if not target:
        return default
    target = target.strip()
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith(("//", "/\\")):
        return default
    if any(ch in target for ch in "\r\n\t\\"):
        return default
    return target
