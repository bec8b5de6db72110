"""Shared set-up for the secretariat's tests: a logged-in secretariat client and a member's
listing taken through the real member pages (form posts, CSRF and all)."""
import re

import pytest
from conftest import PASSWORD, csrf_from, post_form
from listing_helpers import COMPLETE, create_listing, post_listing

from directory.core.extensions import db
from directory.models import Listing

SEC_EMAIL = "sec@example.com"


@pytest.fixture
def desk(app, make_user):
    """A second browser, logged in as the secretariat."""
    make_user(email=SEC_EMAIL, role="secretariat")
    browser = app.test_client()
    response = post_form(browser, "/account/login", {"email": SEC_EMAIL, "password": PASSWORD})
    assert response.status_code == 302
    return browser


def submit_listing(client, fields=None, references=()) -> str:
    """The logged-in member creates and submits a complete listing; returns its public id."""
    pid = create_listing(client)
    response = post_listing(client, pid, {**COMPLETE, **(fields or {})}, action="submit", references=references)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    return pid


def edit_and_submit(client, pid, fields, references=()) -> None:
    response = post_listing(client, pid, {**COMPLETE, **fields}, action="submit", references=references)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]


def approve(desk, pid):
    page = desk.get(f"/secretariat/review/{pid}")
    assert page.status_code == 200, page.status_code
    html = page.get_data(as_text=True)
    seen = re.search(r'name="seen" type="hidden" value="([^"]*)"', html)
    assert seen, "the review page carries the revision the reviewer saw"
    return desk.post(f"/secretariat/review/{pid}/approve", data={"csrf_token": csrf_from(html), "seen": seen.group(1)})


def decide(desk, url, form_url, **data):
    """POST a decision form as the browser would, with the hidden fields of the page it is on
    (a rejection carries the version the reviewer saw, like an approval)."""
    html = desk.get(form_url).get_data(as_text=True)
    hidden = dict(re.findall(r'name="(reject-seen)" type="hidden" value="([^"]*)"', html))
    return desk.post(url, data={"csrf_token": csrf_from(html), **hidden, **data})


def listing_row(app, pid) -> Listing:
    with app.app_context():
        listing = db.session.scalar(db.select(Listing).filter_by(public_id=pid))
        db.session.expunge(listing)
        return listing


def slug_of(app, pid) -> str:
    return listing_row(app, pid).slug
