"""What the search page says beyond its results: near misses marked as such, a way on from an
empty search, no controls that can do nothing (a sort of nothing, a filter column of nothing, a
"send to my shortlist (0)" button)."""
import re

import pytest

from directory.core import web
from directory.core.extensions import db
from directory.demo_data import generate


@pytest.fixture
def kiosks(app):
    """One provider saying all three words, three saying two of them, the rest none."""
    from directory.accounts import operations as accounts
    from directory.listings import review
    summaries = ["Solar kiosk canopies for tram stops", "Solar kiosk maintenance", "Kiosk canopies in parks",
                 "Solar canopies for car parks"]
    with app.test_request_context():
        owner = accounts.create_user("kiosk-owner@example.com", "correct horse battery", confirmed=True)
        for i, data in enumerate(generate(8, 5)):
            if i < len(summaries):
                data = {**data, "summary_en": summaries[i], "company_name_en": f"Kiosk Works {i} Limited"}
            review.publish_new(owner, data)
        web.commit()
        from directory.search import service as search
        search.catch_up()


def results(html: str) -> list[str]:
    return re.findall(r'<li class="result" id="p-([a-z0-9]+)"', html)


def test_near_misses_come_after_a_note_that_says_what_they_are(client, kiosks):
    html = client.get("/search?q=solar+kiosk+tram").get_data(as_text=True)
    found = results(html)
    assert len(found) >= 3
    note = html.index('class="near-misses"')
    first, rest = found[0], found[1:]
    assert html.index(f'id="p-{first}"') < note < min(html.index(f'id="p-{pid}"') for pid in rest)
    assert "Kiosk Works 0 Limited" in html[:note]  # the one saying every word comes first
    # numbering carries on across the note
    assert re.search(r'class="near-misses".*?<ol class="result-list" start="2"', html, re.S)
    assert 'class="near-misses"' not in client.get("/search?q=kiosk").get_data(as_text=True)  # all match


def test_a_search_that_finds_nothing_offers_a_way_on_and_no_idle_controls(client, kiosks):
    html = client.get("/search?q=zeppelin").get_data(as_text=True)
    assert "Try fewer words or another spelling." in html and "remove a filter" not in html
    assert 'href="/search">See every provider' in html.replace('class="button" ', "")
    assert 'class="sort"' not in html and 'class="facets"' not in html
    ticked = client.get("/search?q=zeppelin&capability=iot").get_data(as_text=True)
    assert "remove a filter" in ticked
    assert 'class="facets"' in ticked  # the ticked filter can be unticked


def test_no_send_button_until_something_is_ticked(client, kiosks):
    from conftest import csrf_from
    html = client.get("/search?q=kiosk").get_data(as_text=True)
    assert "send-shortlist" not in html
    provider = results(html)[0]
    client.post("/shortlist", data={"csrf_token": csrf_from(html), "action": "add", "provider": provider,
                                    "next": "/search?q=kiosk"})
    assert "Send one enquiry to my shortlist (1)" in client.get("/search?q=kiosk").get_data(as_text=True)


def test_a_name_in_the_other_language_is_marked_as_such_in_the_results(app, client):
    """A provider that wrote only an English name, on a Chinese page: a screen reader reads the
    name in English (lang="en"), the rest of the page in Chinese."""
    from directory.accounts import operations as accounts
    from directory.listings import review
    from directory.search import service as search
    with app.test_request_context():
        owner = accounts.create_user("english-only@example.com", "correct horse battery", confirmed=True)
        data = {**next(iter(generate(1, 9))), "company_name_en": "Kingfisher Kiosk Limited", "company_name_zh": ""}
        review.publish_new(owner, data)
        web.commit()
        search.catch_up()
    chinese = client.get("/search?q=Kingfisher&lang=zh-Hant").get_data(as_text=True)
    assert re.search(r'<a href="/providers/[^"]+" lang="en">Kingfisher Kiosk Limited</a>', chinese)
    english = client.get("/search?q=Kingfisher&lang=en").get_data(as_text=True)
    assert re.search(r'<a href="/providers/[^"]+">Kingfisher Kiosk Limited</a>', english)
