"""Freshness (issue 4 item 6): stale flags, `flask listings remind-stale`, re-confirmation."""
import re
from datetime import timedelta

from conftest import PASSWORD, body_of, csrf_from, post_form, read_outbox
from desk_helpers import approve, desk, listing_row, submit_listing  # noqa: F401

from directory.core.extensions import db
from directory.models import AuditEvent, Listing, utcnow


def age(app, pid, days: int) -> None:
    """Pretend the listing was last verified `days` ago."""
    with app.app_context():
        listing = db.session.scalar(db.select(Listing).filter_by(public_id=pid))
        listing.last_verified_at = utcnow() - timedelta(days=days)
        db.session.commit()


def reminders(app) -> list:
    return [m for m in read_outbox(app) if m["Subject"].startswith("Is your listing still correct?")]


def test_stale_listings_are_flagged_reminded_once_and_reconfirmed(app, client, member, desk, runner):
    fresh = submit_listing(client, {"company_name_en": "Fresh Data Ltd", "br_number": "11112222"})
    stale = submit_listing(client)
    approve(desk, fresh)
    approve(desk, stale)
    age(app, fresh, 300)
    age(app, stale, 400)

    queue = desk.get("/secretariat/").get_data(as_text=True)
    stale_section = queue[queue.index('id="stale-heading"'):]
    assert "Harbour Sensors Limited" in stale_section and "Fresh Data Ltd" not in stale_section

    result = runner.invoke(args=["listings", "remind-stale"])
    assert result.exit_code == 0, result.output
    assert "Sent 1 reminder " in result.output
    [message] = reminders(app)
    assert message["To"] == "member@example.com" and "Harbour Sensors Limited" in message["Subject"]
    link = re.search(r"https?://\S+/members/reconfirm/\S+", body_of(message)).group(0)

    again = runner.invoke(args=["listings", "remind-stale"])
    assert "Sent 0 reminders" in again.output and len(reminders(app)) == 1  # at most one per 30 days

    path = link.split("directory.test", 1)[1]
    page = client.get(path)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Yes, it is still correct" in html and "IoT sensing for smart buildings" in html
    assert client.post(path, data={"csrf_token": csrf_from(html)}).status_code == 302
    with app.app_context():
        listing = db.session.scalar(db.select(Listing).filter_by(public_id=stale))
        assert utcnow() - listing.last_verified_at < timedelta(minutes=1)
        event = db.session.scalar(db.select(AuditEvent).filter_by(action="listing.reconfirm"))
        assert event.listing_id == listing.id and event.actor.email == "member@example.com"
    queue = desk.get("/secretariat/").get_data(as_text=True)
    assert "Harbour Sensors Limited" not in queue[queue.index('id="stale-heading"'):]


def test_a_reminder_goes_again_after_30_days(app, client, member, desk, runner):
    pid = submit_listing(client)
    approve(desk, pid)
    age(app, pid, 500)
    assert "Sent 1 reminder " in runner.invoke(args=["listings", "remind-stale"]).output
    with app.app_context():
        event = db.session.scalar(db.select(AuditEvent).filter_by(action="listing.remind"))
        event.at = utcnow() - timedelta(days=31)
        db.session.commit()
    assert "Sent 1 reminder " in runner.invoke(args=["listings", "remind-stale"]).output
    assert len(reminders(app)) == 2


def test_suspended_and_unpublished_listings_are_not_reminded(app, client, member, desk, runner):
    pid = submit_listing(client)
    approve(desk, pid)
    submit_listing(client, {"company_name_en": "Draft Only Ltd", "br_number": "11112222"})
    age(app, pid, 400)
    page = f"/secretariat/listings/{pid}"
    token = csrf_from(desk.get(page).get_data(as_text=True))
    desk.post(f"{page}/suspend", data={"csrf_token": token, "suspend-reason": "Checking"})
    assert "Sent 0 reminders" in runner.invoke(args=["listings", "remind-stale"]).output


def test_a_reconfirm_link_works_only_for_the_owner(app, client, member, desk, runner, make_user):
    pid = submit_listing(client)
    approve(desk, pid)
    age(app, pid, 400)
    runner.invoke(args=["listings", "remind-stale"])
    link = re.search(r"/members/reconfirm/[^\s?]+", body_of(reminders(app)[0])).group(0)

    make_user(email="other@example.com")
    other = app.test_client()
    post_form(other, "/account/login", {"email": "other@example.com", "password": PASSWORD})
    assert other.get(link).status_code == 404
    token = csrf_from(other.get("/members/").get_data(as_text=True))
    assert other.post(link, data={"csrf_token": token}).status_code == 404
    assert client.get(link[:-3] + "xyz").status_code == 404  # a tampered link
    anonymous = app.test_client().get(link)
    assert anonymous.status_code == 302 and "/account/login?next=" in anonymous.location
    with app.app_context():
        listing = db.session.scalar(db.select(Listing).filter_by(public_id=pid))
        assert utcnow() - listing.last_verified_at > timedelta(days=399)
