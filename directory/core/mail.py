"""Outgoing mail, durable: a queued row in the same transaction as the change that causes it.

`send_after_commit` writes the message to the mail_messages table in the current session; if the
transaction commits, this process tries to deliver it right after the commit (mail_queue), and
the background worker (`flask worker run`) and `flask mail deliver` retry whatever is left. A mail
server that is down never fails the request: the message stays queued.

EmailMessage refuses CR/LF in header values, and so do we for extra headers, so no caller can
inject a Bcc (S14).
"""
import logging
import re

from email.message import EmailMessage
from email.utils import formatdate, make_msgid

import click
from flask import current_app
from flask.cli import AppGroup

from directory.core import mail_queue
from directory.core.extensions import db
from directory.core.mail_transport import check_url
from directory.models import MailMessage

log = logging.getLogger("directory.mail")
HEADER_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,60}$")
OWN_HEADERS = {"from", "to", "cc", "bcc", "subject", "date", "message-id", "reply-to", "sender",
               "content-type", "content-transfer-encoding", "mime-version"}
on_sent = mail_queue.on_sent


class MailError(Exception):
    pass


def _one_line(value: str) -> None:
    if "\r" in value or "\n" in value:
        raise MailError("line breaks are not allowed in mail headers")


def build(to: str, subject: str, body: str, reply_to: str | None = None,
          headers: dict | None = None) -> EmailMessage:
    for value in (to, subject, reply_to or ""):
        _one_line(value)
    msg = EmailMessage()
    msg["From"] = current_app.config["MAIL_FROM"]
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = make_msgid(domain="directory.example.hk")
    if reply_to:
        msg["Reply-To"] = reply_to
    for name, value in (headers or {}).items():
        _one_line(name)
        _one_line(value)
        if not HEADER_NAME.match(name) or name.lower() in OWN_HEADERS:
            raise MailError(f"header {name!r} cannot be set by the caller")
        msg[name] = value
    msg.set_content(body, charset="utf-8")
    return msg


def send_after_commit(to: str, subject: str, body: str, reply_to: str | None = None,
                      headers: dict | None = None, *, kind: str | None = None,
                      ref: str | None = None) -> MailMessage:
    """Queue a message in the current transaction; it goes out only if that transaction commits.

    `kind`/`ref` name what the message is about; `on_sent(kind, callback)` hears when it went out.
    """
    msg = build(to, subject, body, reply_to, headers)  # build now: header errors surface to the caller
    row = MailMessage(recipient=to, subject=subject, message=bytes(msg), state="queued", attempts=0,
                      kind=kind, ref=ref)
    db.session.add(row)
    db.session.flush()
    deliver_after_commit(row.id)
    return row


class _DeliverAfterCommit:
    """One after-commit callback per transaction, holding the ids that transaction queued."""

    def __init__(self):
        self.ids: list[int] = []

    def __call__(self) -> None:
        try:
            mail_queue.deliver_now(self.ids)
        except Exception:  # the request has committed: a delivery problem must never undo or fail it
            log.exception("delivering mail after commit failed; the worker retries it")
            db.session.rollback()


def deliver_after_commit(message_id: int) -> None:
    """Try this (queued) message right after the current transaction commits."""
    from directory.core.web import after_commit, pending_after_commit
    for callback in pending_after_commit():
        if isinstance(callback, _DeliverAfterCommit):
            callback.ids.append(message_id)
            return
    callback = _DeliverAfterCommit()
    callback.ids.append(message_id)
    after_commit(callback)


# ---- `flask --app directory mail …` (CONTRACT §3) ----

mail_cli = AppGroup("mail", help="Outgoing mail.")


@mail_cli.command("deliver")
def deliver_command():
    """Send every queued message now (failed ones included); exit status 1 while any still fails."""
    run = mail_queue.deliver_all()
    left = mail_queue.unsent_count()
    click.echo(f"Sent {run.sent} message{'' if run.sent == 1 else 's'}; {left} still failing.")
    if run.unreachable is not None:
        click.echo(f"Stopped: {run.unreachable}", err=True)
    if left:
        raise SystemExit(1)


def init_app(app) -> None:
    app.config.setdefault("MAIL_SMTP_TIMEOUT", 10)  # seconds per SMTP step; a request may wait this long
    app.config.setdefault("MAIL_CLAIM_TIMEOUT", 300)  # a claim older than this belongs to a dead sender
    check_url(app.config.get("SMTP_URL"))
    app.cli.add_command(mail_cli)
