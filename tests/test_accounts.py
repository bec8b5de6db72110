"""Sign-up, confirmation from the outbox, login, logout, reset (issue 2; S01–S07, S24)."""
import logging
import re

from conftest import PASSWORD, body_of, fetch_csrf, post_form, read_outbox

from directory.core.extensions import db
from directory.models import User


def link_in(message, path_part):
    match = re.search(r"https?://\S*" + re.escape(path_part) + r"\S*", body_of(message))
    assert match, body_of(message)
    return match.group(0).split("directory.test", 1)[1]


def sign_up(client, email="new@example.com", password=PASSWORD):
    return post_form(client, "/account/signup", {"email": email, "password": password, "password_again": password})


def test_sign_up_confirm_login_logout(client, app):
    response = sign_up(client)
    assert response.status_code == 302 and response.location.endswith("/account/check-email")
    [message] = read_outbox(app)
    assert message["To"] == "new@example.com"
    # Before confirming, logging in is refused with an explanation.
    response = post_form(client, "/account/login", {"email": "new@example.com", "password": PASSWORD})
    assert "confirm your email address first" in response.get_data(as_text=True)

    link = link_in(message, "/account/confirm/")
    page = client.get(link)  # the link shows a button; opening it confirms nothing yet
    assert page.status_code == 200 and "Confirm my account" in page.get_data(as_text=True)
    response = post_form(client, "/account/login", {"email": "new@example.com", "password": PASSWORD})
    assert "confirm your email address first" in response.get_data(as_text=True)
    response = post_form(client, link, {})
    assert response.status_code == 302 and response.location.startswith("/account/login")
    response = post_form(client, "/account/login", {"email": "New@Example.com", "password": PASSWORD})
    assert response.status_code == 302 and response.location.endswith("/members/")
    assert client.get("/members/").status_code == 200

    post_form(client, "/account/logout", {}, token_url="/members/")
    response = client.get("/members/")
    assert response.status_code == 302 and "/account/login" in response.location


def test_confirmation_email_is_in_the_users_language(client, app):
    client.get("/?lang=zh-Hans")
    sign_up(client, "zh@example.com")
    [message] = read_outbox(app)
    from test_i18n import translation
    assert message["Subject"] == translation("zh_Hans_CN", "Confirm your email address")


def test_tampered_confirmation_link_is_refused(client, app):
    sign_up(client)
    link = link_in(read_outbox(app)[0], "/account/confirm/").split("?")[0]
    response = client.get(link[:-3] + "xyz", follow_redirects=True)
    assert "invalid or has expired" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(User).filter_by(email="new@example.com")).confirmed_at is None


def test_wrong_password_is_refused_with_a_message(client, make_user):
    make_user()
    response = post_form(client, "/account/login", {"email": "member@example.com", "password": "wrong password!"})
    assert response.status_code == 200
    assert "email address or password is not right" in response.get_data(as_text=True)


def test_password_reset_flow_and_link_is_single_use(client, app, make_user):
    make_user()
    post_form(client, "/account/forgot", {"email": "member@example.com"})
    [message] = read_outbox(app)
    link = link_in(message, "/account/reset/")
    new = "a brand new pass phrase"
    response = post_form(client, link, {"password": new, "password_again": new})
    assert response.status_code == 302
    assert post_form(client, "/account/login", {"email": "member@example.com", "password": new}).status_code == 302
    # The same link cannot be used twice: it carried part of the old hash.
    response = client.get(link)
    assert response.status_code == 302 and response.location.endswith("/account/forgot")


def test_s02_password_rules(client, app):
    short = post_form(client, "/account/signup", {"email": "a@example.com", "password": "short7!", "password_again": "short7!"})
    assert "at least 8 characters" in short.get_data(as_text=True)
    common = post_form(client, "/account/signup", {"email": "b@example.com", "password": "password123", "password_again": "password123"})
    assert "too common" in common.get_data(as_text=True)
    long_cjk = "我的密碼是一段很長的中文句子" * 5 + "x" * 10
    ok = post_form(client, "/account/signup", {"email": "c@example.com", "password": long_cjk, "password_again": long_cjk})
    assert ok.status_code == 302
    simple = "alllowercaseletters"  # no composition rules
    assert sign_up(client, "d@example.com", simple).status_code == 302


