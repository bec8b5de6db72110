"""S39: a login ends after 12 hours without a request and 30 days after it began, whatever the
cookie says. Time is moved by rewriting the stored timestamps, not by waiting."""
from datetime import timedelta

import pytest
from conftest import PASSWORD, post_form

from directory.core.extensions import db
from directory.models import UserSession, utcnow


def age_sessions(app, *, idle: timedelta, age: timedelta) -> None:
    now = utcnow()
    with app.app_context():
        db.session.execute(db.update(UserSession).values(last_seen_at=now - idle, created_at=now - age))
        db.session.commit()


def session_rows(app) -> int:
    with app.app_context():
        return db.session.query(UserSession).count()


def assert_logged_out(client):
    response = client.get("/members/")
    assert response.status_code == 302 and "/account/login" in response.location
    assert "your session expired" in client.get(response.location).get_data(as_text=True)


@pytest.mark.parametrize("idle,age", [(timedelta(hours=12, minutes=1), timedelta(hours=13)),
                                      (timedelta(minutes=1), timedelta(days=30, minutes=1))],
                         ids=["idle-12h", "absolute-30d"])
def test_an_expired_login_ends_and_its_cookie_is_useless(app, client, member, idle, age):
    assert client.get("/members/").status_code == 200
    cookie = client.get_cookie("session").value
    age_sessions(app, idle=idle, age=age)
    assert_logged_out(client)
    assert session_rows(app) == 0, "the expired row is deleted"
    # A copy of the old cookie, kept by a thief, opens nothing either.
    thief = app.test_client()
    thief.set_cookie("session", cookie)
    response = thief.get("/members/")
    assert response.status_code == 302 and "/account/login" in response.location


@pytest.mark.parametrize("idle,age", [(timedelta(hours=11, minutes=50), timedelta(hours=20)),
                                      (timedelta(minutes=10), timedelta(days=29, hours=23))],
                         ids=["idle-under-12h", "active-under-30d"])
def test_a_login_within_both_limits_stays_and_is_touched(app, client, member, idle, age):
    age_sessions(app, idle=idle, age=age)
    assert client.get("/members/").status_code == 200
    with app.app_context():
        row = db.session.scalar(db.select(UserSession))
        assert utcnow() - row.last_seen_at < timedelta(minutes=1), "activity moves last_seen forward"
        assert utcnow() - row.created_at > age - timedelta(minutes=1), "but never the start"


def test_logging_in_again_after_expiry_works(app, client, member):
    age_sessions(app, idle=timedelta(hours=13), age=timedelta(hours=13))
    assert_logged_out(client)
    response = post_form(client, "/account/login", {"email": "member@example.com", "password": PASSWORD})
    assert response.status_code == 302 and client.get("/members/").status_code == 200
