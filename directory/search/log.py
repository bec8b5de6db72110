"""The search log, written in batches outside every request (issue 8 row 7, S36; issue 9).

A search only appends its entry to an in-memory buffer of this process (one per app: tests make
many apps in one process, and entries never cross databases). The buffer is written by a timer
thread of the process, in one short transaction of its own, at most once every ``FLUSH_EVERY_S``
-- one INSERT of many rows instead of a write lock per search -- so no request ever waits on a
write lock for it: not the search, not the requests queued behind it. The insert waits at most
``WAIT_S`` for another writer's lock; when the database is busy the entries stay buffered (at
most ``MAX_BUFFERED``, oldest dropped) and the timer tries again later.

Nothing is lost on a clean shutdown: gunicorn's ``worker_exit`` hook (gunicorn.conf.py) and an
``atexit`` handler write what is left (``flush_all``), and so does the background worker's
"search log" task in its own process. Whatever reads the log in this process -- the secretariat
dashboard, the warm-up's "most frequent searches" -- first writes this process's buffer, so it
sees its own searches at once (other processes' within a second). Losing a few entries to a
crash is acceptable: they only feed the dashboard's "top searches".
"""
from __future__ import annotations

import atexit
import logging
import os
import threading
import weakref
from collections import deque

from sqlalchemy import event, exc, insert, text
from sqlalchemy.engine import Engine

from flask import current_app, has_app_context

from directory.core.extensions import db
from directory.models import SearchLog, utcnow

log = logging.getLogger(__name__)
FLUSH_EVERY_S = 1.0  # at most one write per process this often
WAIT_S = 0.1  # longest a flush waits for another writer's lock
RETRY_MAX_S = 60.0  # a database busy (or gone) again and again: retry at most this rarely
BATCH = 500  # rows per INSERT
MAX_BUFFERED = 5000


class _Buffer:
    def __init__(self, app):
        self.entries: deque = deque(maxlen=MAX_BUFFERED)
        self.in_flight = 0  # taken out for a write that has not finished yet
        self.lock = threading.Lock()  # one writer at a time
        self.state = threading.Lock()  # the timer fields; entries and in_flight counted together
        self.timer: threading.Timer | None = None
        self.timer_pid = 0  # a timer armed before a fork does not run in the child
        self.failures = 0
        self.app = weakref.ref(app)


def _of(app) -> _Buffer:
    buf = app.extensions.get("search_log")
    if buf is None:
        buf = app.extensions.setdefault("search_log", _Buffer(app))
        atexit.register(_flush_at_exit, weakref.ref(app))
    return buf


def _of_app() -> _Buffer:
    return _of(current_app._get_current_object())


def record(params, total: int, lang: str) -> None:
    """Remember what buyers look for (no user, no address): first result pages only."""
    if params.page != 1 or params.is_empty:
        return
    buf = _of_app()
    buf.entries.append({"at": utcnow(), "query": " ".join(params.q.split())[:200].casefold(), "lang": lang,
                        "result_count": total, "filters": {k: v for k, v in params.filters.items() if v}})
    _arm(buf, FLUSH_EVERY_S)


def pending() -> int:
    """Entries of this process not yet in the database (including those being written now)."""
    buf = _of_app()
    with buf.state:
        return len(buf.entries) + buf.in_flight


def _arm(buf: _Buffer, delay: float) -> None:
    """Start the timer that writes the buffer in `delay` seconds, unless one is already waiting."""
    pid = os.getpid()
    with buf.state:
        if buf.timer is not None and buf.timer_pid == pid:
            return
        timer = threading.Timer(delay, _flush_later, (buf,))
        timer.daemon = True  # never keeps a process alive; exit hooks write what is left
        buf.timer, buf.timer_pid = timer, pid
    timer.start()


def _flush_later(buf: _Buffer) -> None:
    with buf.state:
        buf.timer = None
    app = buf.app()
    if app is None:
        return
    with app.app_context():
        written = flush(force=True, patient=False)
    if buf.entries:  # more came meanwhile, or the database was busy: try again
        retry = FLUSH_EVERY_S if written or not buf.failures else min(RETRY_MAX_S, 2.0 ** buf.failures)
        _arm(buf, retry)


