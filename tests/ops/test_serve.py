"""`make serve`'s pieces: gunicorn with gunicorn.conf.py and the background worker beside it
(real processes), and the warm-up each web worker runs before its first request."""
import json
import logging
import os
import signal
import subprocess  # nosec B404
import sys
import time
import urllib.request
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "security"))
from live_server import ROOT, free_port, prepare_instance  # noqa: E402

from directory import create_app  # noqa: E402
from directory.core.extensions import db  # noqa: E402
from directory.models import SearchLog  # noqa: E402
from directory.ops.warmup import warm_up  # noqa: E402

GUNICORN = Path(sys.executable).with_name("gunicorn")


def test_warm_up_searches_without_recording_a_search_or_a_log_line(app_config, caplog):
    app = create_app({**app_config, "REQUEST_LOG": True})
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo", "load", "--count", "5"]).exit_code == 0
    caplog.set_level(logging.INFO, logger="directory.requests")
    caplog.set_level(logging.WARNING, logger="directory.warmup")
    warm_up(app)
    assert not [r for r in caplog.records if r.name in ("directory.requests", "directory.warmup")]
    assert searches_recorded(app) == 0
    app.test_client().get("/search?q=iot", buffered=True)  # a buyer's search is recorded as usual
    assert searches_recorded(app) == 1
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def searches_recorded(app) -> int:
    from directory.search import log as search_log
    with app.app_context():
        search_log.flush(force=True)
        return db.session.scalar(db.select(db.func.count()).select_from(SearchLog))


def children(pid: int) -> dict[int, str]:
    out = subprocess.run(["ps", "-o", "pid=,args=", "--ppid", str(pid)],  # nosec B603 B607
                         capture_output=True, text=True).stdout
    return {int(line.split(None, 1)[0]): line.split(None, 1)[1] for line in out.splitlines()}


@pytest.mark.slow
def test_gunicorn_serves_with_the_worker_beside_it_and_stops_both(tmp_path):
    env = prepare_instance(tmp_path, demo=3)
    port = free_port()
    env.update(DIRECTORY_ENV="production", DIRECTORY_BASE_URL=f"http://127.0.0.1:{port}", PORT=str(port),
               WEB_CONCURRENCY="2", SERVE_WITH_WORKER="1")
    log = open(tmp_path / "gunicorn.log", "wb")  # noqa: SIM115 - closed below
    proc = subprocess.Popen([str(GUNICORN), "-c", "gunicorn.conf.py", "directory:create_app()"],  # nosec B603
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        health = None
        for _ in range(300):  # bounded: 300 polls of 0.2 s
            assert proc.poll() is None, (tmp_path / "gunicorn.log").read_text()
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as resp:  # nosec B310
                    health = json.loads(resp.read())
                    break
            except OSError:
                time.sleep(0.2)
        assert health and health["status"] == "ok" and health["index"]["documents"] == 4  # and the demo member's
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/search?q=iot", timeout=30) as resp:  # nosec B310
            assert resp.status == 200 and resp.headers["X-Request-ID"]
        kids = children(proc.pid)
        workers = [pid for pid, args in kids.items() if "worker run" in args]
        web = [pid for pid, args in kids.items() if "gunicorn" in args]
        assert len(workers) == 1 and len(web) == 2, kids
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=90)
        log.close()
    text = (tmp_path / "gunicorn.log").read_text()
    assert not [pid for pid in workers if os.path.exists(f"/proc/{pid}")], "the background worker outlived gunicorn"
    lines = [json.loads(line) for line in text.splitlines() if line.startswith('{"time"')]
    assert any(line["path"] == "/search" and line["status"] == 200 for line in lines)
    assert "warmed up" in text and "background worker stopped" in text
