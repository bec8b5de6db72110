"""Fixtures in the flaskr style: app, client, runner — on a real SQLite file or, when
DIRECTORY_TEST_DATABASE_URL is set, on a fresh PostgreSQL database created for this run."""
import email
import os
import re
import secrets
import shutil
from email import policy
from pathlib import Path

import pytest
import sqlalchemy as sa

from directory import create_app
from directory.core.extensions import db

PG_URL = os.environ.get("DIRECTORY_TEST_DATABASE_URL")
PASSWORD = "correct horse battery staple"
BASE_URL = "http://directory.test"  # links say this; test requests arrive for "localhost"


def pytest_collection_modifyitems(config, items):
    """On the PostgreSQL leg, only the tests that open a database (through the `database`
    fixture, directly or by app/app_config): the others -- the index, the vocabulary, the
    catalogs, static analysis -- ran on the SQLite leg exactly as they would here."""
    if not PG_URL:
        return
    kept, dropped = [], []
    for item in items:
        (kept if "database" in getattr(item, "fixturenames", ()) else dropped).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


def _migrate(url: str, tmp: Path) -> None:
    from flask_migrate import upgrade
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "t", "INSTANCE_PATH": str(tmp)})
    with app.app_context():
        upgrade()
        db.engine.dispose()


@pytest.fixture(scope="session")
def database(tmp_path_factory):
    """A migrated database for the run: ('sqlite', template path) or ('postgresql', url)."""
    tmp = tmp_path_factory.mktemp("db")
    if not PG_URL:
        template = tmp / "template.sqlite3"
        _migrate(f"sqlite:///{template}", tmp)
        yield "sqlite", template
        return
    admin = sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    name = f"directory_test_{os.getpid()}_{secrets.token_hex(3)}"
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = admin.url.set(database=name).render_as_string(hide_password=False)
    _migrate(url, tmp)
    yield "postgresql", url
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _fresh_url(database, tmp_path: Path) -> str:
    kind, where = database
    if kind == "sqlite":
        path = tmp_path / "directory.sqlite3"
        shutil.copyfile(where, path)
        return f"sqlite:///{path}"
    engine = sa.create_engine(where)
    with engine.begin() as conn:
        tables = [r[0] for r in conn.execute(sa.text(
            "SELECT tablename FROM pg_tables WHERE schemaname='public' AND tablename <> 'alembic_version'"))]
        if tables:
            conn.execute(sa.text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"))
    engine.dispose()
    return where


@pytest.fixture
def app_config(database, tmp_path):
    instance = tmp_path / "instance"
    instance.mkdir()
    return {
        "TESTING": True,
        "INSTANCE_PATH": str(instance),
        "SQLALCHEMY_DATABASE_URI": _fresh_url(database, tmp_path),
        "SECRET_KEY": "test-secret-key",
        "INDEX_DIR": str(tmp_path / "search-index"),
        "MAIL_OUTBOX": str(tmp_path / "outbox"),
        "UPLOAD_DIR": str(tmp_path / "uploads"),
        # No SERVER_NAME: tests see what production sees, links come from BASE_URL (S30).
        "BASE_URL": BASE_URL,
    }


@pytest.fixture
def app(app_config):
    app = create_app(app_config)
    yield app
    from directory.search import log as search_log
    search_log.close(app)  # its buffered searches written now, not by a timer after the dispose
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


# ---- helpers shared by the tests ------------------------------------------------------------

def csrf_from(html: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert match, "page has no CSRF token"
    return match.group(1)


def fetch_csrf(client, url="/account/login") -> str:
    return csrf_from(client.get(url).get_data(as_text=True))


def post_form(client, url, data, token_url=None, **kw):
    """POST like a browser: first load a page to get this session's CSRF token."""
    data = dict(data)
    data.setdefault("csrf_token", fetch_csrf(client, token_url or url))
    return client.post(url, data=data, **kw)


def read_outbox(app) -> list:
    folder = Path(app.config["MAIL_OUTBOX"])
    if not folder.exists():
        return []
    return [email.message_from_bytes(p.read_bytes(), policy=policy.default)
            for p in sorted(folder.glob("*.eml"))]


def body_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


@pytest.fixture
def make_user(app):
    def make(email="member@example.com", role="member", password=PASSWORD, confirmed=True, locale="en"):
        from directory.accounts import operations as accounts
        with app.app_context():
            user = accounts.create_user(email, password, role=role, locale=locale, confirmed=confirmed)
            db.session.commit()
            return user.id
    return make


@pytest.fixture
def login(client):
    def do(email="member@example.com", password=PASSWORD):
        response = post_form(client, "/account/login", {"email": email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]
        return response
    return do


@pytest.fixture
def member(make_user, login):
    """A logged-in member; returns the user id."""
    uid = make_user()
    login()
    return uid
