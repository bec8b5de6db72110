"""Attacks on the kept search pages (directory/public/page_cache.py), part one: a header or
cookie that changes the page but is not in the key (poisoning), one visitor's data reaching
another (token, shortlist, login, messages, a half-filled form), a page that must never be kept
(error, degraded, HEAD). Part two is test_page_cache_limits.py. Each test is an attack that
passes when the product defends itself; a hole found is marked xfail(strict=True) with the
reason, and the fix removes the mark.
"""
import re
import sys
import threading
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from published import a_word, demo, publish_demo, renders  # noqa: E402,F401 (fixtures)
from page_cache_helpers import (EVIL, dispose, html_lang, kept, listing_of, make_app, own_token,  # noqa: E402,F401
                                result_ids, search_box, secretariat, shortlist_count, text, token_is_visitors)

from conftest import PASSWORD, csrf_from, post_form  # noqa: E402,F401
from directory import create_app  # noqa: E402,F401
from directory.core import web  # noqa: E402,F401
from directory.core.extensions import db  # noqa: E402,F401
from directory.models import Listing  # noqa: E402,F401


# ---- poisoning through what is not in the key -------------------------------------------------

FORGERIES = [
    {"Host": EVIL},
    {"X-Forwarded-Host": EVIL},
    {"X-Forwarded-Proto": "https", "X-Forwarded-Port": "8443"},
    {"X-Forwarded-Prefix": "/evil-prefix"},
    {"X-Forwarded-Host": EVIL, "X-Forwarded-Proto": "https", "X-Forwarded-Prefix": "/evil-prefix",
     "X-Forwarded-For": "203.0.113.9", "Forwarded": f"host={EVIL};proto=https"},
    {"X-Original-URL": "/evil-prefix/search", "X-Rewrite-URL": "/evil-prefix/search"},
]


@pytest.mark.parametrize("proxies", [0, 1])
@pytest.mark.parametrize("forged", FORGERIES, ids=lambda f: "+".join(sorted(f)))
def test_forged_host_and_forwarded_headers_never_poison_a_kept_page(make_app, proxies, forged):
    app = make_app(PROXY_COUNT=proxies)
    publish_demo(app, count=3)
    url = "/search?sort=name"
    attacker = app.test_client()
    poisoned = attacker.get(url, headers=forged)
    assert poisoned.status_code == 200
    assert EVIL not in text(poisoned) and "evil-prefix" not in text(poisoned)
    page = text(app.test_client().get(url))
    assert EVIL not in page and "evil-prefix" not in page
    assert 'href="/search?' in page and 'hreflang="en" href="http://directory.test/search?' in page


def test_a_mounted_site_and_the_root_site_never_share_a_page(make_app):
    """SCRIPT_NAME (a WSGI server mounting the app under a prefix) changes every link."""
    app = make_app()
    publish_demo(app, count=3)
    url = "/search?sort=name"
    mounted = text(app.test_client().get(url, environ_overrides={"SCRIPT_NAME": "/mounted"}))
    assert 'action="/mounted/search"' in mounted
    root = text(app.test_client().get(url))
    assert "/mounted/" not in root and 'action="/search"' in root
    again = text(app.test_client().get(url, environ_overrides={"SCRIPT_NAME": "/mounted"}))
    assert 'action="/mounted/search"' in again


@pytest.fixture
def production_app(make_app, app_config):
    publish_demo(make_app(), count=3)  # through a development app: the services need a request on localhost
    return make_app(TESTING=None, DIRECTORY_ENV="production", SECRET_KEY="p" * 48,
                    BASE_URL="https://directory.example.hk", EXTRA_TRUSTED_HOSTS="www.directory.example.hk",
                    PROXY_COUNT=1)


def test_production_a_foreign_host_is_refused_and_never_kept(production_app):
    url = "/search?sort=name"
    refused = production_app.test_client().get(url, base_url=f"https://{EVIL}")
    assert refused.status_code == 400 and EVIL not in text(refused)
    for forged in FORGERIES[1:]:
        response = production_app.test_client().get(url, base_url="https://directory.example.hk", headers=forged)
        assert response.status_code == 200 and EVIL not in text(response) and "evil-prefix" not in text(response)
    for host in ("directory.example.hk", "www.directory.example.hk"):
        visitor = production_app.test_client()
        response = visitor.get(url, base_url=f"https://{host}")
        page = text(response)
        assert response.status_code == 200 and EVIL not in page and "evil-prefix" not in page
        assert 'hreflang="en" href="https://directory.example.hk/search?' in page
        assert "__Host-session=" in response.headers.get("Set-Cookie", "")
        assert token_is_visitors(production_app, visitor, page, base_url=f"https://{host}")
    assert len(kept(production_app)) == 1  # both trusted hosts share the one page: it names neither


