"""`GET /healthz` (CONTRACT §7): cheap enough for a load balancer to call every second.

Each part is a primary-key or indexed lookup, never a scan: `SELECT 1`, the outbox rows past
the index's last applied id, the mail queue counts. Answers are cached for a second per process,
so a burst of probes costs one set of queries. No session, no rate limit, no search log.
"""
import logging
import threading
import time

from flask import Blueprint, current_app, jsonify
from sqlalchemy import func, select

from directory.core.extensions import db, limiter

bp = Blueprint("ops", __name__)
log = logging.getLogger(__name__)
CACHE_SECONDS = 1.0
_cache_lock = threading.Lock()


def database_part() -> str:
    db.session.execute(select(1))
    return "ok"


def index_part() -> dict:
    from directory.models import SearchChange
    from directory.search.service import get_index
    index = get_index()
    last = index.last_applied()
    behind = db.session.execute(
        select(func.count(SearchChange.id), func.min(SearchChange.created_at))
        .where(SearchChange.id > last)).one()
    return {"status": "ok", "documents": index.doc_count(), "last_applied": last,
            "outbox_lag": behind[0], "outbox_lag_seconds": _age(behind[1])}


def mail_part() -> dict:
    from directory.models import MailMessage
    # Only the unsent states: the range on ix_mail_messages_state_next_attempt_at stays small
    # however many sent messages pile up.
    rows = db.session.execute(select(MailMessage.state, func.count())
                              .where(MailMessage.state.in_(("queued", "sending", "failed")))
                              .group_by(MailMessage.state)).all()
    counts = dict(rows)
    oldest = db.session.scalar(select(func.min(MailMessage.created_at))
                               .where(MailMessage.state.in_(("queued", "sending"))))
    return {"status": "ok", "queued": counts.get("queued", 0) + counts.get("sending", 0),
            "failed": counts.get("failed", 0),
            "oldest_queued_seconds": _age(oldest)}


def _age(moment) -> float:
    """Seconds since moment (0 when there is none)."""
    if moment is None:
        return 0.0
    from datetime import timezone

    from directory.models import utcnow
    moment = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    return max(0.0, round((utcnow() - moment).total_seconds(), 1))


def check() -> tuple[dict, int]:
    body: dict = {"status": "ok"}
    try:
        body["database"] = database_part()
    except Exception as exc:  # unreachable, wrong password, not migrated …: name it, never a 500
        db.session.rollback()
        log.warning("health: database check failed: %s", type(exc).__name__)
        body.update(status="error", database="error", failing=["database"],
                    index={"status": "unknown"}, mail={"status": "unknown"})
        return body, 503
    failing = []
    for name, part in (("index", index_part), ("mail", mail_part)):
        try:
            body[name] = part()
        except Exception as exc:
            db.session.rollback()
            log.warning("health: %s check failed: %s", name, type(exc).__name__)
            body[name] = {"status": "error", "error": type(exc).__name__}
            failing.append(name)
    if failing:
        body.update(status="error", failing=failing)
        return body, 503
    return body, 200


def cached_check() -> tuple[dict, int]:
    cache = current_app.extensions.setdefault("healthz", {})
    now = time.monotonic()
    with _cache_lock:
        hit = cache.get("last")
        if hit and now - hit[0] < CACHE_SECONDS:
            return hit[1], hit[2]
    body, code = check()
    with _cache_lock:
        cache["last"] = (now, body, code)
    return body, code


@bp.route("/healthz")
@limiter.exempt
def healthz():
    body, code = cached_check()
    response = jsonify(body)
    response.status_code = code
    response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app) -> None:
    app.register_blueprint(bp)
