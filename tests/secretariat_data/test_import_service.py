"""Importing the listing CSV: validate everything, then write (issue 4 item 4; S22)."""
import io

import pytest
from data_desk_helpers import add_listing, csv_file, get, good_cells, listing_data

from directory.data_exchange.exports.hktdc_csv import COLUMNS
from directory.core.extensions import db
from directory.models import AuditEvent, Listing, ListingRevision
from directory.listings.live import public_query
from directory.data_exchange import exporting
from directory.data_exchange import importing
from directory.data_exchange.exporting import ExportRequest


def counts():
    return {model.__name__: db.session.scalar(db.select(db.func.count()).select_from(model))
            for model in (Listing, ListingRevision, AuditEvent)}


def export_csv() -> bytes:
    buffer = io.BytesIO()
    exporting.write(ExportRequest("hktdc-csv"), buffer, exporting.iter_items(ExportRequest("hktdc-csv"), None))
    return buffer.getvalue()


# Each kind of invalid row: (cells of the bad row, column, code, words of the English message).
BAD_ROWS = {
    "br_format": ({"br_number": "1234"}, "br_number", "br_format", "8 digits are expected"),
    "br_missing": ({"br_number": ""}, "br_number", "required", "A value is required"),
    "email_missing": ({"email": ""}, "email", "required", "A value is required"),
    "email_bad": ({"email": "not-an-email"}, "email", "email", "is not a valid e-mail address"),
    "capability_unknown": ({"capabilities": "iot;teleportation"}, "capabilities", "unknown_capability",
                           "“teleportation” is not a known capability code"),
    "capability_missing": ({"capabilities": ""}, "capabilities", "required", "A value is required"),
    "region_unknown": ({"regions_served": "asean;atlantis"}, "regions_served", "unknown_region",
                       "neither a region code nor an ISO country code"),
    "year": ({"year_established": "1700"}, "year_established", "year", "is not a year between 1800"),
    "staff_size": ({"staff_size": "huge"}, "staff_size", "staff_size", "is not a staff size"),
    "website": ({"website": "javascript:alert(1)"}, "website", "website", "must start with http"),
    "phone": ({"phone": "123"}, "phone", "phone", "is not a valid phone number"),
    "consent": ({"hktdc_consent": "maybe"}, "hktdc_consent", "consent", "use Y or N"),
    "too_long": ({"summary_en": "x" * 201}, "summary_en", "too_long", "at most 200 are allowed"),
    "one_line": ({"summary_en": "two\nlines"}, "summary_en", "one_line", "must be on one line"),
    "name_missing": ({"company_name_en": "", "company_name_zh": ""}, "company_name_en", "name_required",
                     "At least one of company_name_en and company_name_zh"),
    "duplicate_br": ({"br_number": "31000001"}, "br_number", "duplicate_br_in_file", "already appears on line 2"),
    "unknown_id": ({"listing_id": "nosuchlisting"}, "listing_id", "unknown_listing_id",
                   "is not in the directory"),
    "br_of_another": ({"listing_id": "@A", "br_number": "31000007"}, "br_number", "br_other_listing",
                      "already belongs to another listing"),
    # line 2 moves listing A to a new BR number; line 3 names A by its current BR number
    "same_listing_twice": ({"br_number": "31000006"}, "br_number", "same_listing_twice",
                           "same listing as line 2"),
}


@pytest.mark.parametrize("kind", list(BAD_ROWS))
def test_each_kind_of_invalid_row_is_named_by_line_and_column_and_nothing_is_written(app, kind):
    cells, column, code, words = BAD_ROWS[kind]
    with app.app_context():
        a = add_listing(listing_data(6))
        add_listing(listing_data(7))
        first = good_cells(1) if kind != "same_listing_twice" else \
            good_cells(6, listing_id=a, br_number="31000099")  # line 2
        bad = {**good_cells(2), **{k: (a if v == "@A" else v) for k, v in cells.items()}}  # line 3
        before = counts()
        result = importing.run_import(csv_file(first, bad, good_cells(3)), actor=None)
        assert not result.ok and not result.written
        assert [(e.line, e.column, e.code) for e in result.errors] == [(3, column, code)]
        assert words in importing.describe(result.errors[0])
        assert importing.located(result.errors[0]).startswith(f"Line 3, column {column}: ")
        assert counts() == before


def test_a_record_with_the_wrong_number_of_fields(app):
    with app.app_context():
        good = [good_cells(1)[c] for c in COLUMNS]
        result = importing.run_import(csv_file(good, good[:5], header=COLUMNS), actor=None)
        assert [(e.line, e.column, e.code) for e in result.errors] == [(3, "", "column_count")]
        assert importing.located(result.errors[0]) == "Line 3: This record has 5 fields; 25 are expected."


def test_every_bad_line_is_reported_and_one_bad_row_stops_the_whole_file(app):
    """S22: good new rows and a good update are not written when another row is invalid."""
    with app.app_context():
        existing = add_listing(listing_data(6))
        before = counts()
        rows = [good_cells(1), good_cells(2, email="bad"), good_cells(6, company_name_en="Renamed Ltd"),
                good_cells(3, capabilities="warp-drive", year_established="12")]
        result = importing.run_import(csv_file(*rows), actor=None, publish=True)
        assert [(e.line, e.column) for e in result.errors] == [(3, "email"), (5, "year_established"),
                                                               (5, "capabilities")]
        assert counts() == before
        assert get(existing).published.data["company_name_en"] == listing_data(6)["company_name_en"]
        assert get(existing).working is None


