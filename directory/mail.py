"""Outgoing mail: SMTP when DIRECTORY_SMTP_URL is set, else one .eml file per message in the outbox.

EmailMessage refuses CR/LF in header values, so no caller can inject a Bcc (S14).
"""
import os
import smtplib
import ssl
import uuid
from datetime import datetime, timezone
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from urllib.parse import unquote, urlsplit

from flask import current_app


class MailError(Exception):
    pass


def build(to: str, subject: str, body: str, reply_to: str | None = None) -> EmailMessage:
    for value in (to, subject, reply_to or ""):
        if "\r" in value or "\n" in value:
            raise MailError("line breaks are not allowed in mail headers")
    msg = EmailMessage()
    msg["From"] = current_app.config["MAIL_FROM"]
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = make_msgid(domain="directory.example.hk")
    if reply_to:
        msg["Reply-To"] = reply_to
    msg.set_content(body, charset="utf-8")
    return msg


def send_after_commit(to: str, subject: str, body: str, reply_to: str | None = None) -> None:
    """Queue a message that goes out only if the current transaction commits."""
    msg = build(to, subject, body, reply_to)  # build now: header errors surface to the caller
    from .web import after_commit
    after_commit(lambda: _deliver(msg))


def send(to: str, subject: str, body: str, reply_to: str | None = None) -> None:
    _deliver(build(to, subject, body, reply_to))


def _deliver(msg: EmailMessage) -> None:
    url = current_app.config.get("SMTP_URL")
    if url:
        _send_smtp(url, msg)
    else:
        _write_outbox(Path(current_app.config["MAIL_OUTBOX"]), msg)


def _write_outbox(folder: Path, msg: EmailMessage) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    # Time-ordered names so `ls` shows the newest message last.
    name = f"{datetime.now(timezone.utc):%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex[:8]}.eml"
    tmp = folder / f".{name}.tmp"
    tmp.write_bytes(bytes(msg))
    os.replace(tmp, folder / name)  # readers never see half a message
    return folder / name


def _send_smtp(url: str, msg: EmailMessage) -> None:
    parts = urlsplit(url)
    port = parts.port or (465 if parts.scheme == "smtps" else 587)
    context = ssl.create_default_context()
    if parts.scheme == "smtps":
        server = smtplib.SMTP_SSL(parts.hostname, port, context=context, timeout=30)
    else:
        server = smtplib.SMTP(parts.hostname, port, timeout=30)
    with server:
        if parts.scheme == "smtp":
            server.starttls(context=context)
        if parts.username:
            server.login(unquote(parts.username), unquote(parts.password or ""))
        server.send_message(msg)