def test_a_too_long_password_is_told_the_upper_limit_not_the_lower_one(client, app):
    huge = "x" * 1025
    html = sign_up(client, "huge@example.com", huge).get_data(as_text=True)
    assert "Use at most 1024 characters." in html and "Use at least" not in html
    with app.app_context():
        assert db.session.scalars(db.select(User)).all() == []


def test_s03_whole_password_counts_and_hash_is_scrypt(client, app, make_user):
    long = "x" * 100
    make_user(email="long@example.com", password=long)
    with app.app_context():
        assert db.session.scalar(db.select(User).filter_by(email="long@example.com")).password_hash.startswith("scrypt:")
    # Same first 72 bytes, different tail: must be refused (bcrypt would accept it).
    response = post_form(client, "/account/login", {"email": "long@example.com", "password": "x" * 72 + "y" * 28})
    assert response.status_code == 200
    assert post_form(client, "/account/login", {"email": "long@example.com", "password": long}).status_code == 302


def test_s04_no_account_enumeration(client, app, make_user):
    make_user()
    def answer(url, data):
        r = post_form(client, url, data)
        return r.status_code, r.location, re.sub(r'value="[^"]*"', "", r.get_data(as_text=True))
    for url, field in (("/account/login", "password"), ("/account/forgot", None)):
        known = {"email": "member@example.com", **({field: "wrong password!"} if field else {})}
        unknown = {"email": "nobody@example.com", **({field: "wrong password!"} if field else {})}
        a, b = answer(url, known), answer(url, unknown)
        assert a[:2] == b[:2]
        assert a[2].replace("member@example.com", "") == b[2].replace("nobody@example.com", "")
    # Sign-up with a taken address looks the same to the visitor; the owner gets a note.
    r = sign_up(client, "member@example.com")
    assert r.status_code == 302 and r.location.endswith("/account/check-email")


def resend(client, email):
    return post_form(client, "/account/resend", {"email": email}, token_url="/account/check-email")


def test_asking_for_the_link_again_mails_every_address_what_is_true_for_it(client, app, make_user):
    """S33: known or not, each address gets one message (the same work), and only its owner
    reads which case it was; the page answers the same for all three."""
    make_user(email="waiting@example.com", confirmed=False)
    make_user(email="done@example.com", locale="zh-Hant")
    answers = [resend(client, email) for email in ("waiting@example.com", "done@example.com", "nobody@example.com")]
    assert {(r.status_code, r.location) for r in answers} == {(302, "/account/check-email")}
    by_address = {m["To"]: m for m in read_outbox(app)}
    assert sorted(by_address) == ["done@example.com", "nobody@example.com", "waiting@example.com"]
    assert "/account/confirm/" in body_of(by_address["waiting@example.com"])
    already = by_address["done@example.com"]  # in the account's own language
    assert "/account/confirm/" not in body_of(already) and "/account/login" in body_of(already)
    assert "lang=zh-Hant" in body_of(already)
    nobody = body_of(by_address["nobody@example.com"])
    assert "there is no account under it" in nobody and "/account/signup" in nobody
    assert by_address["nobody@example.com"]["Subject"] == "Confirmation link requested"


def test_s01_eleventh_try_is_429_and_other_accounts_unaffected(client, make_user):
    make_user()
    make_user(email="other@example.com")
    for _ in range(10):
        r = post_form(client, "/account/login", {"email": "member@example.com", "password": "wrong password!"})
        assert r.status_code == 200
    r = post_form(client, "/account/login", {"email": "member@example.com", "password": PASSWORD})
    assert r.status_code == 429
    r = post_form(client, "/account/login", {"email": "other@example.com", "password": PASSWORD})
    assert r.status_code == 302


