"""Links follow PORT in development (`PORT=8000 make run`): the mail a newcomer opens from
instance/outbox points at the server they started, unless DIRECTORY_BASE_URL says otherwise."""
from conftest import body_of, post_form, read_outbox

from directory import create_app
from directory.core.extensions import db


def test_links_in_mail_follow_port_when_no_base_url_is_set(app_config, monkeypatch):
    monkeypatch.setenv("PORT", "8123")
    monkeypatch.delenv("DIRECTORY_BASE_URL", raising=False)
    app = create_app({k: v for k, v in app_config.items() if k != "BASE_URL"})
    try:
        assert app.config["BASE_URL"] == "http://127.0.0.1:8123"
        client = app.test_client()
        password = "correct horse battery staple"
        response = post_form(client, "/account/signup", {"email": "port@example.com", "password": password,
                                                         "password_again": password})
        assert response.status_code == 302
        (message,) = read_outbox(app)
        assert "http://127.0.0.1:8123/account/confirm/" in body_of(message)
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def test_an_explicit_base_url_wins_over_port(app_config, monkeypatch):
    monkeypatch.setenv("PORT", "8123")
    app = create_app({**app_config, "BASE_URL": "https://directory.example.hk"})
    assert app.config["BASE_URL"] == "https://directory.example.hk"
    with app.app_context():
        db.engine.dispose()
