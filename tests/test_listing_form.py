"""The member's listing form: drafts, submission, every validation rule, in two languages."""
import re

import pytest
from markupsafe import escape
from listing_helpers import COMPLETE, create_listing, post_listing

from directory.core.extensions import db
from directory.models import AuditEvent, Listing

REFS = [
    {"title_en": "Smart lamp posts", "title_zh": "智慧燈柱", "country": "SG", "city_en": "Singapore",
     "city_zh": "新加坡", "year": "2021", "client_type": "government", "role": "prime-contractor",
     "description_en": "200 posts", "description_zh": "200支燈柱"},
    {"title_en": "Port sensors", "title_zh": "", "country": "AE", "city_en": "Dubai", "city_zh": "", "year": "2019",
     "client_type": "private", "role": "supplier", "description_en": "", "description_zh": ""},
]


def stored(app, public_id):
    with app.app_context():
        listing = db.session.scalar(db.select(Listing).filter_by(public_id=public_id))
        return listing.status, dict(listing.current.data)


def test_incomplete_draft_saves(client, app, member):
    pid = create_listing(client)
    response = post_listing(client, pid, {"company_name_en": "Only A Name Ltd"})
    assert response.status_code == 302
    status, data = stored(app, pid)
    assert status == "draft" and data["company_name_en"] == "Only A Name Ltd"


def test_complete_listing_with_references_saves_and_submits(client, app, member):
    pid = create_listing(client)
    response = post_listing(client, pid, COMPLETE, action="submit", references=REFS)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    status, data = stored(app, pid)
    assert status == "submitted"
    assert data["phone"] == "+85221234567"
    assert data["regions_served"] == ["asean", "AE"]
    assert data["certifications"] == ["ISO 9001", "ISO 27001"]
    assert data["hktdc_consent"] is True and data["consent_at"].endswith("Z")
    assert [r["country"] for r in data["references"]] == ["SG", "AE"]
    assert data["references"][0]["year"] == 2021
    with app.app_context():
        actions = [e.action for e in db.session.scalars(db.select(AuditEvent).order_by(AuditEvent.id))]
    assert actions[-2:] == ["listing.edit", "listing.submit"]


def test_submit_with_missing_fields_refuses_and_keeps_input(client, app, member):
    pid = create_listing(client)
    partial = {"company_name_zh": "半完成公司", "description_en": "Typed with care <b>bold</b>"}
    response = post_listing(client, pid, partial, action="submit")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "This is required before you submit." in html
    assert "Choose at least one capability." in html
    assert "半完成公司" in html and "Typed with care &lt;b&gt;bold&lt;/b&gt;" in html
    status, data = stored(app, pid)
    assert status == "draft" and data["company_name_zh"] == "半完成公司"  # the draft was kept


@pytest.mark.parametrize("field,value,message", [
    ("br_number", "1234567", "exactly 8 digits"),
    ("br_number", "1234567a", "exactly 8 digits"),
    ("year_established", "1700", "between 1800 and this year"),
    ("year_established", "abcd", "between 1800 and this year"),
    ("website", "javascript:alert(1)", "starts with https:// or http://"),
    ("website", "ftp://files.example.com", "starts with https:// or http://"),
    ("email", "not-an-email", "valid email address"),
    ("phone", "12", "valid phone number"),
    ("summary_en", "x" * 201, "At most 200 characters"),
    ("staff_size", "a-lot", "Not a valid choice"),
])
def test_format_rules_flag_the_field_and_save_everything_else(client, app, member, field, value, message):
    pid = create_listing(client)
    response = post_listing(client, pid, {**COMPLETE, field: value})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in html, html[:500]
    assert "Harbour Sensors Limited" in html  # the rest of the input is still there
    status, data = stored(app, pid)
    assert data["company_name_en"] == "Harbour Sensors Limited" and data["description_zh"] == COMPLETE["description_zh"]
    assert data.get(field) in (None, "")  # nothing malformed in the listing's own fields
    if field == "staff_size":  # not typed: a crafted choice is dropped, not kept
        assert not data.get("invalid_input")
        return
    assert data["invalid_input"] == {field: value}  # kept as typed
    reopened = client.get(f"/members/listings/{pid}/edit").get_data(as_text=True)
    assert message in reopened and 'aria-invalid="true"' in reopened  # flagged again on a later visit
    assert escape(value) in reopened
    html = post_listing(client, pid, {**COMPLETE, field: value}, action="submit").get_data(as_text=True)
    assert message in html and stored(app, pid)[0] == "draft"  # submitting needs every rule met


def test_unknown_capability_code_is_a_field_error(client, app, member):
    pid = create_listing(client)
    response = post_listing(client, pid, {**COMPLETE, "capabilities": ["iot", "teleportation"]})
    assert "Please choose from the list." in response.get_data(as_text=True)


