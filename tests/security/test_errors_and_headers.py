"""S23 (a crash shows a generic page with an error id, never a traceback; debug off outside
development) and S25 (security headers on 200, 404 and 500; HSTS only in production)."""
import re

import pytest

from directory import create_app
from directory.core.extensions import db

PRODUCTION_URL = "https://directory.example.hk"
SECRET_DETAIL = "connection string postgres://admin:hunter2@db.internal"


def _explode():
    raise RuntimeError(SECRET_DETAIL)


def add_crash_routes(app):
    """Test-only routes that raise; added before the first request, as Flask requires."""
    app.add_url_rule("/boom", "boom", _explode)
    app.add_url_rule("/api/v1/boom", "api_boom", _explode)
    return app


@pytest.fixture
def crashing_app(app):
    return add_crash_routes(app)


@pytest.fixture
def production_app(app_config):
    """The test database and folders, configured as production (no TESTING) on PRODUCTION_URL."""
    config = {k: v for k, v in app_config.items() if k != "TESTING"}
    app = create_app({**config, "DIRECTORY_ENV": "production", "SECRET_KEY": "p" * 48,
                      "BASE_URL": PRODUCTION_URL})
    add_crash_routes(app)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def assert_generic_500(response):
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Something went wrong on our side" in html
    match = re.search(r"quote this reference: ([0-9a-f]{8,})", html)
    assert match, "the page gives the user an error id to quote"
    for leak in ("Traceback", "RuntimeError", "hunter2", "db.internal", 'File "', "_explode", "site-packages"):
        assert leak not in html, f"500 page leaks {leak!r}"
    return match.group(1)


# ---- S23 ---------------------------------------------------------------------------------------

def test_crash_shows_generic_page_with_error_id(crashing_app, caplog):
    client = crashing_app.test_client()
    first = assert_generic_500(client.get("/boom"))
    second = assert_generic_500(client.get("/boom"))
    assert first != second, "each failure gets its own id"
    # The id on the page is the one in the log, so support can find the traceback.
    assert any(first in record.getMessage() for record in caplog.records)


def test_crash_in_api_answers_json_without_details(crashing_app):
    response = crashing_app.test_client().get("/api/v1/boom")
    assert response.status_code == 500
    body = response.get_json()
    assert body["error"] == "internal error" and re.fullmatch(r"[0-9a-f]{8,}", body["error_id"])
    assert "hunter2" not in response.get_data(as_text=True)


def test_crash_in_production_is_generic(production_app):
    assert_generic_500(production_app.test_client().get("/boom", base_url=PRODUCTION_URL))


def test_debug_is_off_in_production_even_if_flask_debug_is_set(monkeypatch, database, tmp_path):
    monkeypatch.setenv("FLASK_DEBUG", "1")
    app = create_app({"DIRECTORY_ENV": "production", "SECRET_KEY": "p" * 48, "INSTANCE_PATH": str(tmp_path),
                      "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.debug is False and app.config["DEBUG"] is False


def test_debug_is_off_by_default(monkeypatch, tmp_path):
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    app = create_app({"INSTANCE_PATH": str(tmp_path), "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.debug is False


# ---- S25 ---------------------------------------------------------------------------------------

def csp_directives(header: str) -> dict:
    out = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            out[words[0].lower()] = [w.lower() for w in words[1:]]
    return out


def assert_security_headers(response):
    csp = response.headers.get("Content-Security-Policy")
    assert csp, f"no CSP on {response.status_code}"
    directives = csp_directives(csp)
    scripts = directives.get("script-src", directives.get("default-src"))
    assert scripts is not None, "CSP restricts scripts"
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts and "*" not in scripts
    assert "data:" not in scripts
    assert directives.get("frame-ancestors") == ["'none'"]
    assert directives.get("object-src") == ["'none'"] or directives.get("default-src") == ["'none'"]
    assert response.headers.get("X-Content-Type-Options") == "nosniff"
    assert response.headers.get("Referrer-Policy") in {
        "no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"}


@pytest.mark.parametrize("path,status", [("/", 200), ("/search?q=iot", 200), ("/account/login", 200),
                                         ("/no-such-page", 404), ("/providers/nobody", 404),
                                         ("/api/v1/providers?page=0", 400), ("/boom", 500)])
def test_security_headers_in_development(crashing_app, path, status):
    response = crashing_app.test_client().get(path)
    assert response.status_code == status
    assert_security_headers(response)
    assert "Strict-Transport-Security" not in response.headers  # HSTS on plain-http dev would stick


def test_private_pages_are_not_cached(crashing_app):
    response = crashing_app.test_client().get("/account/login")
    assert "no-store" in response.headers.get("Cache-Control", "")


@pytest.mark.parametrize("path,status", [("/", 200), ("/no-such-page", 404), ("/boom", 500)])
def test_hsts_and_headers_in_production(production_app, path, status):
    response = production_app.test_client().get(path, base_url=PRODUCTION_URL)
    assert response.status_code == status
    assert_security_headers(response)
    hsts = response.headers.get("Strict-Transport-Security", "")
    max_age = re.search(r"max-age=(\d+)", hsts)
    assert max_age and int(max_age.group(1)) >= 31536000, hsts
