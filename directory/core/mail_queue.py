"""Delivering the mail queue: claim a message, hand it over, record what happened.

Every attempt first claims the row with one UPDATE … WHERE state is claimable, checks that it
changed exactly one row, and commits, before any byte goes to the mail server: two processes
never hold the same message. A claim older than MAIL_CLAIM_TIMEOUT belongs to a sender that
died (kill -9, power cut) and may be taken over. The one window left is a crash after the
server accepted the message and before it was marked sent: that message goes out twice.
"""
import logging
import os
import socket
import uuid
from datetime import timedelta
from email.utils import parseaddr

from flask import current_app
from sqlalchemy import and_, func, or_, select, update

from directory.core.extensions import db
from directory.core.mail_transport import TransportError, open_transport
from directory.models import MailMessage, utcnow

log = logging.getLogger("directory.mail")

# Waits before attempts 2, 3, 4…; after the last one the message is marked failed.
BACKOFF = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2),
           timedelta(hours=6), timedelta(hours=12), timedelta(hours=24))
MAX_ATTEMPTS = len(BACKOFF) + 1
BATCH = 100
_on_sent = {}  # kind → callback(ref), run in the transaction that marks a message sent


def on_sent(kind: str, callback) -> None:
    """Let a sender learn what went out (enquiries record "delivered to" this way)."""
    _on_sent[kind] = callback


def sender_id() -> str:
    """Who holds a claim: enough to find the process in `ps` on the right machine."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _stale_before():
    return utcnow() - timedelta(seconds=current_app.config["MAIL_CLAIM_TIMEOUT"])


def _claimable(include_failed: bool, due_only: bool):
    states = ("queued", "failed") if include_failed else ("queued",)
    waiting = MailMessage.state.in_(states)
    if due_only:
        waiting = and_(waiting, MailMessage.next_attempt_at <= utcnow())
    abandoned = and_(MailMessage.state == "sending", MailMessage.claimed_at < _stale_before())
    return or_(waiting, abandoned)


def _claim(message_id: int, who: str, condition) -> MailMessage | None:
    result = db.session.execute(
        update(MailMessage).where(MailMessage.id == message_id, condition)
        .values(state="sending", claimed_at=utcnow(), claimed_by=who, attempts=MailMessage.attempts + 1)
        .execution_options(synchronize_session=False))
    db.session.commit()  # the claim is visible to every other sender before the server hears anything
    if result.rowcount != 1:
        return None
    return db.session.get(MailMessage, message_id, populate_existing=True)


def _finish(message: MailMessage, who: str, error: TransportError | None) -> None:
    now = utcnow()
    mine = and_(MailMessage.id == message.id, MailMessage.claimed_by == who)
    if error is None:
        values = {"state": "sent", "sent_at": now, "last_error": None}
    else:
        gave_up = error.permanent or message.attempts >= MAX_ATTEMPTS
        wait = BACKOFF[min(message.attempts, len(BACKOFF)) - 1]
        values = {"state": "failed" if gave_up else "queued", "next_attempt_at": now + wait,
                  "last_error": _short(str(error))}
    db.session.execute(update(MailMessage).where(mine).values(claimed_at=None, claimed_by=None, **values)
                       .execution_options(synchronize_session=False))
    callback = _on_sent.get(message.kind or "") if error is None else None
    if callback is None:
        db.session.commit()
        return
    try:
        callback(message.ref)
        db.session.commit()
    except Exception:  # the message went out: that must be recorded even if the bookkeeping fails
        log.exception("after-send update for %s %s failed", message.kind, message.ref)
        db.session.rollback()
        db.session.execute(update(MailMessage).where(mine).values(claimed_at=None, claimed_by=None, **values)
                           .execution_options(synchronize_session=False))
        db.session.commit()


def _short(text: str) -> str:
    return " ".join(text.split())[:300]


class Run:
    """One delivery run: a transport opened at the first message, counts of what happened."""

    def __init__(self):
        config = current_app.config
        self.who = sender_id()
        self.transport = open_transport(config.get("SMTP_URL"), config["MAIL_OUTBOX"],
                                        config["MAIL_SMTP_TIMEOUT"])
        self.sender = parseaddr(config["MAIL_FROM"])[1]
        self.sent = self.failed = 0
        self.unreachable: TransportError | None = None

    def attempt(self, message_id: int, condition) -> bool:
        """Claim and send one message; False when someone else has it (or it is gone)."""
        message = _claim(message_id, self.who, condition)
        if message is None:
            return False
        try:
            self.transport.send(self.sender, message.recipient, message.message)
        except Exception as exc:  # noqa: BLE001 - whatever went wrong, the claim must be released
            if not isinstance(exc, TransportError):
                exc = TransportError(f"{type(exc).__name__}: {exc}")
            log.warning("mail %s to %s not sent (attempt %s): %s", message.id, message.recipient,
                        message.attempts, exc)
            _finish(message, self.who, exc)
            self.failed += 1
            if exc.connection:
                self.unreachable = exc
            return True
        _finish(message, self.who, None)
        self.sent += 1
        return True

    def close(self) -> None:
        self.transport.close()


def _drain(condition, ids=None) -> Run:
    """Attempt every message matching condition once, in id order, until the server is unreachable."""
    run = Run()
    last = 0
    try:
        while run.unreachable is None:
            query = select(MailMessage.id).where(MailMessage.id > last, condition)
            if ids is not None:
                query = query.where(MailMessage.id.in_(ids))
            batch = db.session.scalars(query.order_by(MailMessage.id).limit(BATCH)).all()
            db.session.commit()  # end the read, so the claims below start fresh transactions
            if not batch:
                break
            for message_id in batch:
                last = message_id
                run.attempt(message_id, condition)
                if run.unreachable is not None:
                    break
    finally:
        run.close()
    return run


def deliver_now(ids: list[int]) -> Run:
    """Right after the commit that queued them: only messages nobody has touched yet."""
    return _drain(MailMessage.state == "queued", ids)


def deliver_due() -> Run:
    """The worker's tick: queued messages whose next attempt is due, and abandoned claims."""
    return _drain(_claimable(include_failed=False, due_only=True))


def deliver_all() -> Run:
    """`mail deliver`: everything not sent, failed and not yet due included; each at most once."""
    return _drain(_claimable(include_failed=True, due_only=False))


def counts() -> dict[str, int]:
    rows = db.session.execute(select(MailMessage.state, func.count()).group_by(MailMessage.state))
    found = dict(rows.all())
    return {state: found.get(state, 0) for state in ("queued", "sending", "sent", "failed")}


def unsent_count() -> int:
    return db.session.scalar(select(func.count()).select_from(MailMessage)
                             .where(MailMessage.state.in_(("queued", "failed"))))


def retry(message_id: int) -> bool:
    """Make a queued or failed message due now (the secretariat's "retry now"); flushes only."""
    result = db.session.execute(
        update(MailMessage).where(MailMessage.id == message_id, MailMessage.state.in_(("queued", "failed")))
        .values(state="queued", next_attempt_at=utcnow()).execution_options(synchronize_session=False))
    return result.rowcount == 1
