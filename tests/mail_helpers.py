"""Helpers for the mail and worker tests: real SMTP (aiosmtpd on 127.0.0.1) counting what it accepts,
a relay that accepts the TCP connection and never greets, committed-but-undelivered messages, and
the environment for `flask` processes on a test's database."""
import asyncio
import email
import os
import shutil
import socket
import ssl
import subprocess  # nosec B404
import threading
from collections import Counter
from email import policy
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from directory.core import mail
from directory.core.extensions import db

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Recorder:
    """aiosmtpd handler: keeps every accepted message, counts MAIL FROM commands it heard."""

    def __init__(self, delay: float = 0.0):
        self.delay = delay
        self.messages = []
        self.over_tls = []  # per accepted message: did it arrive inside TLS?
        self.mail_from = 0
        self._lock = threading.Lock()

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        with self._lock:
            self.mail_from += 1
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)  # lets concurrent senders overlap
        message = email.message_from_bytes(envelope.original_content or envelope.content, policy=policy.default)
        with self._lock:
            self.messages.append(message)
            self.over_tls.append(session.ssl is not None or server.transport.get_extra_info("ssl_object") is not None)
        return "250 Message accepted"

    def ids(self) -> Counter:
        with self._lock:
            return Counter(m["Message-ID"] for m in self.messages)


class SMTPServer:
    """`with SMTPServer(port) as server:` — plain SMTP, no STARTTLS offered. With `cert` (a
    (certfile, keyfile) pair): STARTTLS offered, or TLS from the first byte when `implicit_tls`;
    with `users`: AUTH LOGIN/PLAIN against them, only inside TLS."""

    def __init__(self, port: int | None = None, delay: float = 0.0, cert=None, implicit_tls=False, users=None):
        self.port = port or free_port()
        self.recorder = Recorder(delay)
        options = {}
        if cert:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*cert)
            options["ssl_context" if implicit_tls else "tls_context"] = context
            if implicit_tls:
                options["auth_require_tls"] = False  # aiosmtpd only counts STARTTLS; this socket is TLS anyway
        if users is not None:
            options["authenticator"] = _authenticator(users)
        self.controller = Controller(self.recorder, hostname="127.0.0.1", port=self.port, ready_timeout=10,
                                     **options)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()

    @property
    def messages(self):
        return self.recorder.messages


def _authenticator(users: dict):
    def check(server, session, envelope, mechanism, auth_data):
        login = auth_data.login.decode()
        return AuthResult(success=users.get(login) == auth_data.password.decode())
    return check


def self_signed_cert(folder: Path):
    """(certfile, keyfile) for 127.0.0.1, made by the openssl command; None when it is missing."""
    if shutil.which("openssl") is None:
        return None
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key),  # nosec B603 B607
                    "-out", str(cert), "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True, timeout=60)
    return str(cert), str(key)


class StalledServer:
    """Listens, never accepts: a client's connect succeeds and then waits for a greeting forever."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.sock.close()


def env_for(app) -> dict:
    """The environment for `flask` processes on this test's database and folders."""
    env = dict(os.environ)
    env.update({"DIRECTORY_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
                "DIRECTORY_INDEX_DIR": app.config["INDEX_DIR"], "DIRECTORY_MAIL_OUTBOX": app.config["MAIL_OUTBOX"],
                "DIRECTORY_UPLOAD_DIR": app.config["UPLOAD_DIR"],
                "DIRECTORY_SECRET_KEY": "mail-queue-test-secret-" + "x" * 20, "DIRECTORY_ENV": "development",
                "FLASK_DEBUG": "0", "PYTHONPATH": str(ROOT)})
    for name in ("DIRECTORY_SMTP_URL", "DIRECTORY_RATELIMIT_STORAGE_URL"):
        env.pop(name, None)
    if app.config.get("SMTP_URL"):
        env["DIRECTORY_SMTP_URL"] = app.config["SMTP_URL"]
    return env


def queue_committed(app, count: int, prefix="Notice") -> None:
    """Messages committed with no delivery attempt: what a process killed right after COMMIT leaves."""
    with app.app_context():
        for i in range(count):
            mail.send_after_commit(f"reader{i}@example.com", f"{prefix} {i}", f"Body {i}\n")
        db.session.commit()  # a plain commit: the after-commit delivery never runs
