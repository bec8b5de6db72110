"""One JSON line per request with a request id; the id on the error page; client addresses
from X-Forwarded-For only when DIRECTORY_PROXY_COUNT declares a proxy."""
import json
import logging

import pytest
from conftest import PASSWORD, post_form

from directory import create_app
from directory.core.extensions import db


@pytest.fixture
def logged_app(app_config):
    def make(**extra):
        app = create_app({**app_config, "REQUEST_LOG": True, **extra})

        @app.route("/__fail")
        def fail():
            raise RuntimeError("deliberate failure for the test")

        @app.route("/__host")
        def host():
            from flask import request
            return {"host": request.host, "scheme": request.scheme, "ip": request.remote_addr}
        made.append(app)
        return app
    made = []
    yield make
    for app in made:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


class Buffered:
    """A test client whose responses are read to the end and closed, as a server does (the
    line is written when the server closes the response)."""

    def __init__(self, app):
        self.client = app.test_client()

    def get(self, *args, **kw):
        return self.client.get(*args, buffered=True, **kw)

    def post(self, *args, **kw):
        return self.client.post(*args, buffered=True, **kw)


def lines(caplog) -> list[dict]:
    return [json.loads(r.getMessage()) for r in caplog.records if r.name == "directory.requests"]


def test_each_request_writes_one_json_line(logged_app, caplog, make_user):
    app = logged_app()
    client = Buffered(app)
    caplog.set_level(logging.INFO, logger="directory.requests")
    response = client.get("/search?q=iot&secret=abc")
    (line,) = lines(caplog)
    assert line["method"] == "GET" and line["path"] == "/search" and line["status"] == 200
    assert line["request_id"] == response.headers["X-Request-ID"]
    assert isinstance(line["duration_ms"], float) and line["user_id"] is None
    assert "secret" not in json.dumps(line)  # no query string


def test_the_log_names_the_user_and_never_the_password(logged_app, caplog, app_config):
    app = logged_app()
    from directory.accounts import operations as accounts
    with app.app_context():
        uid = accounts.create_user("logged@example.com", PASSWORD, confirmed=True).id
        db.session.commit()
    client = Buffered(app)
    caplog.set_level(logging.INFO, logger="directory.requests")
    post_form(client, "/account/login", {"email": "logged@example.com", "password": PASSWORD})
    client.get("/members/")
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert PASSWORD not in text and "logged@example.com" not in text
    assert lines(caplog)[-1]["user_id"] == uid


def test_reset_tokens_are_redacted_and_newlines_cannot_forge_lines(logged_app, caplog):
    client = Buffered(logged_app())
    caplog.set_level(logging.INFO, logger="directory.requests")
    client.get("/account/reset/eyJ1aWQiOjF9.Z2VoZWlt.c2lnbmF0dXJl")
    client.get("/providers/x%0a%7B%22status%22:200%7D")
    reset, forged = lines(caplog)
    assert reset["path"] == "/account/reset/[redacted]"
    assert "\n" not in forged["path"] and forged["path"].startswith("/providers/x\\x0a")
    for record in caplog.records:
        assert "\n" not in record.getMessage()


def test_the_error_page_shows_the_request_id_of_the_log_line(logged_app, caplog):
    client = Buffered(logged_app())
    caplog.set_level(logging.INFO, logger="directory.requests")
    response = client.get("/__fail")
    assert response.status_code == 500
    request_id = response.headers["X-Request-ID"]
    assert request_id in response.get_data(as_text=True)
    assert lines(caplog)[-1]["request_id"] == request_id and lines(caplog)[-1]["status"] == 500


def test_forwarded_headers_are_ignored_without_a_declared_proxy(logged_app):
    client = Buffered(logged_app())
    seen = client.get("/__host", headers={"X-Forwarded-For": "203.0.113.9",
                                          "X-Forwarded-Proto": "https"}).get_json()
    assert seen["ip"] == "127.0.0.1" and seen["scheme"] == "http"


def test_one_declared_proxy_gives_the_client_address_but_never_the_forwarded_host(logged_app, caplog):
    client = Buffered(logged_app(PROXY_COUNT="1"))  # as it arrives from the environment
    caplog.set_level(logging.INFO, logger="directory.requests")
    seen = client.get("/__host", headers={"X-Forwarded-For": "198.51.100.1, 203.0.113.9",
                                          "X-Forwarded-Proto": "https",
                                          "X-Forwarded-Host": "evil.example"}).get_json()
    assert seen["ip"] == "203.0.113.9"  # the address our one proxy saw, not what the client claimed
    assert seen["scheme"] == "https"
    assert "evil.example" not in seen["host"]
    assert lines(caplog)[-1]["ip"] == "203.0.113.9"
