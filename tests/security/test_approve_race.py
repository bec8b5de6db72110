"""S31: approving while the member saves never publishes content the reviewer did not see.

A real server in its own process (werkzeug, threaded), a member's browser and a secretariat
browser. Each trial: the member submits version "seen", the secretariat opens the review page,
then the approval and the member's next save ("unseen") are fired at the same instant (two
threads behind a barrier). Whatever order the database puts them in, afterwards:

* the published revision is in state approved, and its content is exactly what the reviewer saw
  when the approval succeeded (or the previous publication when it was refused);
* the member's edit is not lost: it is the pending working copy, a draft;
* neither request answered 5xx.

Runs on SQLite, and on PostgreSQL when DIRECTORY_TEST_DATABASE_URL is set (conftest).
"""
import html
import random
import re
import threading

import pytest
from listing_helpers import COMPLETE
from live_server import HttpClient, Server, instance_env

from directory.core.extensions import db
from directory.models import Listing, ListingRevision
from directory.accounts import operations as accounts

TRIALS = int(__import__("os").environ.get("RACE_TRIALS", "50"))
MEMBER, DESK = "racing-member@example.com", "racing-desk@example.com"
PASSWORD = "correct horse battery staple"


def seen_marker(page: str) -> str:
    tag = re.search(r'<input[^>]*name="seen"[^>]*>', page)
    assert tag, "no seen field on the review page"
    return html.unescape(re.search(r'value="([^"]*)"', tag.group(0)).group(1))


def edit(member: HttpClient, pid: str, name: str, submit: bool):
    fields = {**COMPLETE, "company_name_en": name, ("submit_listing" if submit else "save"): "1"}
    return member.post(f"/members/listings/{pid}/edit", fields)


def fire_together(*jobs):
    """Run each job in its own thread, released at the same moment; returns their results."""
    barrier = threading.Barrier(len(jobs))
    results, errors = [None] * len(jobs), []

    def run(i, job):
        try:
            barrier.wait(timeout=10)
            results[i] = job()
        except Exception as exc:  # reported below, not lost in the thread
            errors.append(repr(exc))

    threads = [threading.Thread(target=run, args=(i, job), daemon=True) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors and not any(t.is_alive() for t in threads), errors or "a request hung"
    return results


@pytest.fixture
def live(app, app_config, tmp_path):
    with app.app_context():
        accounts.create_user(MEMBER, PASSWORD, confirmed=True)
        accounts.create_user(DESK, PASSWORD, role="secretariat", confirmed=True)
        db.session.commit()
    env = {**instance_env(tmp_path), "DIRECTORY_DATABASE_URL": app_config["SQLALCHEMY_DATABASE_URI"]}
    server = Server(env, tmp_path / "server.log")
    try:
        yield server
    finally:
        server.stop()


def published_and_working(app, pid):
    with app.app_context():
        listing = db.session.scalar(db.select(Listing).filter_by(public_id=pid))
        published, working = listing.published, listing.working
        out = ((published.state, published.data["company_name_en"]) if published else None,
               (working.state, working.data["company_name_en"]) if working else None)
        db.session.remove()
        return out


def test_approval_racing_a_member_save_publishes_only_what_the_reviewer_saw(app, live):
    member, desk = HttpClient(live.base), HttpClient(live.base)
    member.login(MEMBER)
    desk.login(DESK)
    created = member.post("/members/listings/new", {})
    pid = re.search(r"/members/listings/([a-z0-9]+)/edit", created.location).group(1)

    rng = random.Random(31)
    published_name = None
    outcomes = {"approved": 0, "refused": 0}
    for trial in range(TRIALS):
        seen, unseen = f"Race {trial} Seen Limited", f"Race {trial} Unseen Limited"
        submitted = edit(member, pid, seen, submit=True)
        assert submitted.status == 302 and "/edit" not in submitted.location, (trial, submitted.status,
                                                                              submitted.text[:2000])
        page = desk.get(f"/secretariat/review/{pid}")
        assert page.status == 200 and seen in page.text, (trial, page.status)
        marker = seen_marker(page.text)
        # The member's save does more work before it writes than the approval: holding the
        # approval back by 0-15 ms (more in later trials) makes both orders occur.
        delays = [rng.random() * 0.015 * trial / TRIALS, 0.0]
        approve, save = fire_together(
            lambda: (threading.Event().wait(delays[0]),
                     desk.post(f"/secretariat/review/{pid}/approve", {"seen": marker}))[1],
            lambda: (threading.Event().wait(delays[1]), edit(member, pid, unseen, submit=False))[1])

        assert approve.status < 500 and save.status < 500, (trial, approve.status, save.status, live.log())
        assert save.status == 302, (trial, save.status, save.text[:2000])  # the member's save is never refused
        published, working = published_and_working(app, pid)
        if approve.location.endswith("/secretariat/"):
            outcomes["approved"] += 1
            published_name = seen
        else:
            # Refused: the save landed first, seen by the view ("not awaiting review") or by the
            # UPDATE that checks the version ("changed"); either way the reviewer is told.
            assert pid in approve.location and "/secretariat/" in approve.location, (trial, approve.location)
            outcomes["refused"] += 1
            shown = desk.get(approve.location)
            if shown.status == 302:  # the review page sends on to the listing page
                shown = desk.get(shown.location)
            assert ("The member changed this listing while you were reviewing" in shown.text
                    or "This listing is not awaiting review (any more)." in shown.text), trial
        assert published == (("approved", published_name) if published_name else None), (trial, published, outcomes)
        assert working == ("draft", unseen), (trial, working, outcomes)  # the edit waits as the new version

    with app.app_context():
        states = dict(db.session.execute(
            db.select(ListingRevision.state, db.func.count()).join(Listing, Listing.id == ListingRevision.listing_id)
            .where(Listing.public_id == pid).group_by(ListingRevision.state)).all())
    assert states.get("approved") == 1 and states.get("draft") == 1, states
    print(f"\n{TRIALS} trials: {outcomes}")
