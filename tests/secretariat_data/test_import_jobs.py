"""Large imports run as background jobs (issue 8, "reads never wait on writes"): the upload
queues a job, the page follows it, the worker runs it all-or-nothing, exactly once."""
import io
import threading
from datetime import timedelta

import pytest
from conftest import fetch_csrf
from data_desk_helpers import csv_file, good_cells, listing_data

from directory.core import web
from directory.core.extensions import db
from directory.models import AuditEvent, Job, Listing, User, utcnow
from directory.accounts import operations as accounts
from directory.data_exchange import import_jobs
from directory.core import jobs

PAGE = "/secretariat/imports"


@pytest.fixture
def secretariat(app, make_user, login):
    app.config["IMPORT_INLINE_ROWS"] = 1  # every file of two rows or more becomes a job
    uid = make_user(email="sec@example.com", role="secretariat")
    login("sec@example.com")
    return uid


def upload(client, content: bytes, name="big.csv", **flags):
    data = {"csrf_token": fetch_csrf(client, PAGE), "file": (io.BytesIO(content), name)}
    data.update({flag: "y" for flag, on in flags.items() if on})
    return client.post(PAGE, data=data, content_type="multipart/form-data")


def count(app, model, **where) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(model).filter_by(**where))


def worker_pass(runner):
    result = runner.invoke(args=["worker", "run", "--once"])
    assert result.exit_code == 0, result.output


def test_a_large_upload_is_queued_then_the_worker_imports_it_and_the_page_shows_the_report(app, client, runner,
                                                                                         secretariat):
    response = upload(client, csv_file(good_cells(1), good_cells(2), good_cells(3)))
    assert response.status_code == 303
    job_page = response.location
    page = client.get(job_page).get_data(as_text=True)
    assert "Waiting for the background worker" in page and 'http-equiv="refresh"' in page
    assert count(app, Listing) == 0  # nothing yet: the request only queued the file

    worker_pass(runner)
    page = client.get(job_page).get_data(as_text=True)
    assert "3 listing(s) added, 0 updated, 0 unchanged." in page
    assert "The changed listings wait in the review queue." in page
    assert 'http-equiv="refresh"' not in page  # finished: the page stops reloading
    assert listing_data(1)["company_name_en"] in page
    assert count(app, Listing) == 3
    with app.app_context():
        event = db.session.scalars(db.select(AuditEvent).filter_by(action="listing.import")).one()
        assert event.actor_id == secretariat and event.details["file"] == "big.csv"
        job = db.session.scalars(db.select(Job)).one()
        assert job.state == "done" and job.payload is None  # the uploaded file is not kept
    assert "big.csv" in client.get(PAGE).get_data(as_text=True)  # listed among recent imports
    worker_pass(runner)
    assert count(app, Listing) == 3  # a finished job never runs again


def test_a_failing_job_reports_line_and_column_and_writes_nothing(app, client, runner, secretariat):
    rows = [good_cells(1), good_cells(2, br_number="12AB", email=""), good_cells(3, capabilities="<script>x")]
    job_page = upload(client, csv_file(*rows)).location
    worker_pass(runner)
    page = client.get(job_page).get_data(as_text=True)
    assert "Nothing was imported: the file has 3 problem(s)." in page
    assert "<td>3</td><td>br_number</td><td>“12AB” is not a Business Registration number" in page
    assert "<td>3</td><td>email</td><td>A value is required.</td>" in page
    assert "<td>4</td><td>capabilities</td><td>“&lt;script&gt;x” is not a known capability code.</td>" in page
    assert count(app, Listing) == 0 and count(app, AuditEvent, action="listing.import") == 0
    assert count(app, Job, state="failed") == 1


def test_a_published_dry_run_job_writes_nothing_and_says_what_would_change(app, client, runner, secretariat):
    job_page = upload(client, csv_file(good_cells(1), good_cells(2)), dry_run=True, publish=True).location
    worker_pass(runner)
    page = client.get(job_page).get_data(as_text=True)
    assert "Importing this file would add 2 listing(s), update 0 and leave 0 unchanged." in page
    assert count(app, Listing) == 0


def test_the_page_shows_progress_while_the_job_runs(app, client, secretariat):
    job_page = upload(client, csv_file(good_cells(1), good_cells(2))).location
    with app.app_context():
        job_id, _token = jobs.claim_next()
        jobs.Progress(job_id).total(5)  # what the import reports once the file is checked
    page = client.get(job_page).get_data(as_text=True)
    assert "Importing: 0 of 5 listings written" in page and 'http-equiv="refresh"' in page


@jobs.runner("test-writes-then-crashes")
def _crashing(job, progress):
    accounts.create_user("half-done@example.com", "long enough password", confirmed=True)
    db.session.flush()
    raise RuntimeError("the disk caught fire")


def test_a_job_that_crashes_is_failed_with_nothing_written(app):
    with app.app_context():
        jobs.enqueue("test-writes-then-crashes", {})
        web.commit()
        assert jobs.run_due_jobs() == 1
        job = db.session.scalars(db.select(Job)).one()
        assert job.state == "failed" and job.result == {"crashed": True, "error": "RuntimeError"}
        assert accounts.find_by_email("half-done@example.com") is None


def test_concurrent_workers_claim_each_job_exactly_once(app):
    rounds, workers, per_round = 5, 4, 6
    for _ in range(rounds):
        with app.app_context():
            for _ in range(per_round):
                jobs.enqueue("test-writes-then-crashes", {})
            web.commit()
        claimed, barrier = [], threading.Barrier(workers)

        def claim_all():
            with app.app_context():
                barrier.wait()
                while (got := jobs.claim_next()) is not None:
                    claimed.append(got[0])
                db.session.remove()

        threads = [threading.Thread(target=claim_all) for _ in range(workers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert len(claimed) == per_round and len(set(claimed)) == per_round
    assert count(app, Job, state="running") == rounds * per_round


def test_a_job_left_running_by_a_dead_worker_is_run_again_and_the_old_run_cannot_commit(app):
    with app.app_context():
        owner = accounts.create_user("sec@example.com", "long enough password", role="secretariat",
                                     confirmed=True)
        job = import_jobs.enqueue(csv_file(good_cells(1), good_cells(2)), actor=owner, dry_run=False,
                                  publish=False, filename="a.csv")
        web.commit()
        job_id, dead_token = jobs.claim_next()
        assert jobs.claim_next() is None  # running and fresh: nobody else takes it
        db.session.execute(db.update(Job).where(Job.id == job_id)
                           .values(claimed_at=utcnow() - jobs.STALE_AFTER - timedelta(minutes=1)))
        web.commit()
        again, token = jobs.claim_next()
        assert again == job_id and token != dead_token
        assert jobs.run_job(job_id, dead_token) == "lost"  # the first run's work is rolled back
        assert db.session.scalar(db.select(db.func.count()).select_from(Listing)) == 0
        assert jobs.run_job(job_id, token) == "done"
        assert db.session.scalar(db.select(db.func.count()).select_from(Listing)) == 2
        assert db.session.get(User, owner.id) is not None


def test_an_unknown_or_huge_job_id_is_404(client, secretariat):
    assert client.get(f"{PAGE}/jobs/999").status_code == 404
    assert client.get(f"{PAGE}/jobs/99999999999999999999").status_code == 404
