"""`flask backup create PATH` and `flask backup verify PATH` (S29; docs/operations.md).

SQLite: the online backup API copies a consistent snapshot in one step while the app keeps
writing, into PATH.partial, then `PRAGMA integrity_check` on the copy, then an atomic rename. PostgreSQL: `pg_dump --format=custom`, checked with
`pg_restore --list`. Either way a backup that fails its check is deleted and the exit status is 1.
"""
import os
import shutil
import sqlite3
# pg_dump / pg_restore run with a fixed argument list and no shell.
import subprocess  # nosec B404
from pathlib import Path

import click
from flask.cli import AppGroup

from directory.core.extensions import db

backup_cli = AppGroup("backup", help="Consistent backups of the database.")

PG_MAGIC = b"PGDMP"
SQLITE_MAGIC = b"SQLite format 3\x00"


def sqlite_integrity(path: Path) -> str:
    """'ok' or SQLite's list of problems; opens the file read-only so a check never changes it."""
    try:
        conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
        try:
            rows = conn.execute("PRAGMA integrity_check").fetchall()
            conn.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    return "; ".join(str(r[0]) for r in rows)


def backup_sqlite(source: str, target: Path) -> None:
    if not Path(source).is_file():  # sqlite3.connect would create an empty database there
        raise click.ClickException(f"The database file {source} does not exist.")
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    # Read-write open (a crashed writer's hot journal must be rolled back first); only reads follow.
    src = sqlite3.connect(source, timeout=30)
    dst = sqlite3.connect(partial)
    try:
        src.backup(dst)  # all pages in one step under a read lock: a snapshot of committed data
        dst.execute("PRAGMA journal_mode=DELETE")  # a WAL source's copy becomes one self-contained file
    finally:
        dst.close()
        src.close()
    result = sqlite_integrity(partial)
    if result != "ok":
        partial.unlink(missing_ok=True)
        raise click.ClickException(f"The copy failed its integrity check ({result}); nothing was written.")
    os.replace(partial, target)


def _pg_command(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise click.ClickException(f"{name} is not installed; install the PostgreSQL client tools.")
    return found


def _pg_connection(url) -> tuple[str, dict]:
    """libpq URL without the password (it goes in PGPASSWORD, not in the process list)."""
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = url.password
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def backup_postgresql(url, target: Path) -> None:
    dsn, env = _pg_connection(url)
    partial = target.with_name(target.name + ".partial")
    command = [_pg_command("pg_dump"), "--format=custom", f"--file={partial}", f"--dbname={dsn}"]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # nosec B603
    if result.returncode != 0:
        partial.unlink(missing_ok=True)
        raise click.ClickException(f"pg_dump failed: {result.stderr.strip()}")
    problem = pg_dump_problem(partial)
    if problem:
        partial.unlink(missing_ok=True)
        raise click.ClickException(problem)
    os.replace(partial, target)


def pg_dump_problem(path: Path) -> str | None:
    command = [_pg_command("pg_restore"), "--list", str(path)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # nosec B603
    if result.returncode != 0:
        return f"pg_restore cannot read the dump: {result.stderr.strip()}"
    return None


@backup_cli.command("create")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace PATH if it exists.")
def create(path: Path, force: bool):
    """Write a consistent copy of the database to PATH while the site keeps running."""
    if path.exists() and not force:
        raise click.ClickException(f"{path} exists; choose a new name or pass --force.")
    path.parent.mkdir(parents=True, exist_ok=True)
    url = db.engine.url
    if url.get_backend_name() == "sqlite":
        if not url.database or url.database == ":memory:":
            raise click.ClickException("An in-memory database cannot be backed up.")
        backup_sqlite(url.database, path)
    elif url.get_backend_name() == "postgresql":
        backup_postgresql(url, path)
    else:
        raise click.ClickException(f"Backups of {url.get_backend_name()} databases are not supported.")
    click.echo(f"Backup written to {path} ({path.stat().st_size:,} bytes) and verified.")


@backup_cli.command("verify")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def verify(path: Path):
    """Check a backup file: SQLite integrity check, or pg_restore --list for a PostgreSQL dump."""
    with open(path, "rb") as fh:
        head = fh.read(16)
    if head.startswith(PG_MAGIC):
        problem = pg_dump_problem(path)
    elif head == SQLITE_MAGIC:
        result = sqlite_integrity(path)
        problem = None if result == "ok" else f"integrity check failed: {result}"
    else:
        problem = "not a SQLite database or a pg_dump custom-format file"
    if problem:
        raise click.ClickException(f"{path}: {problem}")
    click.echo(f"{path}: ok")
