"""Kept search pages (directory/public/page_cache.py): anonymous visitors share a rendered page,
nothing of one visitor reaches another (token, shortlist, login, messages), and a change buyers
can see reaches the page at once."""
import re
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "security"))
from published import a_word, all_at_once, demo, publish_demo, renders  # noqa: E402,F401 (fixtures)

from conftest import PASSWORD, csrf_from, post_form  # noqa: E402
from directory.core import web  # noqa: E402
from directory.core.extensions import db  # noqa: E402
from directory.models import Listing  # noqa: E402


def shortlist_count(html: str) -> int:
    return int(re.search(r'class="shortlist-link"[^>]*>[^<(]*\((\d+)\)', html).group(1))


def first_result(html: str) -> str:
    return re.search(r'<li class="result" id="p-([a-z0-9]+)"', html).group(1)


def add_to_shortlist(client, token: str, provider: str):
    return client.post("/shortlist", data={"csrf_token": token, "action": "add", "provider": provider,
                                           "next": "/search"})


def test_anonymous_visitors_share_a_page_each_with_their_own_token(app, demo, renders):
    url = "/search?sort=name"
    first, second = app.test_client(), app.test_client()
    page_a = first.get(url).get_data(as_text=True)
    page_b = second.get(url).get_data(as_text=True)
    assert len(renders) == 1  # the second visitor was served the kept page
    token_a, token_b = csrf_from(page_a), csrf_from(page_b)
    assert token_a != token_b
    assert page_a.replace(token_a, "") == page_b.replace(token_b, "")
    # Each token is its visitor's: it works in its own session, not in the other's.
    provider = first_result(page_b)
    assert add_to_shortlist(second, token_b, provider).status_code == 303
    assert add_to_shortlist(first, token_b, provider).status_code == 400
    assert shortlist_count(second.get(url).get_data(as_text=True)) == 1
    assert shortlist_count(first.get(url).get_data(as_text=True)) == 0


def test_a_shortlist_is_never_kept_nor_shown_to_others(app, demo, renders):
    url = "/search?sort=name"
    buyer, other = app.test_client(), app.test_client()
    provider = first_result(buyer.get(url).get_data(as_text=True))
    add_to_shortlist(buyer, csrf_from(buyer.get(url).get_data(as_text=True)), provider)
    own = buyer.get(url).get_data(as_text=True)
    assert shortlist_count(own) == 1 and "On your shortlist" in own
    seen = other.get(url).get_data(as_text=True)
    assert shortlist_count(seen) == 0 and "On your shortlist" not in seen
    again = buyer.get(url).get_data(as_text=True)  # the kept page is not the buyer's own
    assert shortlist_count(again) == 1 and "On your shortlist" in again


def test_a_logged_in_page_is_never_kept_nor_shown_to_others(app, demo, make_user, renders):
    make_user("buyer-member@example.com")
    url = "/search?sort=name"
    member, visitor = app.test_client(), app.test_client()
    visitor.get(url)  # kept
    post_form(member, "/account/login", {"email": "buyer-member@example.com", "password": PASSWORD})
    mine = member.get(url).get_data(as_text=True)
    assert "Log out" in mine
    rendered = len(renders)
    member.get(url)
    assert len(renders) == rendered + 1  # rendered for the member each time
    assert "Log out" not in visitor.get(url).get_data(as_text=True)


def test_a_message_waiting_for_a_visitor_is_shown_to_that_visitor_only(app, demo):
    url = "/search?sort=name"
    visitor, other = app.test_client(), app.test_client()
    other.get(url)  # kept before the message exists
    with visitor.session_transaction() as session:
        session["_flashes"] = [("info", "A message for this visitor only")]
    assert "A message for this visitor only" in visitor.get(url).get_data(as_text=True)
    assert "A message for this visitor only" not in other.get(url).get_data(as_text=True)
    assert "A message for this visitor only" not in visitor.get(url).get_data(as_text=True)  # shown once


def test_each_language_has_its_own_page(app, demo):
    url = "/search?sort=name"
    english = app.test_client().get(url, headers={"Accept-Language": "en"}).get_data(as_text=True)
    chinese = app.test_client().get(url, headers={"Accept-Language": "zh-HK"}).get_data(as_text=True)
    simplified = app.test_client().get(url, headers={"Accept-Language": "zh-CN"}).get_data(as_text=True)
    assert 'lang="en"' in english and 'lang="zh-Hant"' in chinese and 'lang="zh-Hans"' in simplified
    assert "Add to shortlist" in english and "Add to shortlist" not in chinese + simplified


def _listing(app, public_id):
    return db.session.scalars(db.select(Listing).where(Listing.public_id == public_id)).one()


