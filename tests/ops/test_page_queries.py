"""The buyer pages ask the database a fixed number of questions, however many results they show
(issue 9: one lazy load per result was 20 extra SELECTs per search page)."""
import sys
from pathlib import Path

import pytest
from sqlalchemy import event

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from test_api import seed_directory  # noqa: E402

from directory.core.extensions import db  # noqa: E402
from directory.listings.live import public_query  # noqa: E402


@pytest.fixture
def seeded(app):
    return seed_directory(app, count=12)


def statements(app, client, url) -> list[str]:
    seen = []

    def count(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        response = client.get(url)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert response.status_code == 200, url
    # The search log is written after the response, in its own short transaction: not the page's.
    return [s for s in seen if "search_log" not in s.lower()]


@pytest.mark.parametrize("path", ["/search?sort=name&per_page={n}", "/api/v1/providers?sort=name&per_page={n}",
                                  "/search?q=smart&per_page={n}&lang=zh-Hant"])
def test_statements_do_not_grow_with_the_results(app, client, seeded, path):
    client.get("/healthz")  # the first request of a process checks the outbox; not the page's cost
    few = statements(app, client, path.format(n=2))
    many = statements(app, client, path.format(n=12))
    assert len(many) == len(few), (few, many)
    again = statements(app, client, path.format(n=12))  # the published data is cached now
    assert len(again) <= len(many)


def test_results_show_what_the_database_says_now(app, client, seeded):
    """The cached published data never outlives a change: a suspended listing leaves the page and
    an approved edit shows at once."""
    from directory.core import web
    from directory.listings import operations as listings, review
    from directory.models import Listing, User
    from directory.search import service as search
    page = client.get("/search?sort=name&per_page=50").get_data(as_text=True)
    with app.test_request_context():
        rows = db.session.scalars(public_query().order_by(Listing.id)).all()
        owner = db.session.scalars(db.select(User).where(User.email == "demo-owner@example.com")).one()
        secretariat = db.session.scalars(db.select(User).where(User.email == "sec@example.com")).one()
        gone, edited = rows[0], rows[1]
        gone_id, edited_id = gone.public_id, edited.public_id
        assert f'id="p-{gone_id}"' in page and f'id="p-{edited_id}"' in page
        review.suspend(gone, secretariat, "check")
        data = dict(edited.published.data, company_name_en="Renamed Smart Systems Limited")
        listings.save_draft(edited, data, owner)
        listings.submit(edited, owner)
        review.approve(edited, None)
        web.commit()
        search.catch_up()
    page = client.get("/search?sort=name&per_page=50").get_data(as_text=True)
    assert f'id="p-{gone_id}"' not in page and f'id="p-{edited_id}"' in page
    assert "Renamed Smart Systems Limited" in page


def test_verified_marks_follow_the_date_and_the_language(app, client, seeded):
    from datetime import datetime, timezone
    from flask_babel import format_date
    from directory.core import web
    from directory.core.i18n import speaking
    from directory.models import Listing
    from directory.search import service as search
    when = datetime(2026, 3, 4, 10, 0, tzinfo=timezone.utc)
    with app.test_request_context():
        listing = db.session.scalars(public_query().order_by(Listing.id)).first()
        listing.last_verified_at = when
        pid = listing.public_id
        web.commit()
        expected = {}
        for lang in ("en", "zh-Hant"):
            with speaking(lang):
                expected[lang] = format_date(when, "medium")
    for lang in ("en", "zh-Hant", "en"):
        page = client.get(f"/search?sort=name&per_page=50&lang={lang}").get_data(as_text=True)
        card = page[page.index(f'id="p-{pid}"'):]
        card = card[:card.index("</form>")]
        assert expected[lang] in card and ("Verified by the association" in card) == (lang == "en")


def test_the_kept_alert_form_carries_each_visitors_own_csrf_token(app, seeded):
    import re
    pages = []
    for _ in range(2):  # two visitors, two sessions, the same search
        page = app.test_client().get("/search?q=smart&lang=zh-Hant").get_data(as_text=True)
        alert = page[page.index('class="alert-signup"'):]
        tokens = set(re.findall(r'name="csrf_token" type="hidden" value="([^"]+)"', alert)
                     + re.findall(r'value="([^"]+)" name="csrf_token"', alert))
        shortlist = set(re.findall(r'name="csrf_token" value="([^"]+)"', page[:page.index('class="alert-signup"')]))
        assert len(tokens) == 1 and tokens == shortlist, (tokens, shortlist)
        assert "\x00" not in page
        pages.append(tokens.pop())
    assert pages[0] != pages[1]
