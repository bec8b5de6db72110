"""A real server process on a temporary instance, and a cookie-keeping HTTP client for it.

Used by the fault tests (S27, S28) and the browser journeys: the app runs in its own process
(werkzeug's threaded server), so it can be killed with SIGKILL like a crashed production worker.
Everything is bounded: start-up waits, request timeouts, and `stop()` in the callers' finally.
"""
import html
import os
import re
import signal
import socket
import subprocess  # nosec B404
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
SERVE = Path(__file__).with_name("serve_app.py")
PASSWORD = "correct horse battery staple"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def instance_env(tmp: Path) -> dict:
    """Environment for `flask` and the server: every piece of state under tmp (CONTRACT §2)."""
    env = dict(os.environ)
    env.update({
        "DIRECTORY_DATABASE_URL": f"sqlite:///{tmp / 'directory.sqlite3'}",
        "DIRECTORY_INDEX_DIR": str(tmp / "search-index"),
        "DIRECTORY_MAIL_OUTBOX": str(tmp / "outbox"),
        "DIRECTORY_SECRET_KEY": "live-server-test-secret-" + "x" * 20,
        "DIRECTORY_ENV": "development",
        "DIRECTORY_UPLOAD_DIR": str(tmp / "uploads"),
        "FLASK_DEBUG": "0",
        "PYTHONPATH": str(ROOT),
    })
    for name in ("DIRECTORY_SMTP_URL", "DIRECTORY_RATELIMIT_STORAGE_URL"):
        env.pop(name, None)
    return env


def flask(env: dict, *args: str, stdin: str | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run `flask --app directory …` as an operator would."""
    return subprocess.run([PYTHON, "-m", "flask", "--app", "directory", *args], env=env, cwd=ROOT,  # nosec B603
                          input=stdin, capture_output=True, text=True, timeout=timeout)


def flask_ok(env: dict, *args: str, **kw) -> str:
    result = flask(env, *args, **kw)
    assert result.returncode == 0, f"flask {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def app_config(tmp: Path) -> dict:
    """The same settings as instance_env(), for an app built inside the test process."""
    (tmp / "instance").mkdir(parents=True, exist_ok=True)
    env = instance_env(tmp)
    return {"SQLALCHEMY_DATABASE_URI": env["DIRECTORY_DATABASE_URL"], "INDEX_DIR": env["DIRECTORY_INDEX_DIR"],
            "MAIL_OUTBOX": env["DIRECTORY_MAIL_OUTBOX"], "SECRET_KEY": env["DIRECTORY_SECRET_KEY"],
            "UPLOAD_DIR": env["DIRECTORY_UPLOAD_DIR"], "INSTANCE_PATH": str(tmp / "instance")}


def prepare_instance(tmp: Path, demo: int = 0, users: tuple = ()) -> dict:
    """`flask db upgrade`, `demo load`, `users create`, `search reindex` on a fresh instance.

    The commands run in this process through Flask's CLI runner (same code as the `flask`
    executable, without paying its start-up four times); returns the server's environment.
    """
    from directory import create_app

    tmp.mkdir(parents=True, exist_ok=True)
    app = create_app(app_config(tmp))
    runner = app.test_cli_runner()
    steps = [["db", "upgrade"]]
    if demo:
        steps.append(["demo", "load", "--count", str(demo)])
    steps += [["users", "create", email, "--role", role, "--password-stdin"] for email, role in users]
    steps.append(["search", "reindex"])
    try:
        for args in steps:
            result = runner.invoke(args=args, input=PASSWORD + "\n")
            assert result.exit_code == 0, f"flask {' '.join(args)}: {result.output}\n{result.exception!r}"
    finally:
        close_app(app)
    return instance_env(tmp)


def close_app(app) -> None:
    """Release what an in-process app holds (index files, database connections)."""
    from directory.core.extensions import db
    from directory.search import log as search_log
    index = app.extensions.get("search_index")
    if index is not None:
        index.close()
    search_log.close(app)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


class Server:
    """`python serve_app.py PORT` — the app in werkzeug's threaded server, in its own process."""

    def __init__(self, env: dict, log_path: Path):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self._log = open(log_path, "ab")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen([PYTHON, str(SERVE), str(self.port)], env=env, cwd=ROOT,  # nosec B603
                                     stdout=self._log, stderr=subprocess.STDOUT)
        self._wait_until_up()

    def _wait_until_up(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}:\n{self.log()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"server did not start within {timeout} s:\n{self.log()}")

    def kill9(self) -> None:
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        try:
            self.proc.wait(timeout=10)
        finally:
            self._log.close()

    def log(self) -> str:
        if not self._log.closed:
            self._log.flush()
        return self.log_path.read_text(errors="replace")[-5000:]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 302 is an answer we want to see, not follow


class Response:
    def __init__(self, status: int, headers, body: bytes):
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")


class HttpClient:
    """A user agent with its own cookie jar: one per logged-in person."""

    def __init__(self, base: str, timeout: float = 20):
        self.base, self.timeout = base, timeout
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()), _NoRedirect)
        self.csrf = None

    def request(self, path: str, data=None) -> Response:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        req = urllib.request.Request(self.base + path, data=body)  # nosec B310
        try:
            with self.opener.open(req, timeout=self.timeout) as resp:
                return Response(resp.status, resp.headers, resp.read())
        except urllib.error.HTTPError as exc:
            with exc:
                return Response(exc.code, exc.headers, exc.read())

    def get(self, path: str) -> Response:
        response = self.request(path)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', response.text)
        if token:
            self.csrf = html.unescape(token.group(1))
        return response

    def post(self, path: str, fields) -> Response:
        """POST a form; the session's CSRF token is reused (it is per session, no time limit)."""
        if self.csrf is None:
            self.get(path)
        items = list(fields.items()) if isinstance(fields, dict) else list(fields)
        return self.request(path, [("csrf_token", self.csrf), *items])

    def login(self, email: str, password: str = PASSWORD) -> None:
        self.get("/account/login")
        response = self.post("/account/login", {"email": email, "password": password})
        assert response.status == 302, f"login failed: {response.status} {response.text[:500]}"
        self.get("/")  # the token changes with the fresh session
