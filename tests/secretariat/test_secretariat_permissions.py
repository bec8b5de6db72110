"""S09: every secretariat route, walked from the URL map, as anonymous → login, as member → 403.

POSTs carry a valid CSRF token, so the answer comes from the role check and not from CSRF."""
import re

import pytest
from conftest import PASSWORD, fetch_csrf, post_form
from desk_helpers import approve, desk, submit_listing  # noqa: F401

from directory.core.extensions import db
from directory.models import AuditEvent, Listing


def secretariat_requests(app, public_id="x"):
    """(method, url) of every route of the secretariat blueprint, arguments filled in."""
    found = []
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("secretariat."):
            continue
        url = re.sub(r"<(?:[^:>]+:)?[^>]+>", public_id, rule.rule)
        for method in sorted(rule.methods & {"GET", "POST", "PUT", "PATCH", "DELETE"}):
            found.append((method, url))
    return found


def call(client, method, url, token):
    if method == "GET":
        return client.get(url)
    return client.open(url, method=method, data={"csrf_token": token, "reason": "x", "suspend-reason": "x",
                                                   "reject-reason": "x", "seen": "x", "format": "hktdc-csv"})


@pytest.fixture
def target(app, make_user):
    """A real submitted listing, so a wrongly-open route would find something to act on."""
    make_user(email="owner@example.com")
    owner = app.test_client()
    post_form(owner, "/account/login", {"email": "owner@example.com", "password": PASSWORD})
    return submit_listing(owner)


def assert_untouched(app, pid):
    with app.app_context():
        listing = db.session.scalar(db.select(Listing).filter_by(public_id=pid))
        assert listing.published_revision_id is None and listing.suspended_at is None
        assert listing.working.state == "submitted"
        decided = db.session.scalars(db.select(AuditEvent.action).where(AuditEvent.action.in_(
            ("listing.approve", "listing.reject", "listing.suspend", "listing.reinstate")))).all()
        assert decided == []


def test_walk_every_secretariat_route_as_anonymous(app, client, target):
    token = fetch_csrf(client)
    routes = secretariat_requests(app, target)
    assert {"/secretariat/", "/secretariat/audit", "/secretariat/dashboard", "/secretariat/listings",
            "/secretariat/enquiries"} <= {url for _m, url in routes}
    assert any(method == "POST" for method, _url in routes)
    for method, url in routes:
        response = call(client, method, url, token)
        assert response.status_code == 302 and "/account/login?next=" in response.location, (method, url)
    assert_untouched(app, target)


def test_walk_every_secretariat_route_as_member(app, client, member, target):
    token = fetch_csrf(client, "/members/")
    for method, url in secretariat_requests(app, target):
        assert call(client, method, url, token).status_code == 403, (method, url)
    assert_untouched(app, target)


def test_secretariat_opens_every_page_without_arguments(app, desk, target):
    pages = [rule.rule for rule in app.url_map.iter_rules()
             if rule.endpoint.startswith("secretariat.") and "GET" in rule.methods and not rule.arguments]
    assert len(pages) >= 5
    for url in pages:
        assert desk.get(url).status_code == 200, url
    assert desk.get(f"/secretariat/review/{target}").status_code == 200
    assert desk.get(f"/secretariat/listings/{target}").status_code == 200


def test_reconfirm_is_a_member_page(app, client, desk):
    assert client.get("/members/reconfirm/abc").status_code == 302
    assert desk.get("/members/reconfirm/abc").status_code == 403
