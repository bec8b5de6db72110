"""S29: `flask backup create` while writes go on gives a copy that passes its integrity check,
holds everything committed before it started, and runs the app again after a restore."""
import os
import shutil
import sqlite3
import subprocess  # nosec B404
import threading
import time

import pytest
from live_server import flask, instance_env

from directory import create_app
from directory.core.extensions import db
from directory.models import Listing, User
from directory.accounts import operations as accounts
from directory.listings import operations as listings


def sqlite_path(app) -> str:
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if not uri.startswith("sqlite:///"):
        pytest.skip("SQLite backup test; PostgreSQL uses pg_dump (docs/operations.md)")
    return uri[len("sqlite:///"):]


def count_listings(path) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT count(*) FROM listings").fetchone()[0]
    finally:
        conn.close()


def integrity(path) -> str:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


class Writer(threading.Thread):
    """Commits one new listing at a time, like members saving drafts, until told to stop."""

    def __init__(self, app, owner_id):
        super().__init__(daemon=True)
        self.app, self.owner_id = app, owner_id
        app.config["MAX_UNSUBMITTED_LISTINGS"] = 10**9  # many drafts of one member: the write load
        self.committed, self.errors = 0, []
        self.halt = threading.Event()

    def run(self):
        try:
            with self.app.app_context():
                owner = db.session.get(User, self.owner_id)
                for i in range(20000):  # bounded, whatever happens
                    if self.halt.is_set():
                        break
                    listing = listings.create(owner)
                    listings.save_draft(listing, {"company_name_en": f"Backup Writer {i}", "br_number": f"{30000000 + i}",
                                                  "description_en": "Written while the backup runs. " * 40}, owner)
                    db.session.commit()
                    self.committed += 1
                db.session.remove()
        except Exception as exc:  # reported by the test, not lost in the thread
            self.errors.append(repr(exc))


@pytest.mark.slow
def test_backup_while_writing_is_consistent_and_restores(app, tmp_path):
    source = sqlite_path(app)
    with app.app_context():
        owner_id = accounts.create_user("writer@example.com", "correct horse battery staple", confirmed=True).id
        db.session.commit()
    env = instance_env(tmp_path / "ops")
    env["DIRECTORY_DATABASE_URL"] = app.config["SQLALCHEMY_DATABASE_URI"]
    copy = tmp_path / "backups" / "directory-backup.sqlite3"

    writer = Writer(app, owner_id)
    writer.start()
    try:
        deadline = time.monotonic() + 20
        while writer.committed < 200 and time.monotonic() < deadline and writer.is_alive():
            time.sleep(0.02)
        before = writer.committed
        assert before >= 200, writer.errors
        result = flask(env, "backup", "create", str(copy), timeout=60)
        during = writer.committed - before
    finally:
        writer.halt.set()
        writer.join(timeout=20)
    assert not writer.errors, writer.errors
    assert result.returncode == 0, result.stdout + result.stderr
    assert during > 0, "the writer kept committing while the backup ran"
    assert not copy.with_name(copy.name + ".partial").exists()

    assert integrity(copy) == "ok"
    assert count_listings(copy) >= before, "everything committed before the backup started is in it"
    assert count_listings(copy) <= count_listings(source)
    assert flask(env, "backup", "verify", str(copy)).returncode == 0

    # Restore = put the file in place of the database; the app and its index come back from it.
    restored = tmp_path / "restored.sqlite3"
    shutil.copyfile(copy, restored)
    env["DIRECTORY_DATABASE_URL"] = f"sqlite:///{restored}"
    assert flask(env, "db", "upgrade").returncode == 0
    assert flask(env, "search", "check", "--fix").returncode == 0
    assert flask(env, "search", "check").returncode == 0
    app2 = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{restored}", "SECRET_KEY": "r",
                       "INSTANCE_PATH": str(tmp_path / "ops"), "INDEX_DIR": str(tmp_path / "idx2")})
    with app2.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Listing)) >= before
        db.engine.dispose()


def test_backup_refuses_to_overwrite_and_verify_rejects_damage(app, runner, tmp_path):
    sqlite_path(app)
    copy = tmp_path / "b.sqlite3"
    result = runner.invoke(args=["backup", "create", str(copy)])
    assert result.exit_code == 0, result.output
    assert "verified" in result.output
    assert runner.invoke(args=["backup", "verify", str(copy)]).exit_code == 0

    again = runner.invoke(args=["backup", "create", str(copy)])
    assert again.exit_code != 0 and "exists" in again.output
    assert runner.invoke(args=["backup", "create", "--force", str(copy)]).exit_code == 0

    damaged = tmp_path / "damaged.sqlite3"
    data = bytearray(copy.read_bytes())
    page = 4096
    assert len(data) > 4 * page
    data[2 * page:4 * page] = b"\xa5" * (2 * page)  # garbage over table pages, header intact
    damaged.write_bytes(bytes(data))
    result = runner.invoke(args=["backup", "verify", str(damaged)])
    assert result.exit_code != 0, result.output

    text = tmp_path / "notes.txt"
    text.write_text("not a database")
    result = runner.invoke(args=["backup", "verify", str(text)])
    assert result.exit_code != 0 and "not a SQLite database" in result.output


def test_postgresql_backup_uses_pg_dump_and_restores(app, runner, tmp_path):
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if not uri.startswith("postgresql"):
        pytest.skip("PostgreSQL leg only (DIRECTORY_TEST_DATABASE_URL)")
    if not shutil.which("pg_dump") or not shutil.which("pg_restore"):
        pytest.fail("pg_dump/pg_restore are needed to back up PostgreSQL (apt-get install postgresql-client)")
    import sqlalchemy as sa
    with app.app_context():
        owner = accounts.create_user("pg-owner@example.com", "correct horse battery staple", confirmed=True)
        app.config["MAX_UNSUBMITTED_LISTINGS"] = 10  # five drafts of one member
        for n in range(5):
            listings.create(owner)
        db.session.commit()
    dump = tmp_path / "directory.dump"
    result = runner.invoke(args=["backup", "create", str(dump)])
    assert result.exit_code == 0, result.output
    assert dump.read_bytes().startswith(b"PGDMP")
    assert runner.invoke(args=["backup", "verify", str(dump)]).exit_code == 0

    url = sa.engine.make_url(uri)
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    name = url.database + "_restore"
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        target = url.set(database=name)
        env = {"PGPASSWORD": url.password or ""}
        restore = subprocess.run(  # nosec B603
            ["pg_restore", "--no-owner", f"--dbname={target.set(drivername='postgresql', password=None).render_as_string()}",
             str(dump)], capture_output=True, text=True, timeout=60, env={**os.environ, **env})
        assert restore.returncode == 0, restore.stderr
        restored = sa.create_engine(target)
        with restored.connect() as conn:
            assert conn.execute(sa.text("SELECT count(*) FROM listings")).scalar() == 5
        restored.dispose()
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
