"""`make audit` says what it did: with no advisory database answering (nothing listening, or a
mirror that serves PyPI's JSON without vulnerability data) pip-audit is reported as not run."""
import json
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "tools" / "pip_audit.py"
NOT_RUN = "pip-audit: not run — no advisory database reachable"


class MirrorWithoutAdvisories(BaseHTTPRequestHandler):
    def _answer(self):
        body = json.dumps({"info": {"name": "jinja2"}, "vulnerabilities": [], "vulns": []}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, *args):
        pass


@pytest.fixture
def mirror():
    server = HTTPServer(("127.0.0.1", 0), MirrorWithoutAdvisories)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def run(pypi: str, osv: str, tmp_path):
    return subprocess.run([sys.executable, str(SCRIPT), str(tmp_path / "requirements.lock")],
                          env={"AUDIT_PYPI_URL": pypi, "AUDIT_OSV_URL": osv, "PATH": "/usr/bin:/bin"},
                          capture_output=True, text=True, timeout=120)


def test_nothing_listening_is_reported_as_not_run(tmp_path):
    result = run("http://127.0.0.1:1/pypi", "http://127.0.0.1:1/v1/query", tmp_path)
    assert result.returncode == 0 and result.stdout.strip() == NOT_RUN


def test_a_mirror_without_vulnerability_data_is_not_an_audit(mirror, tmp_path):
    result = run(f"{mirror}/pypi", f"{mirror}/v1/query", tmp_path)
    assert result.returncode == 0 and result.stdout.strip() == NOT_RUN
    assert "No known vulnerabilities" not in result.stdout + result.stderr