def test_rules_in_chinese(client, app, member):
    pid = create_listing(client)
    client.get("/?lang=zh-Hant")
    from test_i18n import translation
    html = post_listing(client, pid, {**COMPLETE, "br_number": "123"}, action="submit").get_data(as_text=True)
    assert translation("zh_Hant_HK", "Business Registration number") in html  # the label
    assert translation("zh_Hant_HK", "A BR number is exactly 8 digits, e.g. 12345678.") in html
    assert "A BR number is exactly" not in html
    client.get("/?lang=zh-Hans")
    html = post_listing(client, pid, {"company_name_en": "X"}, action="submit").get_data(as_text=True)
    assert translation("zh_Hans_CN", "Choose at least one capability.") in html
    assert translation("zh_Hans_CN", "This is required before you submit.") in html


def test_add_and_remove_reference_rows_keep_input(client, app, member):
    pid = create_listing(client)
    html = post_listing(client, pid, {"company_name_en": "Rows Ltd"}, action="add", references=REFS[:1]).get_data(as_text=True)
    assert 'name="references-1-title_en"' in html and "Smart lamp posts" in html
    post_listing(client, pid, {"company_name_en": "Rows Ltd"}, references=REFS)
    assert len(stored(app, pid)[1]["references"]) == 2
    # One save with the first row's "remove" ticked: the stored draft loses it at once.
    response = post_listing(client, pid, {"company_name_en": "Rows Ltd"},
                            references=[{**REFS[0], "remove": "y"}, REFS[1]])
    assert response.status_code == 302
    assert [r["title_en"] for r in stored(app, pid)[1]["references"]] == ["Port sensors"]
    html = client.get(response.location).get_data(as_text=True)
    assert "Smart lamp posts" not in html and "Port sensors" in html


def test_the_default_button_of_the_form_is_save_draft(client, app, member):
    """Enter in a text field fires the first submit button: it must save, never add or remove."""
    pid = create_listing(client)
    post_listing(client, pid, {"company_name_en": "Rows Ltd"}, references=REFS[:1])
    html = client.get(f"/members/listings/{pid}/edit").get_data(as_text=True)
    form = html[html.index('<form method="post" enctype'):]
    first = re.search(r'<(button|input)[^>]*type="submit"[^>]*>', form).group(0)
    assert 'name="save"' in first, first


def test_dashboard_lists_what_is_left_and_offers_one_draft_at_a_time(client, app, member):
    from conftest import csrf_from
    html = client.get("/members/").get_data(as_text=True)
    assert "Create a listing" in html
    pid = create_listing(client)
    post_listing(client, pid, {"company_name_en": "Half Ltd", "year_established": "19x5"})
    html = client.get("/members/").get_data(as_text=True)
    assert "Create a listing" not in html and "Create another listing" not in html
    assert "6 things left before you can submit" in html  # year to correct, BR, email, summary, capability, region
    assert f'href="/members/listings/{pid}/edit#year_established"' in html
    response = client.post("/members/listings/new", data={"csrf_token": csrf_from(html)})
    assert f"/members/listings/{pid}/edit" in response.location  # back to the draft, no "Untitled listing"
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Listing.id))) == 1


def test_editing_a_submitted_listing_returns_it_to_draft(client, app, member):
    pid = create_listing(client)
    post_listing(client, pid, COMPLETE, action="submit")
    post_listing(client, pid, {**COMPLETE, "summary_en": "Changed my mind"})
    assert stored(app, pid)[0] == "draft"


def test_withdrawing_consent_clears_the_consent_time(client, app, member):
    pid = create_listing(client)
    post_listing(client, pid, COMPLETE)
    assert stored(app, pid)[1]["consent_at"]
    post_listing(client, pid, {k: v for k, v in COMPLETE.items() if k != "hktdc_consent"})
    data = stored(app, pid)[1]
    assert data["hktdc_consent"] is False and data["consent_at"] is None


def test_submit_shows_format_and_missing_field_errors_together(client, app, member):
    pid = create_listing(client)
    html = post_listing(client, pid, {"company_name_en": "Half Done Ltd", "br_number": "123"},
                        action="submit").get_data(as_text=True)
    assert "exactly 8 digits" in html
    assert "Choose at least one capability." in html


@pytest.mark.parametrize("lang", ["en", "zh-Hant", "zh-Hans"])
def test_the_area_picker_and_what_is_left_name_the_field_alike(client, app, member, lang):
    """The regions-and-countries control's legend is the field's declared label (fields.py), the
    words the "things left" list links to it with: a member following that link finds a control
    of the same name (it once said "Regions served" there, "Regions and countries served" here)."""
    from directory.core.i18n import speaking
    from directory.listings import fields
    pid = create_listing(client)
    client.get(f"/?lang={lang}")
    post_listing(client, pid, {"company_name_en": "Half Ltd"})
    html = client.get(f"/members/listings/{pid}/edit").get_data(as_text=True)
    legend = re.search(r'id="regions" data-area-picker[^>]*>\s*<legend>([^<]*)</legend>', html).group(1)
    link = re.search(r'<a href="#regions">([^<]*)</a>', html).group(1)
    with app.test_request_context(), speaking(lang):
        declared = str(fields.field("regions_served").label)
    assert legend == link == str(escape(declared)), (legend, link, declared)
    if lang == "en":
        assert legend == "Regions and countries served"  # members tick regions and countries