def _lock_wait(connection, seconds: float) -> None:
    """Make this one connection give up after `seconds` instead of queueing behind a long writer."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql(f"PRAGMA busy_timeout = {int(seconds * 1000)}")
    elif connection.dialect.name == "postgresql":
        connection.execute(text(f"SET LOCAL lock_timeout = '{int(seconds * 1000)}ms'"))
        connection.execute(text(f"SET LOCAL statement_timeout = '{int(seconds * 1000) + 2000}ms'"))


def flush(force: bool = False, patient: bool = False) -> int:
    """Write up to BATCH buffered entries in their own transaction; returns how many were written.

    `force`: wait for a write another thread of this process is doing (then write what is left)
    instead of returning at once. `patient`: wait for another writer's lock as long as any other
    statement would (shutdown) rather than WAIT_S. Never raises: a busy or failing database leaves
    the entries for the next flush.
    """
    buf = _of_app()
    if not force and not buf.entries:
        return 0
    if not buf.lock.acquire(blocking=force):
        return 0  # another thread of this process is writing
    try:  # (force: whatever another thread had in flight is now written or back in the buffer)
        with buf.state:
            rows = []
            while buf.entries and len(rows) < BATCH:
                rows.append(buf.entries.popleft())
            buf.in_flight = len(rows)
        if not rows:
            return 0
        from directory.core.db_setup import SQLITE_BUSY_TIMEOUT_S
        try:
            with db.engine.connect() as connection:
                # Its own short-lived connection, closed after the write and never pooled: its
                # lock timeout stays its own, and a timer firing after the engine was disposed
                # (an app going away) leaves no open connection behind.
                connection.detach()
                with connection.begin():
                    _lock_wait(connection, SQLITE_BUSY_TIMEOUT_S if patient else WAIT_S)
                    connection.execute(insert(SearchLog), rows)
        except exc.SQLAlchemyError as error:
            with buf.state:  # kept for the next flush (a full deque drops the newest)
                buf.entries.extendleft(reversed(rows))
                buf.in_flight = 0
            buf.failures += 1
            log.info("search log not written now (%s); %d entries wait", type(error).__name__, len(buf.entries))
            return 0
        except BaseException:
            with buf.state:
                buf.entries.extendleft(reversed(rows))
                buf.in_flight = 0
            raise
        with buf.state:
            buf.in_flight = 0
        buf.failures = 0
        return len(rows)
    finally:
        buf.lock.release()


def flush_all(patient: bool = True) -> int:
    """Write everything this process holds (shutdown, a reader of the log); returns the rows written."""
    total = 0
    while written := flush(force=True, patient=patient):
        total += written
    return total  # 0 written: nothing left, or the database refused and the rest stays buffered


def close(app) -> None:
    """An app going away (a test's teardown, before its engine is disposed): write what it holds
    and stop its timer, so no later write opens a connection nobody will close."""
    buf = app.extensions.get("search_log")
    if buf is None:
        return
    with buf.state:
        timer, buf.timer = buf.timer, None
    if timer is not None:
        timer.cancel()
    if buf.entries or buf.in_flight:
        with app.app_context():
            flush_all(patient=False)


def _flush_at_exit(app_ref) -> None:
    app = app_ref()
    buf = app.extensions.get("search_log") if app is not None else None
    if buf is None or not (buf.entries or buf.in_flight):
        return
    try:
        with app.app_context():
            flush_all()
    except Exception:  # interpreter shutting down: nothing more to do
        log.exception("search log not written at exit")


@event.listens_for(Engine, "before_cursor_execute")
def _before_a_read_of_the_log(conn, cursor, statement, parameters, context, executemany) -> None:
    """A SELECT from the search log in this process first writes this process's buffer (the
    dashboard, the warm-up's frequent searches see this process's searches at once). A look at
    the SQL text: ~1 µs a statement (an ORM-level check cost every search page ~0.9 ms)."""
    if SearchLog.__tablename__ not in statement or statement.lstrip()[:6].upper() != "SELECT":
        return
    if not has_app_context():
        return
    buf = current_app.extensions.get("search_log")
    if buf is not None and (buf.entries or buf.in_flight):
        flush_all(patient=False)


def init_app(app) -> None:
    _of(app)
    from directory.core import worker
    # The background worker's own process: writes what it holds every second (it searches
    # only in tests and scripts; web workers flush from their timer and at exit).
    worker.register("search log", FLUSH_EVERY_S, _flush_now)


def _flush_now() -> None:
    flush_all(patient=False)
