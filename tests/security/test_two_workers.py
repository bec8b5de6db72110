"""S28: two server processes on one SQLite database and one index folder approve and save
listings at the same time. No request fails with a 5xx and no index update is lost:
`flask search check` (without --fix) finds the index equal to the database afterwards."""
import html
import http.client
import re
import threading

import pytest
from listing_helpers import COMPLETE
from live_server import HttpClient, Server, app_config, flask, prepare_instance

from directory import create_app
from directory.core.extensions import db
from directory.models import User
from directory.listings import operations as listings

MEMBER, SECRETARIAT = "busy-member@example.com", "busy-desk@example.com"
TO_APPROVE = 40          # submitted listings, approved half on each worker
NEW_PER_WORKER = 12      # member submissions on each worker while the approvals run


def seed_submitted(tmp_path, count: int) -> list[str]:
    app = create_app(app_config(tmp_path))
    with app.app_context():
        owner = db.session.scalar(db.select(User).filter_by(email=MEMBER))
        ids = []
        for n in range(count):
            listing = listings.create(owner)
            listings.save_draft(listing, {
                "company_name_en": f"Concurrent {n} Limited", "company_name_zh": f"並發{n}有限公司",
                "br_number": f"{60000000 + n}", "email": "desk@concurrent.example.hk",
                "summary_en": "Smart building sensors", "capabilities": ["iot", "smart-building"],
                "regions_served": ["asean", "AE"], "staff_size": "11-50"}, owner)
            listings.submit(listing, owner)
            ids.append(listing.public_id)
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return ids


def hidden(page: str, name: str) -> str:
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', page)
    assert tag, f"no {name} field on the review page"
    return html.unescape(re.search(r'value="([^"]*)"', tag.group(0)).group(1))


class Worker(threading.Thread):
    """One person's clicks against one server; records every answer."""

    def __init__(self, job, *args):
        super().__init__(daemon=True)
        self.job, self.args = job, args
        self.answers, self.errors = [], []

    def run(self):
        try:
            self.job(self, *self.args)
        except (OSError, http.client.HTTPException, AssertionError, AttributeError) as exc:
            self.errors.append(repr(exc))


def approve_all(worker: Worker, client: HttpClient, public_ids: list[str]):
    for public_id in public_ids:
        page = client.get(f"/secretariat/review/{public_id}")
        worker.answers.append(("review", public_id, page.status))
        if page.status != 200:
            continue
        answer = client.post(f"/secretariat/review/{public_id}/approve", {"seen": hidden(page.text, "seen")})
        worker.answers.append(("approve", public_id, answer.status, answer.location))


def submit_new(worker: Worker, client: HttpClient, first: int):
    for n in range(first, first + NEW_PER_WORKER):
        created = client.post("/members/listings/new", {})
        worker.answers.append(("new", n, created.status))
        match = re.search(r"/members/listings/([a-z0-9]+)/edit", created.location)
        if not match:
            continue
        answer = client.post(f"/members/listings/{match.group(1)}/edit",
                             {**COMPLETE, "br_number": f"{61000000 + n}", "submit_listing": "1"})
        worker.answers.append(("submit", n, answer.status))


@pytest.mark.slow
def test_two_workers_commit_at_once_without_errors_or_lost_index_updates(tmp_path):
    env = prepare_instance(tmp_path, users=((MEMBER, "member"), (SECRETARIAT, "secretariat")))
    to_approve = seed_submitted(tmp_path, TO_APPROVE)
    servers = []
    try:
        for i in range(2):
            servers.append(Server(env, tmp_path / f"worker{i}.log"))  # appended one by one: all stopped below
        workers = []
        for i, server in enumerate(servers):
            desk, member = HttpClient(server.base), HttpClient(server.base)
            desk.login(SECRETARIAT)
            member.login(MEMBER)
            workers.append(Worker(approve_all, desk, to_approve[i::2]))
            workers.append(Worker(submit_new, member, i * 100))
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=45)
        assert not any(w.is_alive() for w in workers), "a worker hung"
        logs = "\n".join(server.log() for server in servers)
    finally:
        for server in servers:
            server.stop()

    assert not [e for w in workers for e in w.errors], [e for w in workers for e in w.errors]
    answers = [a for w in workers for a in w.answers]
    server_errors = [a for a in answers if a[2] >= 500]
    assert not server_errors, f"{len(server_errors)} requests failed with 5xx, e.g. {server_errors[:5]}\n{logs[-3000:]}"
    approvals = [a for a in answers if a[0] == "approve"]
    assert len(approvals) == TO_APPROVE and all(a[2] == 302 and a[3].endswith("/secretariat/") for a in approvals), \
        approvals
    submissions = [a for a in answers if a[0] == "submit"]
    assert len(submissions) == 2 * NEW_PER_WORKER and all(a[2] == 302 for a in submissions), submissions

    check = flask(env, "search", "check")
    assert check.returncode == 0, f"index lost updates:\n{check.stdout}{check.stderr}\n{logs[-3000:]}"
    assert f"({TO_APPROVE} listings)" in check.stdout
