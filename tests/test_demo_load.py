"""`flask demo load`: bulk-loaded listings that behave like approved ones, and — in development
only — a newcomer's demo logins with work waiting at the secretariat's desk."""
import json
from pathlib import Path

from conftest import post_form

from directory import create_app
from directory.core.extensions import db
from directory.models import Enquiry, Listing, ListingRevision, User


def load(runner, *args):
    result = runner.invoke(args=["demo", "load", *args])
    assert result.exit_code == 0, (result.output, result.exception)
    return result.output


def test_bulk_loaded_listings_are_public_searchable_and_checked(app, client, runner):
    output = load(runner, "--count", "30")
    assert "Loaded 30 demo listings" in output
    with app.app_context():
        slugs = db.session.scalars(db.select(Listing.slug).where(Listing.live_clause())).all()
    assert len(slugs) == 31 and len(set(slugs)) == 31  # and the demo member's own listing
    page = client.get(f"/providers/{slugs[5]}")
    assert page.status_code == 200
    assert client.get("/api/v1/providers?per_page=100").get_json()["total"] == 31
    check = runner.invoke(args=["search", "check"])
    assert check.exit_code == 0, check.output


def test_loading_the_same_seed_again_adds_nothing(app, runner):
    load(runner, "--count", "12")
    again = load(runner, "--count", "12")
    assert "Loaded 0 demo listings (12 already present)" in again
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Listing)) == 12 + 4


def test_development_gets_demo_logins_and_work_waiting_for_review(app, client, runner):
    output = load(runner, "--count", "5")
    logins = json.loads((Path(app.config["INSTANCE_PATH"]) / "demo-logins.json").read_text())
    assert {login["role"] for login in logins} == {"member", "secretariat"}
    for login in logins:
        assert login["email"] in output and login["password"] in output
    listed = runner.invoke(args=["demo", "logins"]).output
    assert all(login["password"] in listed for login in logins)

    with app.app_context():
        pending = db.session.scalars(db.select(Listing).join(
            ListingRevision, ListingRevision.id == Listing.working_revision_id)
            .where(ListingRevision.state == "submitted")).all()
        edits = [listing for listing in pending if listing.published_revision_id is not None]
        assert len(pending) == 4 and len(edits) == 1
        edit_id = edits[0].public_id
        enquiry = db.session.scalar(db.select(Enquiry))
        assert enquiry is not None and enquiry.listing_ids == [edit_id]

    desk = next(login for login in logins if login["role"] == "secretariat")
    response = post_form(client, "/account/login", {"email": desk["email"], "password": desk["password"]})
    assert response.status_code == 302
    review = client.get(f"/secretariat/review/{edit_id}").get_data(as_text=True)
    assert "AI-based forecasting" in review  # the edit's diff


def test_production_never_gets_demo_logins(app_config):
    app = create_app({**app_config, "DIRECTORY_ENV": "production", "BASE_URL": "https://directory.test"})
    try:
        runner = app.test_cli_runner()
        output = load(runner, "--count", "5")
        assert "Demo logins" not in output and "password" not in output
        assert runner.invoke(args=["demo", "logins"]).output == ""
        with app.app_context():
            assert db.session.scalar(db.select(User).where(User.email.like("%@demo.example.hk"))) is None
        assert not (Path(app.config["INSTANCE_PATH"]) / "demo-logins.json").exists()
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def test_recently_listed_shows_listings_that_joined_at_different_times(app, client, runner):
    """Demo listings are spread over the last months, so the home page's "recently listed" and
    the newest-first sort show a mix, not the first six of one batch; the same seed, the same dates."""
    load(runner, "--count", "40")
    with app.app_context():
        rows = db.session.execute(db.select(Listing.public_id, Listing.published_at).where(Listing.live_clause())
                                  .order_by(Listing.published_at.desc())).all()
    assert len({at for _, at in rows}) > 30
    newest = client.get("/api/v1/providers?sort=newest&per_page=6").get_json()["results"]
    assert [r["id"] for r in newest] == [pid for pid, _ in rows[:6]]
    from directory.demo_data.loader import joined_ago
    assert joined_ago("12345678") == joined_ago("12345678") != joined_ago("12345679")