ACCEPT_LANGUAGES = [
    ("zh-HK", "zh-Hant-HK"), ("zh-TW,en;q=0.1", "zh-Hant-HK"), ("zh-CN", "zh-Hans-CN"),
    ("zh-SG;q=0.2, en;q=0.9", "en"), ("*", "en"), ("", "en"), ("xx-invalid;q=abc, zh;q=0.5", "zh-Hans-CN"),
    ("zh-Hant;q=0, en;q=0.5", "en"), ("zh_Hant_HK", "zh-Hant-HK"), ("ZH-hk", "zh-Hant-HK"),
    (",,,;;;q=", "en"), ("en-GB," * 2000, "en"), ("\u4e2d\u6587", "en"),
]


def test_accept_language_oddities_each_get_their_own_language(app, demo):
    url = "/search?sort=name"
    for header, _ in ACCEPT_LANGUAGES:  # prime the cache in every order, then check every one
        app.test_client().get(url, headers={"Accept-Language": header.encode("utf-8").decode("latin-1")})
    for header, expected in ACCEPT_LANGUAGES + list(reversed(ACCEPT_LANGUAGES)):
        response = app.test_client().get(url, headers={"Accept-Language": header.encode("utf-8").decode("latin-1")})
        assert response.status_code == 200, header
        assert html_lang(text(response)) == expected, header


def test_the_lang_parameter_and_a_remembered_language_are_never_mixed_up(app, demo):
    url = "/search?sort=name"
    assert html_lang(text(app.test_client().get(url + "&lang=zh-Hant"))) == "zh-Hant-HK"
    assert html_lang(text(app.test_client().get(url))) == "en"  # the ?lang= page is not the plain URL's
    remembering = app.test_client()
    remembering.get("/?lang=zh-Hans")  # the choice is kept in the session
    assert html_lang(text(remembering.get(url))) == "zh-Hans-CN"
    assert html_lang(text(app.test_client().get(url))) == "en"
    for odd in ("&lang=", "&lang=xx", "&lang=zh-Hant&lang=en", "&LANG=zh-Hant", "&lang=zh%00-Hant", "&lang=%FF"):
        response = app.test_client().get(url + odd)
        assert response.status_code == 200, odd
        assert html_lang(text(response)) in ("en", "zh-Hant-HK"), odd
    assert html_lang(text(app.test_client().get(url + "&lang=zh-Hant&lang=en"))) == "zh-Hant-HK"  # the first wins
    assert html_lang(text(remembering.get(url))) == "zh-Hans-CN"


def test_cookie_oddities_get_an_anonymous_page_with_their_own_token(app, demo):
    url = "/search?sort=name"
    app.test_client().get(url)  # kept
    for cookie in ("session=garbage", "session=", "session=" + "A" * 3000, "session=.eJw.x.y; session=z",
                   "session=eyJfZmxhc2hlcyI6W119.AAAA.BBBB", "other=1; session=\u00e9".encode().decode("latin-1")):
        visitor = app.test_client()
        response = visitor.get(url, headers={"Cookie": cookie})
        assert response.status_code == 200, cookie
        page = text(response)
        assert "Log out" not in page and shortlist_count(page) == 0
        assert token_is_visitors(app, visitor, page), cookie


# ---- one visitor's data reaching another -----------------------------------------------------

@pytest.fixture
def same_second(monkeypatch):
    """A visitor's signed token changes only with the clock's second (its timestamp): an attacker
    who searches for the token just fetched does so within that second. Pinned here, so the test
    does not depend on the machine's speed."""
    from itsdangerous import timed
    monkeypatch.setattr(timed.TimestampSigner, "get_timestamp", lambda self: 1_800_000_000)


