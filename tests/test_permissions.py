"""Who may do what (issue 2; S08–S10)."""
import re

import pytest
import route_walk
from flask import url_for
from conftest import PASSWORD, post_form
from listing_helpers import COMPLETE, create_listing, post_listing

from directory.core.extensions import db
from directory.models import Listing


@pytest.fixture
def two_members(app, make_user):
    make_user(email="a@example.com")
    make_user(email="b@example.com")
    a, b = app.test_client(), app.test_client()
    post_form(a, "/account/login", {"email": "a@example.com", "password": PASSWORD})
    post_form(b, "/account/login", {"email": "b@example.com", "password": PASSWORD})
    return a, b


def test_member_cannot_see_edit_submit_or_discard_another_members_listing(app, two_members):
    a, b = two_members
    pid = create_listing(a)
    post_listing(a, pid, COMPLETE)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', b.get("/members/").get_data(as_text=True)).group(1)
    assert b.get(f"/members/listings/{pid}").status_code == 404
    assert b.get(f"/members/listings/{pid}/edit").status_code == 404
    assert b.post(f"/members/listings/{pid}/edit", data={"csrf_token": token, "company_name_en": "Hijacked",
                                                         "submit_listing": "1"}).status_code == 404
    assert b.post(f"/members/listings/{pid}/discard", data={"csrf_token": token}).status_code == 404
    assert pid not in b.get("/members/").get_data(as_text=True)
    with app.app_context():
        listing = db.session.scalar(db.select(Listing).filter_by(public_id=pid))
        assert listing.current.data["company_name_en"] == COMPLETE["company_name_en"]
        assert listing.status == "draft"


def test_posted_status_and_owner_fields_are_ignored(app, two_members, make_user):
    a, b = two_members
    pid = create_listing(a)
    post_listing(a, pid, {**COMPLETE, "status": "approved", "state": "approved", "owner_id": "2",
                          "published_revision_id": "1", "public_id": "hacked"})
    with app.app_context():
        listing = db.session.scalar(db.select(Listing).filter_by(public_id=pid))
        assert listing.status == "draft" and listing.owner.email == "a@example.com"
        assert listing.published is None
        assert "status" not in listing.current.data and "owner_id" not in listing.current.data


def test_anonymous_is_sent_to_login_with_next(client):
    for url in ("/members/", "/members/listings/abc/edit", "/secretariat/", "/account/password"):
        response = client.get(url)
        assert response.status_code == 302 and "/account/login?next=" in response.location, url


def test_member_gets_403_on_secretariat_pages(client, member):
    assert client.get("/secretariat/").status_code == 403


def test_secretariat_gets_403_on_member_pages(client, make_user, login):
    make_user(email="sec@example.com", role="secretariat")
    login("sec@example.com")
    assert client.get("/members/").status_code == 403
    assert client.get("/secretariat/").status_code == 200


def _csrf_exempt(app, rule) -> bool:
    from directory.core.extensions import csrf
    view = app.view_functions[rule.endpoint]
    return f"{view.__module__}.{view.__name__}" in csrf._exempt_views


def test_s08_every_state_changing_route_refuses_a_missing_csrf_token(app, member, client):
    """Walk the URL map: every POST route without a token → 400, whoever is logged in. The only
    exemption allowed is a route whose signed URL token is the authorisation (RFC 8058 one-click
    unsubscribe: the mail client posts with no page and no cookie); a forged token gets 404."""
    checked = 0
    for rule in app.url_map.iter_rules():
        if not (rule.methods & {"POST", "PUT", "PATCH", "DELETE"}):
            continue
        with app.test_request_context():
            url = url_for(rule.endpoint, **{name: route_walk.placeholder(rule, name) for name in rule.arguments})
        response = client.post(url, data={"email": "a@example.com"})
        if _csrf_exempt(app, rule):
            assert "token" in rule.arguments and response.status_code == 404, (url, response.status_code)
            continue
        assert response.status_code == 400, (url, response.status_code)
        checked += 1
    assert checked >= 8


def test_s08_get_routes_change_nothing(app):
    """Every GET route, with real arguments (a live listing, valid confirmation, reset and
    re-confirmation tokens), opened by a visitor, the owner and the secretariat: no row changes."""
    values = route_walk.build_world(app)
    urls = route_walk.get_urls(app, values)
    assert {"auth.confirm", "auth.reset", "members.reconfirm", "public.profile"} <= {e for _, e, _ in urls}
    for who in (None, route_walk.MEMBER, route_walk.SECRETARIAT):
        client = app.test_client() if who is None else route_walk.logged_in(app, who)
        before = route_walk.snapshot(app)
        statuses = {url: route_walk.open_and_close(client, url) for url, _endpoint, _args in urls}
        assert route_walk.snapshot(app) == before, who
        assert all(code < 500 for code in statuses.values()), statuses
    # The confirmation link did not confirm: only its button does.
    with app.app_context():
        from directory.models import User
        assert db.session.scalar(db.select(User).filter_by(email=route_walk.UNCONFIRMED)).confirmed_at is None
