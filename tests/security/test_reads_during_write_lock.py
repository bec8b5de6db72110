"""S36 (issue 8 row 7): while another connection holds the database's write lock, the search
page, the API and a profile page answer -- they never wait for the lock.

A second real connection takes the write lock (SQLite: BEGIN IMMEDIATE plus a write; PostgreSQL:
a transaction that updates every listing and holds the table locks an insert into the search log
would need) in a thread, for up to 10 s. The requests must all have finished *before* the lock
is released: a request that waited for the lock could only finish after the release. Searches
made meanwhile are not lost: their log entries are written once the lock is gone.
"""
import time

import pytest
import sqlalchemy as sa
from lock_helpers import HOLD_S, WriteLockHolder
from published import a_word, publish_demo

from directory.search import log as search_log
from directory.core.extensions import db
from directory.models import SearchLog

ROUNDS = 5


def test_search_api_and_profile_answer_while_another_connection_holds_the_write_lock(app, client):
    published = publish_demo(app)
    some_id, some = next(iter(published.items()))
    word = a_word(some["data"])
    holder = WriteLockHolder(app.config["SQLALCHEMY_DATABASE_URI"])
    holder.start()
    assert holder.locked.wait(30) and holder.error is None, holder.error
    finished, answers = [], []
    try:
        for n in range(ROUNDS):
            for url in (f"/search?q={word}&n={n}", f"/api/v1/providers?q={word}&n={n}",
                        f"/providers/{some['slug']}", "/api/v1/providers?capability=iot"):
                response = client.get(url)
                finished.append(time.monotonic())
                answers.append((url, response.status_code, response.get_data(as_text=True)))
    finally:
        holder.stop.set()
        holder.join(HOLD_S + 30)
    assert holder.error is None, holder.error
    assert holder.released_at is not None
    assert [(url, status) for url, status, _ in answers if status != 200] == []
    assert max(finished) < holder.released_at, "a read waited for the write lock"
    search_pages = [body for url, _, body in answers if url.startswith("/search")]
    assert all(some["data"]["company_name_en"] in body for body in search_pages)
    api_answers = [body for url, _, body in answers if url.startswith("/api/v1/providers?q=")]
    assert all(some_id in body for body in api_answers)

    # The searches made under the lock were kept and are written now that it is gone.
    with app.app_context():
        search_log.flush(force=True)
        logged = db.session.scalars(sa.select(SearchLog.query)).all()
    assert logged.count(word.casefold()) == 2 * ROUNDS


def test_a_search_request_leaves_its_log_entry_out_of_its_own_transaction(app, client):
    """While the buffer cannot be written (lock held), the search still answers and the entry
    waits in memory; nothing of it is in the database until a later flush succeeds."""
    publish_demo(app)
    holder = WriteLockHolder(app.config["SQLALCHEMY_DATABASE_URI"])
    holder.start()
    assert holder.locked.wait(30) and holder.error is None, holder.error
    try:
        assert client.get("/search?q=harbour+cranes").status_code == 200
        with app.app_context():
            assert search_log.pending() == 1
    finally:
        holder.stop.set()
        holder.join(HOLD_S + 30)
    assert client.get("/search?q=tunnel+lighting").status_code == 200
    with app.app_context():
        search_log.flush(force=True)  # the worker's periodic flush (requests back off for a second)
        assert search_log.pending() == 0
        assert sorted(db.session.scalars(sa.select(SearchLog.query))) == ["harbour cranes", "tunnel lighting"]


@pytest.mark.parametrize("path", ["/search?q=sensors", "/api/v1/providers?q=sensors", "/"])
def test_reads_do_not_start_a_write_transaction(app, client, path):
    """Every statement a read-only page runs is a SELECT (or the search-log insert, which runs
    after the request in its own connection)."""
    publish_demo(app)
    statements = []

    def remember(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement.lstrip().split(None, 1)[0].upper())

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", remember)
    try:
        client.get(path)  # the first request of a process catches up the index; then a plain one
        statements.clear()
        assert client.get(path).status_code == 200
    finally:
        sa.event.remove(engine, "before_cursor_execute", remember)
    writes = [s for s in statements if s not in ("SELECT", "PRAGMA", "SET", "INSERT")]
    assert writes == []
    inserts = statements.count("INSERT")
    assert inserts <= 1  # the search log's own short transaction, nothing else