def test_a_dry_run_reports_the_same_and_writes_nothing(app):
    with app.app_context():
        add_listing(listing_data(6))
        before = counts()
        file = csv_file(good_cells(1), good_cells(6, summary_en="New summary"), good_cells(2))
        result = importing.run_import(file, actor=None, dry_run=True)
        assert result.ok and result.dry_run and not result.written
        assert (result.counts["create"], result.counts["update"], result.counts["unchanged"]) == (2, 1, 0)
        assert counts() == before
        bad = importing.run_import(csv_file(good_cells(1, br_number="x")), actor=None, dry_run=True)
        assert [(e.line, e.column, e.code) for e in bad.errors] == [(2, "br_number", "br_format")]


def test_new_rows_wait_for_review_and_belong_to_the_imports_account(app):
    with app.app_context():
        result = importing.run_import(csv_file(good_cells(1), good_cells(2)), actor=None, filename="a.csv")
        db.session.commit()
        assert result.written and result.counts["create"] == 2
        created = db.session.scalars(db.select(Listing)).all()
        assert [listing.status for listing in created] == ["submitted", "submitted"]
        assert {listing.owner.email for listing in created} == {importing.IMPORTS_OWNER}
        assert created[0].working.data["references"] == [] and created[0].working.data["consent_at"]
        assert db.session.scalars(public_query()).all() == []
        event = db.session.scalars(db.select(AuditEvent).filter_by(action="listing.import")).one()
        assert event.details["created"] == 2 and event.details["file"] == "a.csv"


def test_publish_approves_the_rows(app):
    with app.app_context():
        importing.run_import(csv_file(good_cells(1)), actor=None, publish=True)
        db.session.commit()
        listing = db.session.scalars(public_query()).one()
        assert listing.status == "approved" and listing.slug


def test_a_known_br_number_updates_that_listing_and_keeps_what_the_csv_does_not_carry(app):
    with app.app_context():
        pid = add_listing(listing_data(6, logo="0" * 32 + ".png", languages=["en", "ar"]))
        before = get(pid).published.data
        row = good_cells(6, listing_id="", summary_en="Now also robotics", capabilities="iot;robotics")
        result = importing.run_import(csv_file(row), actor=None)
        db.session.commit()
        assert (result.counts["create"], result.counts["update"]) == (0, 1)
        assert db.session.scalar(db.select(db.func.count()).select_from(Listing)) == 1
        listing = get(pid)
        assert listing.status == "submitted"  # the edit waits for review ...
        assert listing.published.data["summary_en"] == before["summary_en"]  # ... the live version stays
        pending = listing.working.data
        assert pending["summary_en"] == "Now also robotics" and pending["capabilities"] == ["iot", "robotics"]
        for kept in ("references", "languages", "logo"):
            assert pending[kept] == before[kept]


def test_round_trip_export_import_export_changes_nothing(app):
    tricky = {"company_name_en": '=cmd|" /C calc"!A0', "summary_en": "+852 hotline, -10% fees, @home",
              "description_en": 'Line one\r\nline two, "quoted"; semi;colons\n\tindented',
              "address_zh": "＝香港；九龍", "certifications": ["ISO 27001", "'=quoted"],
              "website": "", "phone": "", "year_established": None, "staff_size": "",
              "contact_title": "-", "scc_member_no": "", "regions_served": ["asean", "SA", "mainland-china"]}
    with app.app_context():
        for n in range(3):
            add_listing(listing_data(n, **(tricky if n == 1 else {})))
        first = export_csv()
        before = counts()
        result = importing.run_import(first, actor=None, filename="export.csv")
        db.session.commit()
        assert result.ok, importing.located(result.errors[0])
        assert (result.counts["unchanged"], len(result.changes), result.warnings) == (3, 0, [])
        assert counts() == before  # no revision, no audit row
        assert export_csv() == first

        # ... and a real change goes through, back out in the next export once approved
        changed = first.replace("Smart city services number 2".encode(), b"Changed summary")
        result = importing.run_import(changed, actor=None, publish=True)
        db.session.commit()
        assert result.counts["update"] == 1
        assert b"Changed summary" in export_csv()


def test_re_importing_an_export_leaves_a_members_pending_edit_alone(app):
    from directory.listings import operations as listings
    with app.app_context():
        pid = add_listing(listing_data(0))
        exported = export_csv()
        listing = get(pid)
        listings.save_draft(listing, {"summary_en": "Member's unfinished edit"}, listing.owner)
        db.session.commit()
        before = counts()
        result = importing.run_import(exported, actor=None, publish=True)
        db.session.commit()
        assert result.counts["unchanged"] == 1 and counts() == before
        listing = get(pid)
        assert listing.working.state == "draft" and listing.working.data["summary_en"] == "Member's unfinished edit"


def test_a_very_similar_company_name_is_a_warning_not_an_error(app):
    with app.app_context():
        other = add_listing(listing_data(0))  # Harbour Sensors Limited
        row = good_cells(1, company_name_en="Harbour Sensor Ltd.", company_name_zh="全新公司")
        result = importing.run_import(csv_file(row), actor=None)
        db.session.commit()
        assert result.ok and result.written
        assert [(w.line, w.column, w.code) for w in result.warnings] == [(2, "company_name_en", "possible_duplicate")]
        assert f"(listing {other})" in importing.describe(result.warnings[0])
        assert "Harbour Sensors Limited" in importing.describe(result.warnings[0])
        # a clearly different name raises nothing
        far = importing.check(csv_file(good_cells(2, company_name_en="Totally Different Holdings")))
        assert far.warnings == []


def test_normalised_names_ignore_case_punctuation_and_legal_form():
    assert importing.normalise_name("Harbour Sensors (HK) Co., Ltd.") == "harbour sensors hk"
    assert importing.normalise_name("海港感測有限公司") == "海港感測"
