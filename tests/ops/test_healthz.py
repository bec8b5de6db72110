"""GET /healthz (CONTRACT §7): green with figures on a working site, 503 naming the database
when it cannot be reached — with a real database URL that points nowhere, not a mock."""
import socket

from directory import create_app
from directory.core.extensions import db


def closed_port() -> int:
    with socket.socket() as sock:  # bound then released: nothing listens there afterwards
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_healthz_reports_database_index_and_mail(app, client, runner):
    assert runner.invoke(args=["demo", "load", "--count", "3"]).exit_code == 0
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ok" and body["database"] == "ok"
    assert body["index"]["documents"] == 4  # the three, and the demo member's live listing
    assert body["index"]["outbox_lag"] == 0
    assert body["mail"]["status"] == "ok"
    assert {"queued", "failed"} <= set(body["mail"])
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers


def test_healthz_shows_outbox_lag_when_the_index_is_behind(app_config):
    app = create_app({**app_config, "SEARCH_AUTO_APPLY": False})
    try:
        from directory.models import Listing
        from directory.search import outbox
        assert app.test_cli_runner().invoke(args=["demo", "load", "--count", "2"]).exit_code == 0
        with app.test_request_context():
            written = 0
            for listing in db.session.scalars(db.select(Listing)):
                outbox.listing_changed(listing)
                written += 1
            db.session.commit()  # committed without running the after-commit catch-up
        body = app.test_client().get("/healthz").get_json()
        assert written >= 2 and body["index"]["outbox_lag"] == written
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def test_healthz_is_503_naming_the_database_when_it_is_unreachable(app_config):
    url = f"postgresql+psycopg://nobody@127.0.0.1:{closed_port()}/directory?connect_timeout=2"
    app = create_app({**app_config, "SQLALCHEMY_DATABASE_URI": url})
    client = app.test_client()
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "error"
    assert body["database"] == "error" and body["failing"] == ["database"]
    assert "nobody" not in response.get_data(as_text=True)  # no URL or credentials leak out
    with app.app_context():
        db.engine.dispose()


def test_healthz_is_503_on_sqlite_file_that_cannot_be_opened(app_config, tmp_path):
    url = f"sqlite:///{tmp_path / 'no-such-folder' / 'directory.sqlite3'}"
    app = create_app({**app_config, "SQLALCHEMY_DATABASE_URI": url})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["failing"] == ["database"]
    with app.app_context():
        db.engine.dispose()


def test_healthz_is_never_rate_limited_and_never_logged_as_a_search(app, client):
    from directory.models import records
    for _ in range(50):
        assert client.get("/healthz").status_code == 200
    search_log = getattr(records, "SearchLog", None)
    if search_log is not None:
        with app.app_context():
            assert db.session.scalar(db.select(db.func.count()).select_from(search_log)) == 0
