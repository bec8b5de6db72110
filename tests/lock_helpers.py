"""Another real connection holding the database's write lock, in a thread (S36 tests)."""
import threading
import time

import sqlalchemy as sa

HOLD_S = 10.0  # the longest the lock is held when nobody says stop


class WriteLockHolder(threading.Thread):
    """Holds the write lock from a separate connection until told to stop (or HOLD_S passed)."""

    def __init__(self, url: str):
        super().__init__(daemon=True)
        self.url, self.locked, self.stop = url, threading.Event(), threading.Event()
        self.released_at = None
        self.error = None

    def run(self):
        try:
            if self.url.startswith("sqlite"):
                self._hold_sqlite()
            else:
                self._hold_postgresql()
        except BaseException as exc:  # surfaced by the test
            self.error = exc
            self.locked.set()

    def _hold_sqlite(self):
        import sqlite3
        conn = sqlite3.connect(self.url.removeprefix("sqlite:///"), isolation_level=None)
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("UPDATE listings SET updated_at = updated_at")
            self.locked.set()
            self.stop.wait(HOLD_S)
            conn.execute("ROLLBACK")
            self.released_at = time.monotonic()
        finally:
            conn.close()

    def _hold_postgresql(self):
        engine = sa.create_engine(self.url)
        try:
            with engine.connect() as conn:
                trans = conn.begin()
                conn.execute(sa.text("UPDATE listings SET updated_at = updated_at"))
                # EXCLUSIVE blocks every insert/update/delete on these tables; plain reads still pass.
                conn.execute(sa.text("LOCK TABLE search_logs, search_changes, audit_events IN EXCLUSIVE MODE"))
                self.locked.set()
                self.stop.wait(HOLD_S)
                trans.rollback()
                self.released_at = time.monotonic()
        finally:
            engine.dispose()
