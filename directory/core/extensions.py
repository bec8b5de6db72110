"""Unbound extension objects; create_app binds them."""
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_migrate import Migrate
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
migrate = Migrate(render_as_batch=True)
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
