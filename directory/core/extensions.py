"""Unbound extension objects; create_app binds them."""
import weakref

import click
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData

# Named constraints so Alembic migrations work on SQLite (batch mode) and PostgreSQL alike.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

db = SQLAlchemy(metadata=MetaData(naming_convention=NAMING))


class LazyMigrate:
    """Flask-Migrate, imported only when a migration runs (`flask db …`, or `flask_migrate.upgrade()`
    in a script): alembic and mako are ~12 MB a process that no web request needs (issue 9).

    `init_app` registers the `db` command group and ``app.extensions["migrate"]`` as stand-ins;
    the first use of either imports Flask-Migrate and binds the real thing to the app.
    """

    def __init__(self, **kwargs):
        self.kwargs = kwargs

    def init_app(self, app, db, directory: str) -> None:
        app.extensions["migrate"] = _MigrateOnDemand(app, db, directory, self.kwargs)
        app.cli.add_command(_MigrationCommands("db", help="Perform database migrations."))


class _MigrateOnDemand:
    """``app.extensions["migrate"]`` until something reads it; then Flask-Migrate's own."""

    def __init__(self, app, db, directory: str, kwargs: dict):
        self._app, self._args = weakref.ref(app), (db, directory, kwargs)

    def __getattr__(self, name):
        from flask_migrate import Migrate
        app = self._app()
        db, directory, kwargs = self._args
        Migrate(app, db, directory=directory, **kwargs)  # replaces this stand-in (and the db group)
        return getattr(app.extensions["migrate"], name)


class _MigrationCommands(click.Group):
    """`flask db`: `flask --help` lists it without importing alembic; running it does."""

    def make_context(self, info_name, args, parent=None, **extra):
        from flask_migrate.cli import db as group
        return group.make_context(info_name, args, parent=parent, **extra)


migrate = LazyMigrate(render_as_batch=True)
babel = Babel()
csrf = CSRFProtect()


class DirectoryLimiter(Limiter):
    """Flask-Limiter, falling back to memory when the shared store (Redis) is down, so a dead
    Redis never turns a login into a 500 (S39); it logs "Rate limit storage unreachable"."""

    def init_app(self, app) -> None:
        # One limiter object serves every app made in this process: each starts trusting its store.
        self._storage_dead = False
        super().init_app(app)


limiter = DirectoryLimiter(key_func=get_remote_address, default_limits=[], in_memory_fallback_enabled=True)
