"""The member's pages as a member reads them: one summary of what stops submitting, in the words
each field's own rule uses (not "Please correct this value." next to a field that says more)."""
import re

from listing_helpers import create_listing, post_listing

INVALID = {"company_name_en": "Half Filled Engineering Limited", "br_number": "1234", "website": "not a website",
           "year_established": "1750"}


def _panels(html: str) -> list[str]:
    return re.findall(r'<section class="todo[^"]*".*?</section>', html, re.S)


def test_a_refused_submit_shows_one_summary_each_item_saying_what_its_field_says(client, member):
    pid = create_listing(client)
    html = post_listing(client, pid, INVALID, action="submit").get_data(as_text=True)
    panels = _panels(html)
    assert len(panels) == 1, panels  # not a second "Please check these fields" box repeating it
    panel = panels[0]
    assert 'class="todo error-summary"' in panel and 'role="alert"' in panel and "autofocus" in panel
    assert "Please check these fields" not in html
    assert "Please correct this value." not in panel
    assert re.search(r'<a href="#br_number">Business Registration number</a>: A BR number is exactly 8 digits', panel)
    assert re.search(r'<a href="#website">Website</a>: Please enter a web address that starts with', panel)
    assert re.search(r'<a href="#capabilities">Capabilities</a>: Choose at least one capability.', panel)
    # every item the summary names is a field marked on the page, and the other way round
    linked = set(re.findall(r'<a href="#([\w-]+)"', panel))
    marked = set(re.findall(r'id="([\w-]+)-error"', html))
    assert linked == marked, (linked ^ marked)


def test_a_draft_saved_with_invalid_values_says_so_once_and_the_page_opened_later_does_not_grab_focus(client, member):
    pid = create_listing(client)
    html = post_listing(client, pid, INVALID).get_data(as_text=True)
    assert len(_panels(html)) == 1 and "autofocus" in _panels(html)[0]
    later = client.get(f"/members/listings/{pid}/edit").get_data(as_text=True)
    panel = _panels(later)[0]
    assert "error-summary" in panel and "autofocus" not in panel  # a plain visit starts at the top
    assert "A BR number is exactly 8 digits" in panel


def test_a_new_listing_lists_what_is_left_without_an_alert(client, member):
    pid = create_listing(client)
    panel = _panels(client.get(f"/members/listings/{pid}/edit").get_data(as_text=True))[0]
    assert "error-summary" not in panel and 'role="alert"' not in panel
    assert "6 things left before you can submit" in panel


def test_the_panel_escapes_what_the_member_typed(client, member):
    pid = create_listing(client)
    html = post_listing(client, pid, {"company_name_en": "<b>Bold</b> Ltd", "br_number": "<i>1</i>"},
                        action="submit").get_data(as_text=True)
    panel = _panels(html)[0]
    assert "<i>" not in panel and "<b>" not in panel


def test_a_live_listings_button_and_links_sit_in_a_spaced_row_on_the_dashboard_and_preview(client, app, member):
    """The gap itself is measured in tests/browser/test_member_pages_look.py; here: both pages use the row."""
    from listing_helpers import COMPLETE

    from directory.core.extensions import db
    from directory.listings import review
    from directory.models import Listing
    pid = create_listing(client)
    assert post_listing(client, pid, COMPLETE, action="submit").status_code == 302
    with app.app_context():
        review.approve(db.session.scalar(db.select(Listing).filter_by(public_id=pid)), None)
        db.session.commit()
    for url in ("/members/", f"/members/listings/{pid}"):
        html = client.get(url).get_data(as_text=True)
        row = re.search(r'<p class="button-row">(.*?)</p>', html, re.S)
        assert row, url
        assert f'href="/members/listings/{pid}/edit"' in row.group(1) and "/providers/" in row.group(1), url


def test_the_edit_pages_notes_are_sentences_of_their_own_no_space_between_chinese_sentences(client, app, member):
    from listing_helpers import COMPLETE

    from directory.core.extensions import db
    from directory.listings import review
    from directory.models import Listing
    pid = create_listing(client)
    assert post_listing(client, pid, COMPLETE, action="submit").status_code == 302
    with app.app_context():
        listing = db.session.scalar(db.select(Listing).filter_by(public_id=pid))
        review.approve(listing, None)
        db.session.commit()
    post_listing(client, pid, {**COMPLETE, "summary_en": "Edited"}, action="submit")
    response = client.get(f"/members/listings/{pid}/edit?lang=zh-Hant", follow_redirects=True)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "編輯名錄資料" in html, html[:500]
    start = html.index("<h1>")
    head = html[start:html.index("<form", start)]
    paragraphs = [re.sub(r"<[^>]+>", "", p) for p in re.findall(r"<p[^>]*>(.*?)</p>", head, re.S)]
    notes = [p for p in paragraphs if "。" in p]
    assert len(notes) >= 2, paragraphs  # both notes: back to draft on saving, the approved version stays public
    assert all(p.count("。") == 1 for p in notes), notes  # a line break between them would show as "。 在…"


def test_the_dashboard_says_what_each_flagged_value_needs_in_the_fields_own_words(client, member):
    pid = create_listing(client)
    post_listing(client, pid, {**INVALID, "references-0-title_en": "Poles", "references-0-year": "19x5"})
    html = client.get("/members/").get_data(as_text=True)
    panel = _panels(html)[0]
    assert "Please correct this value." not in panel
    assert f'<a href="/members/listings/{pid}/edit#br_number">Business Registration number</a>: A BR number is exactly 8 digits' in panel
    assert "Please enter a year between 1800 and this year." in panel
    assert "Please enter a web address that starts with https:// or http://." in panel
    assert "Reference 1: Year</a>: Please enter a year such as 2021." in panel
    zh = _panels(client.get("/members/?lang=zh-Hant", follow_redirects=True).get_data(as_text=True))[0]
    assert "商業登記號碼必須為 8 位數字" in zh and "請修正此項" not in zh