def test_a_token_in_the_url_is_not_taken_for_the_visitors_token(app, demo, same_second):
    """An attacker searches for their own CSRF token: the renderer's token is cut out of the page
    by text replacement, so the search box, hidden fields and links of every later visitor carry
    that visitor's own token instead of what the URL says (their token then travels in GET URLs:
    logs, history, saved alerts)."""
    attacker = app.test_client()
    token = csrf_from(text(attacker.get("/search")))
    url = "/search?q=" + token
    assert search_box(text(attacker.get(url))) == token  # rendered and kept
    victim = app.test_client()
    page = text(victim.get(url))
    assert search_box(page) == token  # the box says what the URL says
    mine = csrf_from(page)
    assert page.count(mine) == page.count('name="csrf_token"')  # the visitor's token only in its forms


def test_the_kept_alert_form_keeps_the_search_not_the_visitors_token(make_app, same_second):
    app = make_app(PAGE_CACHE_SECONDS=0)
    publish_demo(app, count=2)
    attacker = app.test_client()
    token = csrf_from(text(attacker.get("/search")))
    url = "/search?q=" + token
    attacker.get(url)  # the alert form for this search is kept, "token" cut out
    page = text(app.test_client().get(url))
    form = re.search(r'<section class="alert-signup".*?</section>', page, re.S).group(0)
    assert f'name="q" value="{token}"' in form
    assert form.count(csrf_from(page)) == 1


def test_a_token_in_an_ignored_parameter_is_not_taken_for_the_visitors_token(app, demo, same_second):
    """The language links repeat every query parameter, known or not."""
    attacker = app.test_client()
    token = csrf_from(text(attacker.get("/search")))
    url = "/search?sort=name&utm_campaign=" + token
    attacker.get(url)
    page = text(app.test_client().get(url))
    mine = csrf_from(page)
    assert page.count(mine) == page.count('name="csrf_token"')
    assert f"utm_campaign={token}" in page  # the language links say what the URL says


def test_an_expired_login_message_is_for_that_visitor_only_and_never_kept(app, demo, make_user, renders):
    from datetime import timedelta

    from directory.models import UserSession, utcnow
    make_user("expiring@example.com")
    url = "/search?sort=name"
    other = app.test_client()
    other.get(url)  # kept
    member = app.test_client()
    post_form(member, "/account/login", {"email": "expiring@example.com", "password": PASSWORD})
    with app.app_context():
        db.session.execute(db.update(UserSession).values(last_seen_at=utcnow() - timedelta(days=2)))
        db.session.commit()
    notice = "session expired"
    page = text(member.get(url))
    assert notice in page and "Log out" not in page
    for client in (other, app.test_client(), member):
        seen = text(client.get(url))
        assert notice not in seen and "Log out" not in seen
        assert token_is_visitors(app, client, seen)


def test_a_logged_out_member_gets_the_anonymous_page_with_a_working_token(app, demo, make_user):
    make_user("leaving@example.com")
    url = "/search?sort=name"
    member = app.test_client()
    post_form(member, "/account/login", {"email": "leaving@example.com", "password": PASSWORD})
    page = text(member.get(url))
    assert "Log out" in page
    assert member.post("/account/logout", data={"csrf_token": csrf_from(page)}).status_code in (302, 303)
    after = text(member.get(url))
    assert "Log out" not in after and token_is_visitors(app, member, after)
    assert "Log out" not in text(app.test_client().get(url))


def test_a_half_filled_alert_form_never_reaches_a_search_page(app, demo):
    url = "/search?q=" + a_word(next(iter(demo.values()))["data"])
    visitor, other = app.test_client(), app.test_client()
    page = text(visitor.get(url))
    typed = "typed-by-this-buyer@"
    response = visitor.post("/alerts", data={"csrf_token": csrf_from(page), "email": typed, "frequency": "weekly",
                                             "q": a_word(next(iter(demo.values()))["data"])})
    assert response.status_code in (200, 400) and typed in text(response)  # the form came back with errors
    for client in (visitor, other, app.test_client()):
        seen = text(client.get(url))
        assert typed not in seen and 'value="weekly" checked' not in seen


def test_a_secretariat_page_is_never_kept(app, demo, make_user, renders):
    make_user("desk@example.com", role="secretariat")
    url = "/search?sort=name"
    desk = app.test_client()
    post_form(desk, "/account/login", {"email": "desk@example.com", "password": PASSWORD})
    assert "Secretariat" in text(desk.get(url))
    assert len(kept(app) or []) == 0
    visitor = text(app.test_client().get(url))
    assert "Log out" not in visitor and ">Secretariat<" not in visitor


