"""The transactional outbox keeps the index in step with the database (issue 3)."""
from flask import g

from directory.search import service as search
from directory.demo_data import generate
from directory.core.extensions import db
from directory.models import SearchChange
from directory.accounts import operations as accounts
from directory.listings import operations as listings
from directory.listings import review
from directory.core.web import commit


def submitted_listing(data):
    owner = accounts.find_by_email("owner@example.com") or accounts.create_user(
        "owner@example.com", "long enough password", confirmed=True)
    listing = listings.create(owner)
    listings.save_draft(listing, data, owner)
    listings.submit(listing, owner)
    return listing


def indexed_ids():
    return set(search.get_index().versions())


def test_approval_is_searchable_right_after_commit(app):
    data = generate(1, seed=3)[0]
    with app.app_context():
        listing = submitted_listing(data)
        review.approve(listing, None)
        db.session.flush()
        # Flushed but not committed: nobody else can see the outbox row, the index is untouched.
        assert listing.public_id not in indexed_ids()
        commit()
        assert listing.public_id in indexed_ids()
        found = search.get_index().search(data["company_name_en"] or data["company_name_zh"])
        assert listing.public_id in found.ids


def test_rollback_leaves_neither_outbox_row_nor_index_entry(app):
    with app.app_context():
        listing = submitted_listing(generate(1, seed=4)[0])
        commit()
        pid = listing.public_id
        review.approve(listing, None)
        db.session.rollback()
        g.pop("after_commit", None)
        assert db.session.query(SearchChange).count() == 0
        search.catch_up()
        assert pid not in indexed_ids()


def test_suspension_removes_the_listing_from_the_index(app):
    with app.app_context():
        listing = submitted_listing(generate(1, seed=5)[0])
        review.approve(listing, None)
        commit()
        assert listing.public_id in indexed_ids()
        review.suspend(listing, None, "Complaint under review")
        commit()
        assert listing.public_id not in indexed_ids()


def test_crash_between_commit_and_apply_is_replayed_by_the_next_request(app, client):
    with app.app_context():
        listing = submitted_listing(generate(1, seed=6)[0])
        review.approve(listing, None)
        db.session.commit()  # the process "dies" here: committed, never applied
        g.pop("after_commit", None)
        pid = listing.public_id
        assert pid not in indexed_ids()
    client.get("/search")  # any process's next request catches up
    with app.app_context():
        assert pid in indexed_ids()


def test_replaying_the_whole_outbox_changes_nothing(app):
    with app.app_context():
        for data in generate(3, seed=8):
            review.approve(submitted_listing(data), None)
        commit()
        before = search.get_index().versions()
        assert search.catch_up() == 0  # nothing past the last applied id
        assert search.get_index().versions() == before


def test_search_check_reports_drift_and_fix_repairs_it(app, runner):
    with app.app_context():
        listing = submitted_listing(generate(1, seed=9)[0])
        review.approve(listing, None)
        db.session.commit()
        g.pop("after_commit", None)  # the index never heard of it
    result = runner.invoke(args=["search", "check"])
    assert result.exit_code == 1 and "missing from the index" in result.output
    result = runner.invoke(args=["search", "check", "--fix"])
    assert result.exit_code == 0, result.output
    assert runner.invoke(args=["search", "check"]).exit_code == 0
