"""How a queued message leaves: one .eml file in the outbox folder, or SMTP (CONTRACT §2).

    smtp://user:pass@host:587     STARTTLS, required: a server that does not offer it gets nothing
    smtps://user:pass@host:465    TLS from the first byte
    smtp+plain://127.0.0.1:25     no TLS, for a relay on the same machine

One Transport serves a whole delivery run, so a batch reuses one SMTP connection.
"""
import os
import re
import smtplib
import ssl
import uuid
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import unquote, urlsplit

SCHEMES = {"smtp": 587, "smtps": 465, "smtp+plain": 25}
BARE_LF = re.compile(rb"(?<!\r)\n")


class TransportError(Exception):
    """The message could not be handed over. `permanent`: the server refused it for good (5xx)."""

    def __init__(self, message: str, permanent: bool = False, connection: bool = False):
        super().__init__(message)
        self.permanent = permanent
        self.connection = connection  # the server is unreachable: later messages would fail too


def check_url(url: str | None) -> None:
    """Refuse a misspelt DIRECTORY_SMTP_URL at start-up rather than at the first message."""
    if not url:
        return
    parts = urlsplit(url)
    if parts.scheme not in SCHEMES or not parts.hostname:
        raise RuntimeError("DIRECTORY_SMTP_URL must look like smtp://user:pass@host:587, smtps://host:465 "
                           "or smtp+plain://127.0.0.1:25")


def open_transport(smtp_url: str | None, outbox: str, timeout: float):
    return SMTPTransport(smtp_url, timeout) if smtp_url else OutboxTransport(Path(outbox))


class OutboxTransport:
    def __init__(self, folder: Path):
        self.folder = folder

    def send(self, sender: str, recipient: str, data: bytes) -> None:
        try:
            write_eml(self.folder, data)
        except OSError as exc:
            raise TransportError(f"outbox folder not writable: {exc.strerror}", connection=True) from exc

    def close(self) -> None:
        pass


def write_eml(folder: Path, data: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    # Time-ordered names so `ls` shows the newest message last.
    name = f"{datetime.now(timezone.utc):%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex[:8]}.eml"
    tmp = folder / f".{name}.tmp"
    tmp.write_bytes(data)
    os.replace(tmp, folder / name)  # readers never see half a message
    return folder / name


class SMTPTransport:
    def __init__(self, url: str, timeout: float):
        self.parts = urlsplit(url)
        self.timeout = timeout
        self.server = None

    def _connect(self):
        parts = self.parts
        port = parts.port or SCHEMES.get(parts.scheme, 587)
        context = ssl.create_default_context()
        if parts.scheme == "smtps":
            server = smtplib.SMTP_SSL(parts.hostname, port, context=context, timeout=self.timeout)
        else:
            server = smtplib.SMTP(parts.hostname, port, timeout=self.timeout)
        try:
            if parts.scheme == "smtp":
                # starttls() raises when the server does not offer it: never fall back to clear text.
                server.starttls(context=context)
            if parts.username:
                server.login(unquote(parts.username), unquote(parts.password or ""))
        except BaseException:
            server.close()
            raise
        return server

    def send(self, sender: str, recipient: str, data: bytes) -> None:
        try:
            if self.server is None:
                self.server = self._connect()
            # Stored with \n line ends (as in the .eml files); SMTP wants CRLF (RFC 5321 §2.3.8).
            self.server.sendmail(sender, [recipient], BARE_LF.sub(b"\r\n", data))
        except smtplib.SMTPRecipientsRefused as exc:
            code, reply = next(iter(exc.recipients.values()))
            raise TransportError(_reply("recipient refused", code, reply), permanent=code >= 500) from exc
        except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as exc:
            raise TransportError(_reply("message refused", exc.smtp_code, exc.smtp_error),
                                 permanent=exc.smtp_code >= 500) from exc
        except smtplib.SMTPNotSupportedError as exc:
            self.close()
            raise TransportError(f"mail server: {exc}", connection=True) from exc
        except smtplib.SMTPAuthenticationError as exc:
            self.close()
            raise TransportError(_reply("login refused", exc.smtp_code, exc.smtp_error), connection=True) from exc
        except (OSError, smtplib.SMTPException) as exc:
            self.close()
            raise TransportError(f"mail server unreachable: {type(exc).__name__}: {exc}", connection=True) from exc

    def close(self) -> None:
        server, self.server = self.server, None
        if server is None:
            return
        try:
            server.quit()
        except (OSError, smtplib.SMTPException):
            server.close()


def _reply(what: str, code: int, reply) -> str:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
    return f"{what}: {code} {text}"