# ---- what must never be kept, or never served from the cache -------------------------------------

def test_head_requests_neither_poison_nor_break_the_kept_page(app, demo):
    url = "/search?sort=name"
    head = app.test_client().head(url)
    assert head.status_code == 200 and head.get_data() == b""
    visitor = app.test_client()
    page = text(visitor.get(url))
    assert page.rstrip().endswith("</html>") and len(result_ids(page)) == 6
    assert token_is_visitors(app, visitor, page)
    again = app.test_client().head(url)
    assert again.status_code == 200 and again.get_data() == b""
    assert again.headers["Content-Type"].startswith("text/html")


def test_a_hit_answers_with_the_same_headers_as_a_miss(app, demo):
    url = "/search?sort=name"
    miss = app.test_client().get(url)
    hit = app.test_client().get(url)
    ignore = {"Set-Cookie", "Content-Length", "X-Request-ID", "Date"}
    assert {k: v for k, v in miss.headers.items() if k not in ignore} == \
           {k: v for k, v in hit.headers.items() if k not in ignore}
    assert "session=" in hit.headers.get("Set-Cookie", "")  # the new visitor's token needs its cookie
    assert "public" not in hit.headers.get("Cache-Control", "")  # no shared cache may keep a page with a token


@pytest.mark.parametrize("query", ["page=0", "per_page=1000", "sort=evil", "capability=nope", "page=" + "9" * 30,
                                   "region=%27%20OR%201=1--"])
def test_a_400_page_is_never_kept(app, demo, query, renders):
    url = "/search?" + query
    for _ in range(2):
        response = app.test_client().get(url)
        assert response.status_code == 400
    assert len(kept(app) or []) == 0
    assert app.test_client().get("/search?sort=name").status_code == 200


def test_a_page_that_failed_to_render_is_never_kept(app, demo, monkeypatch):
    from directory.public import search_page
    real, failures = search_page.cards, []

    def failing_once(*args, **kwargs):
        if not failures:
            failures.append(1)
            raise RuntimeError("a template helper failed")
        return real(*args, **kwargs)

    monkeypatch.setattr(search_page, "cards", failing_once)
    url = "/search?sort=name"
    assert app.test_client().get(url).status_code == 500
    page = app.test_client().get(url)
    assert page.status_code == 200 and len(result_ids(text(page))) == 6


def test_a_page_answered_from_the_database_while_the_index_rebuilds_is_never_kept(app, demo, monkeypatch, renders):
    from directory.search import health
    url = "/search?sort=name"
    monkeypatch.setattr(health, "degraded", lambda app=None: True)
    fallback = app.test_client().get(url)
    assert fallback.status_code == 200
    assert len(kept(app) or []) == 0
    monkeypatch.undo()  # the rebuild is over
    from directory.public import views
    calls = []
    real = views.find
    monkeypatch.setattr(views, "find", lambda *a, **k: calls.append(a) or real(*a, **k))
    app.test_client().get(url)
    assert len(calls) == 1  # rendered from the index, not the page of the degraded moment


def test_a_page_answered_from_the_database_after_an_index_failure_is_never_kept(app, demo, monkeypatch):
    """find() falls back to the database when the index raises; degraded() is only true while a
    heal thread runs, and start_heal refuses a second heal within MIN_HEAL_INTERVAL_S."""
    from directory.public import views
    from directory.search import health
    from directory.search import service
    state = health._health(app)
    state.verified = True
    state.last_start = time.monotonic()  # a heal ran a moment ago and found the index fine
    real, failed = service.search_index_for, []

    def failing_once(*args, **kwargs):
        if not failed:
            failed.append(1)
            raise OSError("a segment file was busy for a moment")
        return real(*args, **kwargs)

    monkeypatch.setattr(service, "search_index_for", failing_once)
    url = "/search?q=" + a_word(next(iter(demo.values()))["data"])
    assert app.test_client().get(url).status_code == 200  # answered from the database
    calls = []
    real_find = views.find
    monkeypatch.setattr(views, "find", lambda *a, **k: calls.append(a) or real_find(*a, **k))
    app.test_client().get(url)
    assert len(calls) == 1, "the database's answer was kept and served instead of the index's"
