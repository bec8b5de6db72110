"""Search logging outside the request's transaction (issue 8 row 7, S36).

A search used to add its SearchLog row to the request's own transaction, so while another
connection held the database's write lock (a long import) every search waited for it and then
failed. Now a search only appends to an in-memory buffer of this process; the buffer is written
after the request, in a separate short transaction that waits at most ``WAIT_S`` for a lock.
When the database is busy the entries stay buffered (at most ``MAX_BUFFERED``, oldest dropped)
and the next flush -- a later request or the background worker -- writes them. Losing a few
entries under load is acceptable: they only feed the dashboard's "top searches".
"""
from __future__ import annotations

import logging
import threading
import time
from collections import deque

from sqlalchemy import exc, insert, text

from flask import current_app

from directory.core.extensions import db
from directory.models import SearchLog, utcnow

log = logging.getLogger(__name__)
WAIT_S = 0.1  # longest a flush waits for another writer's lock
RETRY_AFTER_S = 1.0  # after a busy database, requests skip flushing this long
MAX_BUFFERED = 5000



class _Buffer:
    """One per app (tests make many apps in one process: entries never cross databases)."""

    def __init__(self):
        self.entries: deque = deque(maxlen=MAX_BUFFERED)
        self.lock = threading.Lock()
        self.next_try = 0.0


def _of_app() -> _Buffer:
    return current_app.extensions.setdefault("search_log", _Buffer())


def record(params, total: int, lang: str) -> None:
    """Remember what buyers look for (no user, no address): first result pages only."""
    if params.page != 1 or params.is_empty:
        return
    _of_app().entries.append({"at": utcnow(), "query": " ".join(params.q.split())[:200].casefold(), "lang": lang,
                    "result_count": total, "filters": {k: v for k, v in params.filters.items() if v}})


def pending() -> int:
    return len(_of_app().entries)


def _lock_wait(connection) -> None:
    """Make this one connection give up quickly instead of queueing behind a long writer."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql(f"PRAGMA busy_timeout = {int(WAIT_S * 1000)}")
    elif connection.dialect.name == "postgresql":
        connection.execute(text(f"SET LOCAL lock_timeout = '{int(WAIT_S * 1000)}ms'"))
        connection.execute(text(f"SET LOCAL statement_timeout = '{int(WAIT_S * 1000) + 2000}ms'"))


def flush(force: bool = False) -> int:
    """Write the buffered entries in their own transaction; returns how many were written.

    Never raises: a busy or failing database leaves the entries for the next flush.
    """
    buf = _of_app()
    if not buf.entries or (not force and time.monotonic() < buf.next_try):
        return 0
    if not buf.lock.acquire(blocking=False):
        return 0  # another thread of this process is flushing
    try:
        rows = []
        while buf.entries and len(rows) < 500:
            rows.append(buf.entries.popleft())
        try:
            with db.engine.connect() as connection:
                try:
                    with connection.begin():
                        _lock_wait(connection)
                        connection.execute(insert(SearchLog), rows)
                finally:
                    if connection.dialect.name == "sqlite":  # back to the pool's usual patience
                        from directory.core.db_setup import SQLITE_BUSY_TIMEOUT_S
                        connection.exec_driver_sql(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_S * 1000}")
        except exc.SQLAlchemyError as error:
            buf.entries.extendleft(reversed(rows))  # kept for the next flush (a full deque drops the newest)
            buf.next_try = time.monotonic() + RETRY_AFTER_S
            log.info("search log not written now (%s); %d entries wait", type(error).__name__, len(buf.entries))
            return 0
        buf.next_try = 0.0
        return len(rows)
    finally:
        buf.lock.release()


def init_app(app) -> None:
    @app.teardown_request
    def flush_after_request(_exc):
        # After the request's own commit (web.commit_request ran in after_request).
        if app.extensions.get("search_log") and app.extensions["search_log"].entries:
            flush()
