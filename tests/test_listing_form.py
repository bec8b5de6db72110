"""The member's listing form: drafts, submission, every validation rule, in two languages."""
import pytest
from listing_helpers import COMPLETE, create_listing, post_listing

from directory.extensions import db
from directory.models import AuditEvent, Listing

REFS = [
    {"title_en": "Smart lamp posts", "title_zh": "智慧燈柱", "country": "SG", "city": "Singapore",
     "year": "2021", "client_type": "government", "role": "prime-contractor", "description": "200 posts"},
    {"title_en": "Port sensors", "title_zh": "", "country": "AE", "city": "Dubai", "year": "2019",
     "client_type": "private", "role": "supplier", "description": ""},
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
def test_format_rules_refuse_and_keep_input(client, app, member, field, value, message):
    pid = create_listing(client)
    response = post_listing(client, pid, {**COMPLETE, field: value})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in html, html[:500]
    assert "Harbour Sensors Limited" in html  # the rest of the input is still there
    assert stored(app, pid)[1] == {}  # nothing half-saved


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


def test_duplicate_br_number_is_refused(client, app, member, make_user, login):
    pid = create_listing(client)
    assert post_listing(client, pid, COMPLETE).status_code == 302
    other = app.test_client()
    make_user(email="b@example.com")
    from conftest import post_form, PASSWORD
    post_form(other, "/account/login", {"email": "b@example.com", "password": PASSWORD})
    pid2 = create_listing(other)
    html = post_listing(other, pid2, {**COMPLETE, "company_name_en": "Copycat"}).get_data(as_text=True)
    assert "already in the directory" in html


def test_add_and_remove_reference_rows_keep_input(client, app, member):
    pid = create_listing(client)
    html = post_listing(client, pid, {"company_name_en": "Rows Ltd"}, action="add", references=REFS[:1]).get_data(as_text=True)
    assert 'name="references-1-title_en"' in html and "Smart lamp posts" in html
    response = post_listing(client, pid, {"company_name_en": "Rows Ltd", "remove_reference": "0"},
                            action=None, references=REFS)
    html = response.get_data(as_text=True)
    assert "Smart lamp posts" not in html and "Port sensors" in html
    post_listing(client, pid, {"company_name_en": "Rows Ltd"}, references=[REFS[1]])
    assert [r["title_en"] for r in stored(app, pid)[1]["references"]] == ["Port sensors"]


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
