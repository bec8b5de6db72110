"""S39: with the rate-limit store configured as Redis but down (nothing listens on port 1), login,
sign-up and enquiries still answer, limits keep counting in memory, and the log says so."""
import logging

import pytest
from conftest import PASSWORD, csrf_from, post_form
from test_api import seed_directory

from directory import create_app
from directory.core.extensions import db

DEAD_REDIS = "redis://127.0.0.1:1"


@pytest.fixture
def dead_redis_app(app_config):
    app = create_app({**app_config, "RATELIMIT_STORAGE_URI": DEAD_REDIS})
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def fell_back(caplog) -> bool:
    return any("Rate limit storage unreachable" in r.getMessage() and r.levelno == logging.WARNING
               for r in caplog.records)


def test_login_and_sign_up_answer_and_the_log_says_why(dead_redis_app, caplog):
    caplog.set_level(logging.WARNING)
    client = dead_redis_app.test_client()
    signup = post_form(client, "/account/signup", {"email": "new@member.example", "password": PASSWORD,
                                                   "password_again": PASSWORD})
    assert signup.status_code == 302
    login = post_form(client, "/account/login", {"email": "new@member.example", "password": "wrong password!"})
    assert login.status_code == 200 and "email address or password is not right" in login.get_data(as_text=True)
    assert fell_back(caplog)


def test_limits_keep_counting_in_memory(dead_redis_app, caplog):
    client = dead_redis_app.test_client()
    codes = [post_form(client, "/account/login", {"email": "x@member.example", "password": "wrong password!"})
             .status_code for _ in range(11)]
    assert codes[:10] == [200] * 10 and codes[10] == 429, codes


def test_an_enquiry_is_relayed(dead_redis_app, caplog):
    caplog.set_level(logging.WARNING)
    seeded = seed_directory(dead_redis_app, count=1)
    provider = next(iter(seeded["public"]))
    client = dead_redis_app.test_client()
    page = client.get("/enquiry", query_string={"provider": provider}).get_data(as_text=True)
    response = client.post("/enquiry", data={
        "name": "Aisha Rahman", "organisation": "Jakarta Smart City Office", "country": "ID",
        "email": "aisha@jakarta-city.example.id", "subject": "Smart lamp posts", "message": "Can you quote?",
        "provider": provider, "csrf_token": csrf_from(page)})
    assert response.status_code == 302 and response.location.endswith("/enquiry/sent")
    assert fell_back(caplog)
