"""The search log is written in batches (issue 9): a search appends to its process's buffer, a
timer writes the buffer at most once a second in one INSERT, a clean shutdown writes what is
left, and no search ever waits on another connection's write lock."""
import importlib.util
import os
import threading
import time
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from lock_helpers import HOLD_S, WriteLockHolder

from directory.core.extensions import db
from directory.models import SearchLog
from directory.search import log as search_log

N = 24


def rows_in_database(app) -> list[str]:
    """What the table holds, read on the driver's own connection (a SELECT through SQLAlchemy
    in this process would write the buffer first)."""
    with app.app_context():
        conn = db.engine.raw_connection()
    try:
        cursor = conn.cursor()
        cursor.execute("SELECT query FROM search_logs")
        return sorted(row[0] for row in cursor.fetchall())
    finally:
        conn.close()


def inserts_into_the_log(app):
    seen = []

    def remember(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("INSERT INTO SEARCH_LOGS"):
            seen.append(len(parameters) if executemany else 1)

    with app.app_context():
        sa.event.listen(db.engine, "before_cursor_execute", remember)
    return seen


def search_at_once(app, queries) -> list[int]:
    """Each query from its own thread (and test client), all started together."""
    start, statuses = threading.Barrier(len(queries)), []

    def one(q):
        client = app.test_client()
        start.wait()
        statuses.append(client.get("/search", query_string={"q": q}).status_code)

    threads = [threading.Thread(target=one, args=(q,)) for q in queries]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return statuses


def test_concurrent_searches_end_as_one_row_each_written_in_one_insert(app, client, monkeypatch):
    monkeypatch.setattr(search_log, "FLUSH_EVERY_S", 3600.0)  # no timer write during the test
    client.get("/search?q=first+request")  # the process's first request (index catch-up)
    with app.app_context():
        search_log.flush_all()
    inserts = inserts_into_the_log(app)
    queries = [f"query {n}" for n in range(N)]
    assert search_at_once(app, queries) == [200] * N
    assert rows_in_database(app) == ["first request"]  # nothing written by the searches themselves
    with app.app_context():
        assert search_log.pending() == N
        assert search_log.flush_all() == N
        assert search_log.pending() == 0
    assert rows_in_database(app) == sorted(queries + ["first request"])
    assert inserts == [N]  # one statement for the whole batch


def test_the_timer_writes_the_buffer_without_being_asked(app, client, monkeypatch):
    monkeypatch.setattr(search_log, "FLUSH_EVERY_S", 0.05)
    inserts = inserts_into_the_log(app)
    queries = [f"timer {n}" for n in range(N)]
    assert search_at_once(app, queries) == [200] * N
    deadline = time.monotonic() + 30
    while len(rows_in_database(app)) < N and time.monotonic() < deadline:
        time.sleep(0.05)
    assert rows_in_database(app) == sorted(queries)
    assert sum(inserts) == N and len(inserts) < N  # batched, not one INSERT per search


def test_reading_the_log_in_this_process_writes_its_buffer_first(app, client, monkeypatch):
    monkeypatch.setattr(search_log, "FLUSH_EVERY_S", 3600.0)
    for q in ("harbour", "zeppelin", "zeppelin"):
        assert client.get("/search", query_string={"q": q}).status_code == 200
    assert rows_in_database(app) == []
    with app.app_context():  # what the dashboard and the warm-up do: a read of SearchLog
        counted = dict(db.session.execute(sa.select(SearchLog.query, sa.func.count()).group_by(SearchLog.query)).all())
    assert counted == {"harbour": 1, "zeppelin": 2}


def test_searches_never_wait_on_a_held_write_lock_and_lose_nothing(app, client, monkeypatch):
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if not url.startswith("sqlite"):
        pytest.skip("tests/security/test_reads_during_write_lock.py covers PostgreSQL")
    monkeypatch.setattr(search_log, "FLUSH_EVERY_S", 0.05)  # the timer tries (and fails) under the lock
    client.get("/search?q=first+request")
    with app.app_context():
        search_log.flush_all()
    holder = WriteLockHolder(url)
    holder.start()
    assert holder.locked.wait(30)
    queries = [f"locked {n}" for n in range(N)]
    try:
        assert search_at_once(app, queries[: N // 2]) == [200] * (N // 2)
        time.sleep(0.3)  # let the timer try to write while the lock is held
        finished_at = []
        for q in queries[N // 2:]:
            assert client.get("/search", query_string={"q": q}).status_code == 200
            finished_at.append(time.monotonic())
        with app.app_context():
            assert search_log.pending() == N  # kept, none written
    finally:
        holder.stop.set()
        holder.join(HOLD_S + 30)
    assert holder.released_at is not None and max(finished_at) < holder.released_at, "a search waited for the lock"
    with app.app_context():
        search_log.flush_all()
    assert rows_in_database(app) == sorted(queries + ["first request"])


def test_a_stopping_gunicorn_worker_writes_what_is_buffered(app, client, monkeypatch):
    monkeypatch.setattr(search_log, "FLUSH_EVERY_S", 3600.0)
    for n in range(3):
        client.get("/search", query_string={"q": f"last words {n}"})
    spec = importlib.util.spec_from_file_location(
        "gunicorn_conf", os.path.join(os.path.dirname(os.path.dirname(__file__)), "gunicorn.conf.py"))
    conf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conf)
    messages = []
    worker = SimpleNamespace(pid=os.getpid(), app=SimpleNamespace(wsgi=lambda: app),
                             log=SimpleNamespace(info=lambda *a: messages.append(a), warning=lambda *a: messages.append(a)))
    conf.worker_exit(None, worker)
    assert rows_in_database(app) == ["last words 0", "last words 1", "last words 2"]
    with app.app_context():
        assert search_log.pending() == 0
