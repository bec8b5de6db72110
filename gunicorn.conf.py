"""gunicorn settings: `make serve`, and production (`gunicorn -c gunicorn.conf.py 'directory:create_app()'`).

Environment: PORT (5000), LISTEN_HOST (127.0.0.1; 0.0.0.0 only when you say so, e.g. in a
container behind a proxy), WEB_CONCURRENCY (workers, default 2 × cores), GUNICORN_TIMEOUT
(30 s), ACCESS_LOG ("-" for gunicorn's own access log; the app already writes one JSON line per
request in production), SERVE_WITH_WORKER=1 (start `flask worker run` beside the web workers
and stop it with them: what `make serve` does; systemd runs the worker as its own unit).
"""
import multiprocessing
import os
import subprocess  # nosec B404 - starts our own worker command, no shell
import sys

bind = f"{os.environ.get('LISTEN_HOST') or '127.0.0.1'}:{os.environ.get('PORT') or 5000}"
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * multiprocessing.cpu_count())
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT") or 30)  # a stuck worker is killed and replaced
graceful_timeout = 20
keepalive = 5
backlog = 512
accesslog = os.environ.get("ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info")
# Imports and create_app() once in the master, shared copy-on-write by the workers (and
# when_ready loads the read-only data they all need). Nothing in create_app() or load_shared()
# opens a database connection or the index, so no handle crosses the fork.
preload_app = True
proc_name = "directory"
# gunicorn 24+'s control socket lives at one path per user: two sites (or a bench) would fight.
control_socket_disable = True

_background = {}


def post_fork(server, worker):
    app = worker.app.wsgi()
    from directory.core.extensions import db
    with app.app_context():
        db.engine.dispose(close=False)  # never reuse a connection the master might have opened


def post_worker_init(worker):
    from directory.ops.warmup import warm_up
    seconds = warm_up(worker.app.wsgi())
    worker.log.info("worker %s warmed up in %.0f ms", worker.pid, seconds * 1000)


def worker_exit(server, worker):
    # A clean stop (SIGTERM, a timed-out or replaced worker) writes the searches still buffered
    # (search/log.py batches them once a second); waits for a busy database like any writer.
    from directory.search import log as search_log
    app = worker.app.wsgi()
    with app.app_context():
        written = search_log.flush_all()
        if search_log.pending():
            worker.log.warning("worker %s: %d search log entries not written", worker.pid, search_log.pending())
    if written:
        worker.log.info("worker %s wrote %d buffered search log entries", worker.pid, written)


def when_ready(server):
    # In the master, before the first fork: what every worker reads and none changes (OpenCC,
    # ICU, vocabularies, catalogs, templates), so the workers share those pages.
    from directory.ops.warmup import load_shared
    seconds = load_shared(server.app.wsgi())
    server.log.info("shared data loaded in %.0f ms", seconds * 1000)
    if os.environ.get("SERVE_WITH_WORKER") == "1":
        command = [sys.executable, "-m", "flask", "--app", "directory", "worker", "run"]
        _background["worker"] = subprocess.Popen(command)  # nosec B603
        server.log.info("background worker started (pid %s)", _background["worker"].pid)


def on_exit(server):
    proc = _background.pop("worker", None)
    if proc is not None and proc.poll() is None:
        proc.terminate()  # SIGTERM: the worker finishes its current step and stops
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        server.log.info("background worker stopped")