def test_suspension_and_reinstatement_reach_the_kept_page_at_once(app, demo, make_user):
    from directory.listings import review
    from directory.models import User
    reviewer_id = make_user("sec@example.com", role="secretariat")
    public_id, entry = next(iter(demo.items()))
    url = "/search?q=" + a_word(entry["data"])
    visitor = app.test_client()
    assert f'id="p-{public_id}"' in visitor.get(url).get_data(as_text=True)
    with app.test_request_context():
        review.suspend(_listing(app, public_id), db.session.get(User, reviewer_id), "checking a complaint")
        web.commit()
    assert f'id="p-{public_id}"' not in visitor.get(url).get_data(as_text=True)
    assert f'id="p-{public_id}"' not in app.test_client().get(url).get_data(as_text=True)
    with app.test_request_context():
        review.reinstate(_listing(app, public_id), db.session.get(User, reviewer_id), "complaint withdrawn")
        web.commit()
    assert f'id="p-{public_id}"' in app.test_client().get(url).get_data(as_text=True)


def _set_verified(app, public_id, when):
    with app.app_context():
        db.session.execute(db.update(Listing).where(Listing.public_id == public_id).values(last_verified_at=when))
        db.session.commit()


def test_a_member_reconfirming_moves_the_verified_date_on_a_kept_page(app, demo):
    """Reconfirming writes no new data, only a date buyers see: it is an outbox change too."""
    from datetime import datetime, timezone

    from directory.listings import freshness
    public_id, entry = next(iter(demo.items()))
    _set_verified(app, public_id, datetime(2024, 3, 5, tzinfo=timezone.utc))
    url = "/search?sort=name&per_page=50"
    assert "Mar 5, 2024" in app.test_client().get(url).get_data(as_text=True)
    with app.test_request_context():
        listing = _listing(app, public_id)
        freshness.reconfirm(listing, listing.owner)
        web.commit()
    page = app.test_client().get(url).get_data(as_text=True)
    assert "Mar 5, 2024" not in page and "Verified by the association" in page


def test_what_writes_no_outbox_row_is_stale_for_at_most_the_configured_seconds(app_config, database):
    from directory import create_app
    app = create_app({**app_config, "PAGE_CACHE_SECONDS": 0.2})
    from datetime import datetime, timezone
    try:
        demo = publish_demo(app, count=3)
        public_id, entry = next(iter(demo.items()))
        url = "/search?sort=name&per_page=50"
        app.test_client().get(url)
        _set_verified(app, public_id, datetime(2024, 3, 5, tzinfo=timezone.utc))  # behind the outbox's back
        deadline = time.monotonic() + 5
        while "Mar 5, 2024" not in app.test_client().get(url).get_data(as_text=True):
            assert time.monotonic() < deadline, "the kept page outlived PAGE_CACHE_SECONDS"
            time.sleep(0.05)
    finally:
        from directory.search import log as search_log
        search_log.close(app)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def test_zero_turns_the_cache_off(app_config, database):
    from directory import create_app
    app = create_app({**app_config, "PAGE_CACHE_SECONDS": 0})
    try:
        app.test_client().get("/search")
        app.test_client().get("/search")
        assert "page_cache" not in app.extensions
    finally:
        from directory.search import log as search_log
        search_log.close(app)
        with app.app_context():
            db.engine.dispose()


@pytest.mark.parametrize("value", ["soon", "-1"])
def test_a_bad_setting_is_named_at_start(app_config, value):
    from directory import create_app
    with pytest.raises(RuntimeError, match="DIRECTORY_PAGE_CACHE_SECONDS"):
        create_app({**app_config, "PAGE_CACHE_SECONDS": value})


def test_searches_served_from_the_cache_are_still_logged(app, demo):
    from directory.models import SearchLog
    for _ in range(3):
        app.test_client().get("/search?q=sensor")
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(SearchLog)
                                 .where(SearchLog.query == "sensor")) == 3


def test_concurrent_visitors_never_get_each_others_page(app, demo):
    """Many visitors at once, half with a shortlist: each page shows its own visitor's count and
    carries a token that works in that visitor's session."""
    url = "/search?sort=name"
    provider = first_result(app.test_client().get(url).get_data(as_text=True))
    visitors = []
    for i in range(8):
        client = app.test_client()
        if i % 2:
            add_to_shortlist(client, csrf_from(client.get(url).get_data(as_text=True)), provider)
        visitors.append((client, i % 2))
    failures = []

    def browse(client, expected):
        for _ in range(15):
            page = client.get(url).get_data(as_text=True)
            if shortlist_count(page) != expected:
                failures.append(("count", expected, shortlist_count(page)))
            with client.session_transaction() as session:
                own = session.get("csrf_token")
            from itsdangerous import URLSafeTimedSerializer
            raw = URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token").loads(csrf_from(page))
            if raw != own:
                failures.append(("token", expected))

    all_at_once(browse, visitors)
    assert not failures, failures[:5]
