"""The background worker: `flask --app directory worker run [--once]`.

Each tick it delivers the mail that is due (retries with backoff, claims abandoned by a crashed
sender) and runs the periodic tasks whose time has come. Other modules add tasks at import time:

    from directory.core import worker
    worker.register("logo sweep", 3600, logos.sweep)

`fn()` is called with no arguments inside a fresh app context; the worker commits after it
returns (through web.commit, so after-commit callbacks run) and rolls back if it raises. A
failing task is logged and tried again at its next turn; it never stops the loop. SIGTERM or
SIGINT stops the loop after the current step. One worker per site is enough; several are safe
(mail is claimed per message).
"""
import logging
import signal
import threading
import time
from dataclasses import dataclass, field

import click
from flask import current_app
from flask.cli import AppGroup

log = logging.getLogger("directory.worker")
TICK_SECONDS = 2.0


@dataclass
class Task:
    name: str
    every_seconds: float
    fn: object
    next_run: float = field(default=0.0)  # time.monotonic(); 0: due at the first tick


_tasks: dict[str, Task] = {}


def register(name: str, every_seconds: float, fn) -> None:
    """Run fn() every `every_seconds` in the worker (the first run at the worker's first tick).
    Registering a name again replaces the task."""
    if every_seconds <= 0:
        raise ValueError("every_seconds must be positive")
    _tasks[name] = Task(name, float(every_seconds), fn)


def unregister(name: str) -> None:
    _tasks.pop(name, None)


def tasks() -> list[Task]:
    return list(_tasks.values())


def _in_context(app, name: str, fn) -> bool:
    """Run fn in its own app context and transaction; True if it succeeded."""
    from directory.core.extensions import db
    from directory.core.web import commit
    with app.app_context():
        try:
            fn()
            commit()
            return True
        except Exception:  # a task's failure is logged and retried at its next turn
            log.exception("worker task %r failed", name)
            db.session.rollback()
            return False


def _deliver_mail() -> None:
    from directory.core import mail_queue
    run = mail_queue.deliver_due()
    if run.sent or run.failed:
        log.info("mail: %d sent, %d failed this tick", run.sent, run.failed)


def tick(app, now: float | None = None, everything: bool = False) -> dict[str, bool]:
    """One pass: mail first, then every due task (all of them when `everything`)."""
    now = time.monotonic() if now is None else now
    results = {"mail": _in_context(app, "mail", _deliver_mail)}
    for task in tasks():
        if everything or now >= task.next_run:
            task.next_run = now + task.every_seconds
            results[task.name] = _in_context(app, task.name, task.fn)
    return results


def run(app, stop: threading.Event, tick_seconds: float = TICK_SECONDS) -> None:
    log.info("worker started: mail every %.0f s; tasks: %s", tick_seconds,
             ", ".join(f"{t.name} (every {t.every_seconds:g} s)" for t in tasks()) or "none")
    while not stop.is_set():
        tick(app)
        stop.wait(tick_seconds)
    log.info("worker stopped")


def _catch_up_search() -> None:
    from directory.search.service import _catch_up_quietly
    _catch_up_quietly()  # IndexBusy and other index trouble are logged there; the next tick retries


register("search catch-up", 2.0, _catch_up_search)


# ---- `flask --app directory worker run` ----

worker_cli = AppGroup("worker", help="The background worker (mail delivery, periodic tasks).")


@worker_cli.command("run")
@click.option("--once", is_flag=True, help="One pass over mail and every task, then exit.")
@click.option("--tick", "tick_seconds", type=float, default=TICK_SECONDS, show_default=True,
              help="Seconds between passes.")
def run_command(once, tick_seconds):
    """Deliver due mail and run periodic tasks until SIGTERM (or once, with --once)."""
    app = current_app._get_current_object()
    if app.logger.level == logging.NOTSET:  # app.logger ("directory") has Flask's stderr handler
        app.logger.setLevel(logging.INFO)  # the worker says what it does: started, sent, failed, stopped
    if once:
        results = tick(app, everything=True)
        failed = [name for name, ok in results.items() if not ok]
        click.echo("Worker pass done" + (f"; failed: {', '.join(failed)}" if failed else "") + ".")
        raise SystemExit(1 if failed else 0)
    stop = threading.Event()

    def _stop(signum, _frame):
        log.info("signal %s: stopping after the current step", signum)
        stop.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    run(app, stop, tick_seconds)


def init_app(app) -> None:
    app.cli.add_command(worker_cli)