def test_s05_session_changes_at_login_and_copied_cookie_dies_at_logout(client, app, make_user):
    make_user()
    fetch_csrf(client)
    before = client.get_cookie("session", domain="localhost").value
    post_form(client, "/account/login", {"email": "member@example.com", "password": PASSWORD})
    after = client.get_cookie("session", domain="localhost").value
    assert before != after
    thief = app.test_client()
    thief.set_cookie("session", after, domain="localhost")
    assert thief.get("/members/").status_code == 200
    post_form(client, "/account/logout", {}, token_url="/members/")
    assert thief.get("/members/").status_code == 302


def test_s05_password_change_ends_other_sessions(app, make_user):
    make_user()
    laptop, phone = app.test_client(), app.test_client()
    for c in (laptop, phone):
        post_form(c, "/account/login", {"email": "member@example.com", "password": PASSWORD})
    new = "another long pass phrase"
    r = post_form(laptop, "/account/password", {"current_password": PASSWORD, "password": new, "password_again": new})
    assert r.status_code == 302
    assert laptop.get("/members/").status_code == 200
    assert phone.get("/members/").status_code == 302


def test_s06_cookie_flags(client, make_user):
    make_user()
    response = post_form(client, "/account/login", {"email": "member@example.com", "password": PASSWORD})
    cookie = [h for h in response.headers.getlist("Set-Cookie") if h.startswith("session=")][0]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_s07_next_only_follows_same_site_paths(client, make_user):
    make_user()
    for evil in ("//evil.example", "https://evil.example", "/\\evil.example", "javascript:alert(1)"):
        c = client.application.test_client()
        r = post_form(c, "/account/login", {"email": "member@example.com", "password": PASSWORD, "next": evil})
        assert r.location.endswith("/members/"), evil
    r = post_form(client, "/account/login", {"email": "member@example.com", "password": PASSWORD, "next": "/members/?x=1"})
    assert r.location.endswith("/members/?x=1")


def test_s24_failed_login_logged_without_password_and_newlines(client, make_user, caplog):
    make_user()
    with caplog.at_level(logging.WARNING, logger="directory.security"):
        post_form(client, "/account/login", {"email": "member@example.com", "password": "secret-guess-123"},
                  environ_base={"REMOTE_ADDR": "203.0.113.9"})
        post_form(client, "/account/login", {"email": "x@example.com\r\nFAKE LOG LINE", "password": "p4ssword-guess"})
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "member@example.com" in text and "203.0.113.9" in text
    assert "secret-guess-123" not in text and "p4ssword-guess" not in text
    assert "\nFAKE LOG LINE" not in text


def test_login_limit_is_shared_through_redis_across_workers(app_config, make_user):
    """Two app instances (two workers) share one Redis store: failures add up across them."""
    import secrets
    import socket

    import pytest

    from directory import create_app
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    config = {**app_config, "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379",
              "RATELIMIT_KEY_PREFIX": f"test-{secrets.token_hex(4)}"}
    make_user()
    apps = [create_app(dict(config)) for _ in range(2)]
    workers = [a.test_client() for a in apps]
    try:
        for attempt in range(10):
            r = post_form(workers[attempt % 2], "/account/login",
                          {"email": "member@example.com", "password": "wrong password!"})
            assert r.status_code == 200
        r = post_form(workers[0], "/account/login", {"email": "member@example.com", "password": PASSWORD})
        assert r.status_code == 429
    finally:
        from directory.core.extensions import db
        for a in apps:  # close their connection pools, as the app fixture does
            with a.app_context():
                db.engine.dispose()
    import redis
    stored = redis.Redis(host="127.0.0.1", port=6379).keys(f"*{config['RATELIMIT_KEY_PREFIX']}*")
    assert stored, "the counts live in Redis, where every worker process sees them"
