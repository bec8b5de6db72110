"""Background jobs (issue 8: "long imports run as background jobs, never a 144 s request").

A request enqueues a :class:`~directory.models.Job` (flush; the request commits it). The worker
(``flask worker run``, task "jobs") calls :func:`run_due_jobs`, which

1. claims the oldest queued job with one conditional UPDATE (``state='queued'`` → ``running``,
   ``claimed_by`` = this worker's token) and commits, so two workers never run one job;
2. runs the job's function in a fresh transaction; the function does its work (flush only) and
   returns ``(state, report)``;
3. writes the final state with ``WHERE claimed_by = token`` **in the same transaction** as the work
   and commits once: the job is either done with everything written, or nothing is written.

A job whose worker died (kill -9) stays *running*; after ``STALE_AFTER`` it is claimed again (its
work was never committed, so running it again is safe; if the first run commits after all, the
second finds its token gone and rolls back). A function that raises leaves the job *failed* with
nothing written.

Progress: the work's own transaction cannot show it (uncommitted), so it is reported beside it --
on PostgreSQL by a short UPDATE in a second connection, on SQLite (whose single write lock the
work holds) in a small file under the instance folder, which the page reads.
"""
from __future__ import annotations

import json
import logging
import os
import secrets
import socket
import time
from collections.abc import Callable
from datetime import timedelta

from flask import current_app
from sqlalchemy import or_, select, text, update

from directory.core.extensions import db
from directory.models import Job, utcnow

log = logging.getLogger(__name__)
STALE_AFTER = timedelta(hours=6)
PROGRESS_EVERY_S = 0.5
RUNNERS: dict[str, Callable] = {}


def runner(kind: str):
    """Register the function that runs jobs of ``kind``: fn(job, progress) -> (state, report)."""
    def register(fn):
        RUNNERS[kind] = fn
        return fn
    return register


def enqueue(kind: str, params: dict, payload: bytes | None = None, created_by=None) -> Job:
    job = Job(kind=kind, state="queued", params=params, payload=payload,
              created_by_id=getattr(created_by, "id", created_by))
    db.session.add(job)
    db.session.flush()
    return job


# ---- progress --------------------------------------------------------------------------------

def _progress_file(job_id: int) -> str:
    return os.path.join(current_app.config["INSTANCE_PATH"], "jobs", f"{int(job_id)}.progress")


def _sqlite() -> bool:
    return db.engine.dialect.name == "sqlite"


class Progress:
    """``progress.total(n)`` then ``progress.step()`` per unit of work; written at most twice a second."""

    def __init__(self, job_id: int):
        self.job_id, self.done, self.of, self._last = job_id, 0, 0, 0.0

    def total(self, n: int) -> None:
        self.done, self.of = 0, int(n)
        self._write(force=True)

    def step(self, n: int = 1) -> None:
        self.done += n
        self._write()

    def _write(self, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._last < PROGRESS_EVERY_S:
            return
        self._last = now
        try:
            if _sqlite():
                path = _progress_file(self.job_id)
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path + ".tmp", "w", encoding="utf-8") as f:
                    json.dump({"done": self.done, "total": self.of}, f)
                os.replace(path + ".tmp", path)
                return
            with db.engine.connect() as connection, connection.begin():
                connection.execute(text("SET LOCAL lock_timeout = '200ms'"))
                connection.execute(update(Job).where(Job.id == self.job_id)
                                   .values(progress_done=self.done, progress_total=self.of))
        except Exception:  # progress is a courtesy: never let it fail the job
            log.debug("job %s: progress not written", self.job_id, exc_info=True)


def progress_of(job: Job) -> tuple[int, int]:
    """(done, total) as the page should show it."""
    if job.state == "running" and _sqlite():
        try:
            with open(_progress_file(job.id), encoding="utf-8") as f:
                data = json.load(f)
            return int(data["done"]), int(data["total"])
        except (OSError, ValueError, KeyError, TypeError):
            pass
    return job.progress_done or 0, job.progress_total or 0


# ---- claiming and running ----------------------------------------------------------------------

def _token() -> str:
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(4)}"


def claim_next() -> tuple[int, str] | None:
    """Claim the oldest runnable job for this worker and commit the claim."""
    from directory.core.web import commit
    stale = utcnow() - STALE_AFTER
    runnable = or_(Job.state == "queued", (Job.state == "running") & (Job.claimed_at < stale))
    for job_id, state, claimed_by in db.session.execute(
            select(Job.id, Job.state, Job.claimed_by).where(runnable).order_by(Job.id).limit(5)).all():
        token = _token()
        claimed = db.session.execute(
            update(Job).where(Job.id == job_id, Job.state == state,
                              Job.claimed_by.is_(None) if claimed_by is None else Job.claimed_by == claimed_by)
            .values(state="running", claimed_at=utcnow(), claimed_by=token)
            .execution_options(synchronize_session=False))
        commit()
        if claimed.rowcount == 1:
            if state == "running":
                log.warning("job %s: its worker vanished (claimed by %s); running it again", job_id, claimed_by)
            return job_id, token
    return None


def _finish(job_id: int, token: str, state: str, report: dict, done: int, total: int) -> bool:
    finished = db.session.execute(
        update(Job).where(Job.id == job_id, Job.claimed_by == token)
        .values(state=state, result=report, payload=None, finished_at=utcnow(),
                progress_done=done, progress_total=total)
        .execution_options(synchronize_session=False))
    return finished.rowcount == 1


def run_job(job_id: int, token: str) -> str:
    """Run a claimed job: its work and its final state commit together. Returns the state."""
    from directory.core.web import commit
    job = db.session.get(Job, job_id)
    progress = Progress(job_id)
    try:
        state, report = RUNNERS[job.kind](job, progress)
        if not _finish(job_id, token, state, report, progress.done, progress.of):
            db.session.rollback()  # claimed again by another worker meanwhile: its run counts
            log.warning("job %s: claim lost; this run's work is rolled back", job_id)
            return "lost"
        commit()
    except Exception as exc:
        db.session.rollback()
        log.exception("job %s (%s) failed; nothing it did was kept", job_id, job.kind)
        _finish(job_id, token, "failed", {"crashed": True, "error": type(exc).__name__}, 0, 0)
        commit()
        state = "failed"
    finally:
        try:
            os.unlink(_progress_file(job_id))
        except OSError:
            pass
    return state


def run_due_jobs(limit: int = 1) -> int:
    """The worker's task: claim and run up to ``limit`` jobs; returns how many ran."""
    ran = 0
    while ran < limit:
        claimed = claim_next()
        if claimed is None:
            break
        run_job(*claimed)
        ran += 1
    return ran


def _register_with_worker() -> None:
    from directory.core import worker
    worker.register("jobs", 2, run_due_jobs)


_register_with_worker()
