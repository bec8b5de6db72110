"""The factory, configuration precedence, instance folder and migrations."""
import pytest
import sqlalchemy as sa

from directory import create_app
from directory.core.extensions import db


def test_test_config_overrides_defaults(app):
    assert app.testing
    assert app.config["DIRECTORY_ENV"] == "development"
    assert app.config["RATELIMIT_STORAGE_URI"] == "memory://"


def test_environment_overrides_instance_defaults(monkeypatch, tmp_path):
    monkeypatch.setenv("DIRECTORY_INDEX_DIR", str(tmp_path / "idx"))
    monkeypatch.setenv("DIRECTORY_DATABASE_URL", f"sqlite:///{tmp_path / 'x.sqlite3'}")
    monkeypatch.setenv("DIRECTORY_RATELIMIT_STORAGE_URL", "memory://")
    app = create_app()
    assert app.config["INDEX_DIR"] == str(tmp_path / "idx")
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("x.sqlite3")


def test_development_secret_is_generated_once_into_instance(tmp_path):
    config = {"INSTANCE_PATH": str(tmp_path), "SQLALCHEMY_DATABASE_URI": "sqlite://"}
    first = create_app(dict(config)).config["SECRET_KEY"]
    second = create_app(dict(config)).config["SECRET_KEY"]
    assert first == second and len(first) >= 32
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_production_requires_a_secret_key(tmp_path):
    import pytest
    with pytest.raises(RuntimeError, match="DIRECTORY_SECRET_KEY"):
        create_app({"INSTANCE_PATH": str(tmp_path), "DIRECTORY_ENV": "production",
                    "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_production_turns_on_secure_cookies(tmp_path):
    app = create_app({"INSTANCE_PATH": str(tmp_path), "DIRECTORY_ENV": "production",
                      "SECRET_KEY": "x" * 40, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_NAME"].startswith("__Host-")
    assert not app.debug


def test_postgresql_url_uses_psycopg3(tmp_path):
    app = create_app({"INSTANCE_PATH": str(tmp_path), "SQLALCHEMY_DATABASE_URI": "postgresql://u@h/d"})
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql+psycopg://")


def test_migrations_create_every_model_table(app):
    with app.app_context():
        tables = set(sa.inspect(db.engine).get_table_names())
        assert set(db.metadata.tables) <= tables
        assert "alembic_version" in tables


def test_migrations_match_the_models(app):
    """No model change without a migration: autogenerate must find nothing to do."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    with app.app_context(), db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
    assert diff == []


def test_home_page_renders(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "Belt and Road" in response.get_data(as_text=True)


def test_control_characters_never_reach_the_application(app):
    with app.test_request_context("/search?q=a%00b%01c%09d&x%00=1", method="POST",
                                  data={"name": "Eve\x00\x1b[31m", "text": "line1\r\nline2\tend"}):
        from flask import request
        assert request.args["q"] == "abc\td"
        assert "x" in request.args
        assert request.form["name"] == "Eve[31m"
        assert request.form["text"] == "line1\r\nline2\tend"  # TAB, CR, LF are kept


def test_the_search_table_budget_is_a_setting(monkeypatch, tmp_path, app_config):
    """DIRECTORY_SEARCH_TABLE_MB reaches the index (a 100k directory needs ~1024 MB to stay fast);
    a value that is not a positive number stops start-up with a message naming the variable."""
    from directory.search import service as search
    monkeypatch.setenv("DIRECTORY_SEARCH_TABLE_MB", "512")
    monkeypatch.setenv("DIRECTORY_INDEX_DIR", str(tmp_path / "idx"))
    monkeypatch.setenv("DIRECTORY_DATABASE_URL", app_config["SQLALCHEMY_DATABASE_URI"])
    app = create_app()
    with app.app_context():
        assert search.get_index(app).max_cells == 512 * 2**20 // 8
        search.get_index(app).close()
    for bad in ("lots", "0", "-5"):
        monkeypatch.setenv("DIRECTORY_SEARCH_TABLE_MB", bad)
        with pytest.raises(RuntimeError, match="DIRECTORY_SEARCH_TABLE_MB"):
            create_app()
