"""S35 (issue 8 row 6): drafts claim no BR number and a member holds only a few; a BR number is
claimed on submission, a second claimant is a disputed claim the secretariat settles; the
secretariat can delete a draft."""
import re

import pytest
from conftest import PASSWORD, csrf_from, post_form
from desk_helpers import approve, decide, desk, submit_listing  # noqa: F401 (desk: a fixture)
from listing_helpers import COMPLETE, create_listing, post_listing

from directory.core.extensions import db
from directory.models import AuditEvent, Listing, ListingRevision, User
from directory.listings import operations as listings
from directory.listings.operations import ListingError

BR = COMPLETE["br_number"]


def browser(app, make_user, email):
    make_user(email=email)
    client = app.test_client()
    assert post_form(client, "/account/login", {"email": email, "password": PASSWORD}).status_code == 302
    return client


def rows(app, email):
    with app.app_context():
        owner = db.session.scalar(db.select(User).filter_by(email=email))
        return [(l.public_id, l.br_number, l.status) for l in listings.listings_of(owner)]


def test_two_hundred_drafts_claim_no_br_number_and_are_refused_after_the_limit(app, make_user):
    squatter = browser(app, make_user, "squatter@example.com")
    token = csrf_from(squatter.get("/members/").get_data(as_text=True))
    for n in range(200):
        created = squatter.post("/members/listings/new", data={"csrf_token": token})
        assert created.status_code == 302
        pid = re.search(r"/members/listings/([a-z0-9]+)/edit", created.location).group(1)
        saved = squatter.post(f"/members/listings/{pid}/edit", data={
            "csrf_token": token, "company_name_en": f"Squat {n} Limited", "br_number": f"{40000000 + n}", "save": "1"})
        assert saved.status_code in (200, 302)
    held = rows(app, "squatter@example.com")
    assert 1 <= len(held) <= app.config["MAX_UNSUBMITTED_LISTINGS"], len(held)
    assert all(br is None for _pid, br, _status in held)  # drafts claim nothing

    # The limit holds in the service too, whatever the form does: rejected ones count as unsubmitted.
    with app.app_context():
        owner = db.session.scalar(db.select(User).filter_by(email="squatter@example.com"))
        while listings.unsubmitted_count(owner) < app.config["MAX_UNSUBMITTED_LISTINGS"]:
            listings.create(owner)
        with pytest.raises(ListingError, match="too_many_drafts"):
            listings.create(owner)
        db.session.rollback()


def test_the_real_company_registers_and_submits_its_br_while_another_members_draft_names_it(app, make_user, desk):
    squatter = browser(app, make_user, "squatter@example.com")
    squat = create_listing(squatter)
    post_listing(squatter, squat, {**COMPLETE, "company_name_en": "Not Harbour Sensors"})
    real = browser(app, make_user, "real@harbour-sensors.example.hk")
    pid = submit_listing(real)
    assert rows(app, "real@harbour-sensors.example.hk") == [(pid, BR, "submitted")]
    assert "Disputed BR claim" not in desk.get("/secretariat/").get_data(as_text=True)
    assert approve(desk, pid).location.endswith("/secretariat/")
    assert rows(app, "real@harbour-sensors.example.hk") == [(pid, BR, "approved")]
    # The squatter's own submission is now the disputed one.
    assert post_listing(squatter, squat, {**COMPLETE, "company_name_en": "Not Harbour Sensors"},
                        action="submit").status_code == 302
    assert rows(app, "squatter@example.com") == [(squat, None, "submitted")]
    assert "Disputed BR claim" in desk.get("/secretariat/").get_data(as_text=True)


def test_a_second_claimant_is_a_disputed_claim_until_the_secretariat_transfers_the_number(app, make_user, desk):
    first = browser(app, make_user, "first@example.com")
    held = submit_listing(first, {"company_name_en": "First Holder Limited"})
    assert approve(desk, held).status_code == 302
    second = browser(app, make_user, "second@example.com")
    claim = submit_listing(second, {"company_name_en": "Harbour Sensors Limited"})

    queue = desk.get("/secretariat/").get_data(as_text=True)
    row = queue[queue.index("Harbour Sensors Limited"):].split("</tr>")[0]
    assert "Disputed BR claim" in row
    review = desk.get(f"/secretariat/review/{claim}").get_data(as_text=True)
    assert "Disputed BR claim" in review and "First Holder Limited" in review and "first@example.com" in review

    refused = approve(desk, claim)
    assert refused.status_code == 302 and f"/secretariat/review/{claim}" in refused.location
    page = desk.get(refused.location).get_data(as_text=True)
    assert "Another listing holds the BR number this listing claims" in page
    assert rows(app, "second@example.com") == [(claim, None, "submitted")]

    no_reason = decide(desk, f"/secretariat/review/{claim}/transfer-br", f"/secretariat/review/{claim}",
                       **{"transfer-reason": ""})
    assert no_reason.status_code == 302 and rows(app, "first@example.com")[0][1] == BR
    moved = decide(desk, f"/secretariat/review/{claim}/transfer-br", f"/secretariat/review/{claim}",
                   **{"transfer-reason": "BR certificate checked: it is the second member's company."})
    assert moved.status_code == 302
    assert rows(app, "first@example.com") == [(held, None, "approved")]  # still live, without the number
    assert approve(desk, claim).location.endswith("/secretariat/")
    assert rows(app, "second@example.com") == [(claim, BR, "approved")]
    with app.app_context():
        events = db.session.scalars(db.select(AuditEvent).filter_by(action="listing.br_transfer")).all()
        assert len(events) == 2 and {e.details["br_number"] for e in events} == {BR}


def test_the_secretariat_deletes_a_draft_and_the_rows_are_gone(app, client, member, desk):
    draft = create_listing(client)
    post_listing(client, draft, {**COMPLETE, "company_name_en": "Squatted Name Limited"})
    page = f"/secretariat/listings/{draft}"
    found = desk.get(f"/secretariat/listings?q={BR}").get_data(as_text=True)  # found by the BR it names
    assert "Squatted Name Limited" in found and draft in found
    assert "Delete this draft" in desk.get(page).get_data(as_text=True)
    assert desk.post(f"{page}/delete-draft", data={"delete-reason": "x"}).status_code == 400  # no CSRF token
    no_reason = decide(desk, f"{page}/delete-draft", page, **{"delete-reason": " "})
    assert no_reason.status_code == 200 and "Please give a reason" in no_reason.get_data(as_text=True)
    with app.app_context():
        listing_id = db.session.scalar(db.select(Listing.id).filter_by(public_id=draft))

    deleted = decide(desk, f"{page}/delete-draft", page, **{"delete-reason": "Squatting a company name"})
    assert deleted.status_code == 302
    assert desk.get(page).status_code == 404 and client.get(f"/members/listings/{draft}").status_code == 404
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Listing).filter_by(id=listing_id)) == 0
        assert db.session.scalar(db.select(db.func.count()).select_from(ListingRevision)
                                 .filter_by(listing_id=listing_id)) == 0
        event = db.session.scalar(db.select(AuditEvent).filter_by(action="listing.delete"))
        assert event.actor.email == "sec@example.com" and event.details["public_id"] == draft
        assert event.details["reason"] == "Squatting a company name" and event.details["br_number"] == BR

    published = submit_listing(client, {"br_number": "55556666"})
    approve(desk, published)
    refused = decide(desk, f"/secretariat/listings/{published}/delete-draft", f"/secretariat/listings/{published}",
                     **{"delete-reason": "no"})
    assert refused.status_code == 302
    assert desk.get(f"/secretariat/listings/{published}").status_code == 200
