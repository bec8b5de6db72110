"""The background worker (`flask worker run`): due mail each tick, registered periodic tasks each
in its own transaction, failures logged without stopping the loop, a clean stop on SIGTERM."""
import signal
import subprocess  # nosec B404
import sys
import time
from datetime import timedelta

import pytest
from conftest import read_outbox
from mail_helpers import ROOT, env_for, queue_committed

from directory.core import mail
from directory.core import worker
from directory.core.extensions import db
from directory.models import MailMessage, utcnow


@pytest.fixture
def registered():
    """Tasks a test registers, unregistered afterwards (the registry is per process)."""
    names = []

    def add(name, every, fn):
        worker.register(name, every, fn)
        names.append(name)
    yield add
    for name in names:
        worker.unregister(name)


def subjects(app) -> list[str]:
    return sorted(m["Subject"] for m in read_outbox(app))


def test_once_delivers_due_mail_and_runs_every_task_in_its_own_transaction(app, runner, registered):
    queue_committed(app, 2)

    def queues_a_notice():
        mail.send_after_commit("digest@example.com", "Weekly digest", "Body\n")

    def breaks_after_writing():
        mail.send_after_commit("never@example.com", "Never sent", "Body\n")
        raise RuntimeError("task bug")

    registered("digest", 3600, queues_a_notice)
    registered("broken", 3600, breaks_after_writing)
    result = runner.invoke(args=["worker", "run", "--once"])
    assert result.exit_code == 1 and "failed: broken" in result.output
    # The committed mail went out, the digest task's mail was committed and delivered after its
    # commit, the broken task's write was rolled back.
    assert subjects(app) == ["Notice 0", "Notice 1", "Weekly digest"]
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(MailMessage)) == 3


def test_a_task_runs_at_its_interval_and_a_failure_is_retried_at_its_next_turn(app, registered):
    calls = []

    def flaky():
        calls.append(len(calls))
        if len(calls) == 1:
            raise ConnectionError("first run fails")

    registered("flaky", 10, flaky)
    assert worker.tick(app, now=1000.0)["flaky"] is False
    assert "flaky" not in worker.tick(app, now=1005.0)  # not due yet
    assert worker.tick(app, now=1010.0)["flaky"] is True
    assert calls == [0, 1]
    assert [t.name for t in worker.tasks()].count("search catch-up") == 1  # registered by the worker itself


def test_the_worker_leaves_mail_whose_retry_is_not_due(app, runner):
    queue_committed(app, 1)
    with app.app_context():
        db.session.execute(db.update(MailMessage).values(next_attempt_at=utcnow() + timedelta(minutes=5)))
        db.session.commit()
    assert runner.invoke(args=["worker", "run", "--once"]).exit_code == 0
    assert read_outbox(app) == []
    assert runner.invoke(args=["mail", "deliver"]).exit_code == 0  # the operator's "now" does not wait
    assert subjects(app) == ["Notice 0"]


def test_registering_a_task_needs_a_positive_interval():
    with pytest.raises(ValueError):
        worker.register("never", 0, lambda: None)


@pytest.mark.slow
def test_the_worker_process_delivers_in_the_background_and_stops_on_sigterm(app, tmp_path):
    log = open(tmp_path / "worker.log", "wb")  # noqa: SIM115 - closed below
    proc = subprocess.Popen([sys.executable, "-m", "flask", "--app", "directory", "worker", "run", "--tick", "0.2"],  # nosec B603
                            env=env_for(app), cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    try:
        queue_committed(app, 3)  # committed by "someone else" with no delivery attempt
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(read_outbox(app)) < 3:
            time.sleep(0.1)
        assert subjects(app) == ["Notice 0", "Notice 1", "Notice 2"]
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)
        log.close()
    output = (tmp_path / "worker.log").read_text()
    assert "worker stopped" in output and "Traceback" not in output
    with app.app_context():
        assert {m.state for m in db.session.scalars(db.select(MailMessage))} == {"sent"}
