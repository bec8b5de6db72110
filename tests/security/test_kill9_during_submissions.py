"""S27: kill -9 the real server while members submit 100 listings. Every submission the server
acknowledged is in the database, the database passes its integrity check, and after
`flask search check --fix` the index equals the database."""
import http.client
import re
import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from listing_helpers import COMPLETE
from live_server import HttpClient, Server, flask, prepare_instance

from directory import create_app
from directory.core.extensions import db
from directory.models import Listing

SUBMISSIONS = 100
KILL_AFTER = 40  # acknowledgements before the SIGKILL, so requests are in flight when it lands
WORKERS = 4
# One member per client: a member holds one draft at a time, so each client creates and submits
# its listings one after the other, as a real member would, while the four run at once.
MEMBERS = tuple(f"crash-member-{w}@example.com" for w in range(WORKERS))
NETWORK_ERRORS = (OSError, http.client.HTTPException)


def submit_one(client: HttpClient, n: int, errors: list):
    """One new listing through the member pages; returns (public_id, br) when acknowledged."""
    created = client.post("/members/listings/new", {})
    if created.status != 302:
        errors.append(created.status)
        return None
    public_id = re.search(r"/members/listings/([a-z0-9]+)/edit", created.location).group(1)
    br = f"{50000000 + n}"
    fields = {**COMPLETE, "br_number": br, "company_name_en": f"Crash Test {n} Limited",
              "company_name_zh": f"崩潰測試{n}有限公司", "submit_listing": "1"}
    answer = client.post(f"/members/listings/{public_id}/edit", fields)
    # The acknowledgement: a redirect to the preview, sent only after the commit.
    if answer.status == 302 and answer.location.rstrip("/").endswith(f"/members/listings/{public_id}"):
        return public_id, br
    errors.append(answer.status)
    return None


@pytest.mark.slow
def test_kill9_during_submissions_loses_no_acknowledged_submission(tmp_path):
    env = prepare_instance(tmp_path, users=tuple((member, "member") for member in MEMBERS))
    server = Server(env, tmp_path / "server.log")
    acknowledged, failures, answers, lock = [], [], [], threading.Lock()
    try:
        clients = [HttpClient(server.base, timeout=15) for _ in range(WORKERS)]
        for client, member in zip(clients, MEMBERS):
            client.login(member)

        def work(w: int):
            for n in range(w, SUBMISSIONS, WORKERS):
                try:
                    ack = submit_one(clients[w], n, answers)
                except NETWORK_ERRORS as exc:  # the server died under this request
                    with lock:
                        failures.append(repr(exc))
                    return
                if ack:
                    with lock:
                        acknowledged.append(ack)

        with ThreadPoolExecutor(WORKERS) as pool:
            futures = [pool.submit(work, w) for w in range(WORKERS)]
            deadline = time.monotonic() + 40
            while len(acknowledged) < KILL_AFTER and time.monotonic() < deadline:
                time.sleep(0.005)
            server.kill9()
            for future in futures:
                future.result(timeout=30)
    finally:
        server.stop()

    assert KILL_AFTER <= len(acknowledged) < SUBMISSIONS, (len(acknowledged), server.log())
    assert failures, "the kill landed while submissions were still going"
    assert not answers, f"the server answered {answers} instead of acknowledging:\n{server.log()}"
    print(f"{len(acknowledged)} acknowledged before the kill; {len(failures)} requests cut off")

    db_path = tmp_path / "directory.sqlite3"
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{db_path}", "SECRET_KEY": "k",
                      "INSTANCE_PATH": str(tmp_path / "instance"), "INDEX_DIR": str(tmp_path / "search-index")})
    with app.app_context():
        stored = {listing.public_id: listing for listing in db.session.scalars(db.select(Listing))}
        for public_id, br in acknowledged:
            listing = stored.get(public_id)
            assert listing is not None, f"acknowledged submission {public_id} is lost"
            assert listing.status == "submitted" and listing.current.data["br_number"] == br
        db.session.remove()
        db.engine.dispose()

    fixed = flask(env, "search", "check", "--fix")
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    check = flask(env, "search", "check")
    assert check.returncode == 0, check.stdout + check.stderr

    # The site comes back on the same files and the member sees every acknowledged listing.
    server = Server(env, tmp_path / "server2.log")
    try:
        pages = {}
        for member in MEMBERS:
            client = HttpClient(server.base)
            client.login(member)
            pages[member] = client.get("/members/").text
        for public_id, _br in acknowledged:
            assert any(f"/members/listings/{public_id}" in page for page in pages.values())
    finally:
        server.stop()
