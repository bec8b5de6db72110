"""Server-side sessions: the signed cookie carries a random token, the database its hash.

Logging out deletes the row, so a copied cookie is useless afterwards (S05); a password change
deletes every other row of that user. A login ends after SESSION_IDLE_TIMEOUT without a request
and SESSION_MAX_AGE after it began (S39): the row's last_seen_at and created_at say when.
"""
import hashlib
import secrets
from datetime import timedelta

from flask import current_app, flash, g, request, session
from flask_babel import gettext as _

from directory.core.extensions import db
from directory.models import User, UserSession, utcnow

TOUCH_EVERY = timedelta(minutes=5)
KEEP_ON_LOGIN = ("lang",)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def login_user(user: User) -> None:
    kept = {k: session[k] for k in KEEP_ON_LOGIN if k in session}
    session.clear()  # a fresh session at login: nothing from before carries over (fixation)
    session.update(kept)
    token = secrets.token_urlsafe(32)
    db.session.add(UserSession(id=_digest(token), user=user,
                               user_agent=(request.user_agent.string or "")[:200]))
    session["sid"] = token
    g.user = user


def logout_user() -> None:
    token = session.get("sid")
    if token:
        UserSession.query.filter_by(id=_digest(token)).delete()
    kept = {k: session[k] for k in KEEP_ON_LOGIN if k in session}
    session.clear()
    session.update(kept)
    g.user = None


def end_other_sessions(user: User) -> None:
    current = _digest(session["sid"]) if session.get("sid") else None
    query = UserSession.query.filter(UserSession.user_id == user.id)
    if current:
        query = query.filter(UserSession.id != current)
    query.delete()


def load_user() -> None:
    g.user = None
    token = session.get("sid")
    if not token:
        return
    row = db.session.get(UserSession, _digest(token))
    if row is None:
        session.pop("sid", None)
        return
    now = utcnow()
    config = current_app.config
    if now - row.last_seen_at > config["SESSION_IDLE_TIMEOUT"] or now - row.created_at > config["SESSION_MAX_AGE"]:
        db.session.delete(row)
        session.pop("sid", None)
        flash(_("You were logged out because your session expired. Please log in again."), "info")
        return
    if now - row.last_seen_at > TOUCH_EVERY:
        row.last_seen_at = now
    g.user = row.user


def current_user() -> User | None:
    return g.get("user")


def init_app(app) -> None:
    app.before_request(load_user)

    @app.context_processor
    def inject_user():
        return {"current_user": g.get("user")}
