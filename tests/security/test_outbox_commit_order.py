"""S28 on PostgreSQL: an outbox row whose transaction commits after a later row was applied must
still reach the index. (SQLite has one writer at a time, so ids there commit in order.)"""
import threading

import pytest

from directory.search import service as search
from directory.core.extensions import db
from directory.models import Listing
from directory.accounts import operations as accounts
from directory.listings import operations as listings
from directory.listings import review


def submitted_listing(owner, n: int) -> str:
    listing = listings.create(owner)
    listings.save_draft(listing, {"company_name_en": f"Order {n} Limited", "br_number": f"{70000000 + n}",
                                  "email": "a@order.example", "summary_en": "Smart poles",
                                  "capabilities": ["iot"], "regions_served": ["asean"]}, owner)
    listings.submit(listing, owner)
    return listing.public_id


def approve(public_id: str) -> None:
    review.approve(db.session.scalar(db.select(Listing).filter_by(public_id=public_id)), None)


def approve_commit_apply(app, public_id: str, errors: list) -> None:
    try:
        with app.app_context():
            approve(public_id)
            db.session.commit()
            search.catch_up()
            db.session.remove()
    except Exception as exc:  # reported by the test
        errors.append(repr(exc))


def test_an_outbox_row_committed_late_still_reaches_the_index(app):
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        pytest.skip("PostgreSQL leg only: SQLite serialises writers, so ids commit in order")
    with app.app_context():
        owner = accounts.create_user("order@example.com", "correct horse battery staple", confirmed=True)
        first, second = submitted_listing(owner, 1), submitted_listing(owner, 2)
        db.session.commit()
        search.catch_up()

    # Worker A approves `first`: its outbox row gets the lower id at flush, its commit comes later.
    with app.app_context():
        approve(first)
        db.session.flush()
        # Meanwhile worker B approves `second`, commits and applies its (higher) outbox id. A fix that
        # serialises outbox writers makes B wait for A's commit instead, hence the thread.
        worker_b = threading.Thread(target=approve_commit_apply, args=(app, second, errors := []), daemon=True)
        worker_b.start()
        worker_b.join(timeout=3)
        db.session.commit()
        search.catch_up()
    worker_b.join(timeout=30)
    assert not worker_b.is_alive() and not errors, errors

    with app.app_context():
        expected, indexed = search.expected_versions(), search.get_index().versions()
        assert set(expected) == {first, second}
        assert indexed == expected, f"missing from the index: {sorted(set(expected) - set(indexed))}"
