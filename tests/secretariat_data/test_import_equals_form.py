"""Import = form (issue 10, item 2): what the member's form refuses, the CSV import refuses too,
named by line and column; `--publish` rows must meet the submit rule; rows imported for review
that are incomplete are marked on the secretariat's review queue.

The member's form is the oracle: each case first checks that the form refuses (or accepts) the
value, then that the importer says the same about the same column.
"""
import re

import pytest
from data_desk_helpers import csv_file, good_cells
from werkzeug.datastructures import MultiDict

from directory.core.extensions import db
from directory.data_exchange import importing
from directory.listings import fields
from directory.members.forms import ListingForm
from directory.models import Listing
from directory.listings.live import public_query

# Columns of the CSV that are also plain text fields of the member's form (same name).
FORM_TEXT_COLUMNS = ("company_name_en", "company_name_zh", "website", "email", "phone", "address_en",
                     "address_zh", "summary_en", "summary_zh", "description_en", "description_zh",
                     "certifications", "contact_name", "contact_title", "scc_member_no")


def form_errors(app, column: str, value: str) -> list[str]:
    """What the member's form says about *value* typed into the field *column*."""
    with app.test_request_context("/", method="POST"):
        form = ListingForm(formdata=MultiDict({column: value}), meta={"csrf": False})
        form.validate()
        return [str(e) for e in form._fields[column].errors]


def form_limits(app) -> dict[str, int]:
    """Each form text field's length limit, read from the form itself (its maxlength flag)."""
    with app.test_request_context("/"):
        form = ListingForm(meta={"csrf": False})
        limits = {name: getattr(form._fields[name].flags, "maxlength", None) for name in FORM_TEXT_COLUMNS}
        return {name: limit for name, limit in limits.items() if limit}


def too_long(column: str, limit: int) -> str:
    if column == "website":
        return "https://" + "a" * limit + ".example.hk"
    if column == "email":
        return "a" * 64 + "@" + ".".join(["b" * 60] * 5) + ".hk"
    if column == "phone":
        return "+852 2123 4567" + " " * limit + "8"
    return "字" * (limit + 1) if column.endswith("_zh") else "x" * (limit + 1)


def import_one(cells: dict, publish=False):
    return importing.check(csv_file(good_cells(1, **cells)), publish=publish)


def errors_at(result) -> list[tuple[int, str]]:
    return [(e.line, e.column) for e in result.errors]


def test_every_length_limit_of_the_form_applies_to_imported_rows(app):
    limits = form_limits(app)
    declared = {f.csv_column: f.max_length for f in fields.FIELDS if f.csv_column and f.max_length}
    assert limits == declared  # the form and the declaration agree: every limited column is walked
    assert {"company_name_en", "summary_en", "description_zh", "contact_name", "certifications"} <= set(limits)
    missed = []
    for column, limit in limits.items():
        value = too_long(column, limit)
        assert form_errors(app, column, value), (column, "the form should refuse this")
        with app.app_context():
            result = import_one({column: value})
            if errors_at(result) != [(2, column)]:
                missed.append((column, limit, errors_at(result)))
            else:
                message = importing.located(result.errors[0])
                assert message.startswith(f"Line 2, column {column}: "), message
    assert not missed, f"the importer accepts what the form refuses: {missed}"


def test_a_3000_character_company_name_is_refused_with_line_column_and_limit(app):
    with app.app_context():
        result = import_one({"company_name_en": "A" * 3000})
        assert errors_at(result) == [(2, "company_name_en")]
        assert importing.located(result.errors[0]) == (
            "Line 2, column company_name_en: The text has 3000 characters; at most 200 are allowed.")
        assert db.session.scalar(db.select(db.func.count()).select_from(Listing)) == 0


# Format rules: (column, value) the form refuses.
REFUSED = [("website", "http://localhost"), ("website", "https://intranet"), ("website", "ftp://example.com"),
           ("website", "https://exa mple.com"), ("email", "someone@localhost"), ("email", "no-at-sign"),
           ("phone", "123"), ("phone", "+852 1"), ("br_number", "1234567"), ("br_number", "ABCDEFGH"),
           ("year_established", "1799"), ("year_established", "3000"), ("year_established", "20x0")]
# ... and values it accepts: the importer must keep them too.
ACCEPTED = [("website", "https://harbour.example.hk/about?x=1"), ("website", "http://www.example.com"),
            ("email", "info@example.hk"), ("phone", "2123 4567"), ("phone", "+86 10 1234 5678"),
            ("br_number", "1234 5678"), ("year_established", "1800"), ("summary_en", "x" * 200),
            ("company_name_zh", "字" * 200), ("description_en", "x" * 5000)]


@pytest.mark.parametrize("column,value", REFUSED)
def test_a_value_the_form_refuses_is_refused_at_its_column(app, column, value):
    assert form_errors(app, column, value), "precondition: the member's form refuses this"
    with app.app_context():
        result = import_one({column: value})
        assert errors_at(result) == [(2, column)], [importing.located(e) for e in result.errors]
        assert not result.ok


@pytest.mark.parametrize("column,value", ACCEPTED)
def test_a_value_the_form_accepts_is_imported_whole(app, column, value):
    assert not form_errors(app, column, value), "precondition: the member's form accepts this"
    with app.app_context():
        result = importing.run_import(csv_file(good_cells(1, **{column: value})), actor=None)
        assert result.ok, [importing.located(e) for e in result.errors]
        db.session.commit()
        stored = db.session.scalar(db.select(Listing)).working.data
        if column not in ("phone", "br_number", "year_established"):
            assert stored[column] == value  # nothing of a valid row is lost or cut


# ---- the submit rule ---------------------------------------------------------------------------

INCOMPLETE = {"summary_en": "", "summary_zh": "", "regions_served": ""}


def test_publish_refuses_a_row_without_summary_or_region_and_nothing_goes_live(app, runner, tmp_path):
    path = tmp_path / "incomplete.csv"
    path.write_bytes(csv_file(good_cells(1), good_cells(2, **INCOMPLETE)))
    result = runner.invoke(args=["listings", "import", str(path), "--publish"])
    assert result.exit_code != 0
    assert re.search(r"Line 3, column summary_en: .*summary", result.output), result.output
    assert re.search(r"Line 3, column regions_served: .*region", result.output), result.output
    assert "Line 2" not in result.output
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Listing)) == 0
        assert db.session.scalars(public_query()).all() == []


def test_publish_of_an_update_checks_the_row_too(app, runner, tmp_path):
    path = tmp_path / "in.csv"
    path.write_bytes(csv_file(good_cells(1)))
    assert runner.invoke(args=["listings", "import", str(path), "--publish"]).exit_code == 0
    path.write_bytes(csv_file(good_cells(1, regions_served="")))
    result = runner.invoke(args=["listings", "import", str(path), "--publish"])
    assert result.exit_code != 0 and "Line 2, column regions_served:" in result.output
    with app.app_context():
        listing = db.session.scalar(db.select(Listing))
        assert listing.published.data["regions_served"] == ["asean"] and listing.working is None


def test_without_publish_an_incomplete_row_waits_for_review_and_the_queue_says_what_is_missing(
        app, runner, tmp_path, client, make_user, login):
    path = tmp_path / "incomplete.csv"
    path.write_bytes(csv_file(good_cells(1), good_cells(2, **INCOMPLETE)))
    dry = runner.invoke(args=["listings", "import", str(path), "--dry-run"])
    assert dry.exit_code == 0 and "Line(s) 3 lack what a member needs to submit" in dry.output, dry.output
    result = runner.invoke(args=["listings", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "1 of them lack what a member needs to submit (line(s) 3)" in result.output
    with app.app_context():
        assert sorted(l.status for l in db.session.scalars(db.select(Listing))) == ["submitted"] * 2
        incomplete = db.session.scalar(db.select(Listing).where(Listing.br_number == good_cells(2)["br_number"]))
        pid = incomplete.public_id
    make_user(email="sec@example.com", role="secretariat")
    login("sec@example.com")
    page = client.get("/secretariat/").get_data(as_text=True)
    rows = re.findall(r"<tr>(.*?)</tr>", page, re.S)
    row = next(r for r in rows if pid in r)
    complete = next(r for r in rows if good_cells(1)["company_name_en"] in r)
    assert "Missing:" in row and re.search(r"summary", row, re.I) and re.search(r"region", row, re.I)
    assert "Missing:" not in complete
    review = client.get(f"/secretariat/review/{pid}").get_data(as_text=True)
    assert re.search(r"Missing: One-line summary, Regions served", review), review
    assert "Missing: One-line summary, Regions served" in client.get(f"/secretariat/listings/{pid}").get_data(as_text=True)


def test_certifications_split_as_the_form_splits_them(app):
    assert not form_errors(app, "certifications", "ISO 9001；ISO 27001; ISO 9001")
    with app.app_context():
        result = import_one({"certifications": "ISO 9001；ISO 27001;ISO 9001"})
        assert result.ok, [importing.located(e) for e in result.errors]
        assert result.plan[0].data["certifications"] == ["ISO 9001", "ISO 27001"]


def test_the_upload_page_refuses_an_incomplete_row_to_publish_at_its_line_and_column(
        app, client, make_user, login):
    import io
    from conftest import fetch_csrf
    make_user(email="sec@example.com", role="secretariat")
    login("sec@example.com")
    data = {"csrf_token": fetch_csrf(client, "/secretariat/imports"), "publish": "y",
            "file": (io.BytesIO(csv_file(good_cells(1, regions_served=""))), "listings.csv")}
    response = client.post("/secretariat/imports", data=data, content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "<td>2</td><td>regions_served</td><td>A published listing needs regions_served" in page
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Listing)) == 0


def _pending_draft(flagged: dict) -> str:
    """A published listing whose member saved a draft with input still flagged as invalid."""
    from data_desk_helpers import add_listing, get, listing_data, owner
    from directory.listings import operations
    pid = add_listing(listing_data(1))
    operations.save_draft(get(pid), {"invalid_input": flagged}, owner())
    db.session.commit()
    return pid


def test_an_import_over_a_draft_with_flagged_input_supersedes_it_for_the_csv_columns(app, runner, tmp_path):
    with app.app_context():
        pid = _pending_draft({"website": "htp:/typo"})
    path = tmp_path / "update.csv"
    path.write_bytes(csv_file(good_cells(1, summary_en="A new summary")))
    result = runner.invoke(args=["listings", "import", str(path)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        listing = db.session.scalar(db.select(Listing).filter_by(public_id=pid))
        assert listing.working.state == "submitted" and listing.working.data["summary_en"] == "A new summary"
        assert not listing.working.data.get("invalid_input")


def test_an_import_over_a_draft_with_other_flagged_input_is_refused_at_its_line(app, runner, tmp_path):
    with app.app_context():
        _pending_draft({"references-0-year": "20x1"})
    path = tmp_path / "update.csv"
    path.write_bytes(csv_file(good_cells(1, summary_en="A new summary")))
    result = runner.invoke(args=["listings", "import", str(path)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "Line 2: " in result.output and "references-0-year" in result.output, result.output


def _bad_values(f) -> list[str]:
    """Cells the declaration's rules refuse for field *f*, by its kind (a new kind fails here)."""
    long = [too_long(f.csv_column, f.max_length)] if f.max_length else []
    return long + {
        "text": [], "multiline": [], "text_list": [], "url": ["http://localhost", "mailto:a@b.hk"],
        "email": ["someone@localhost"], "phone": ["123"], "br": ["1234567", "١٢٣٤٥٦٧٨"],
        "int": [str((f.minimum or 1) - 1), "20x0"], "code": ["no-such-code"], "codes": ["no-such-code"],
        "bool": ["maybe"],
    }[f.kind]


def test_the_importer_walks_every_csv_field_of_the_declaration(app):
    walked = []
    with app.app_context():
        for column in fields.CSV_COLUMNS:
            f = fields.csv_field(column)
            if f is None:
                continue  # listing_id and the derived columns
            for value in _bad_values(f):
                result = import_one({column: value})
                assert errors_at(result) == [(2, column)], (column, value, errors_at(result))
            walked.append(column)
    assert len(walked) == len(fields.CSV_COLUMNS) - len(fields.DERIVED_COLUMNS)


def test_the_upload_page_says_how_many_imported_rows_are_incomplete(app, client, make_user, login):
    import io
    from conftest import fetch_csrf
    make_user(email="sec@example.com", role="secretariat")
    login("sec@example.com")
    data = {"csrf_token": fetch_csrf(client, "/secretariat/imports"),
            "file": (io.BytesIO(csv_file(good_cells(1, **INCOMPLETE), good_cells(2))), "listings.csv")}
    page = client.post("/secretariat/imports", data=data, content_type="multipart/form-data").get_data(as_text=True)
    assert "1 of them lacks what a member needs to submit; the review queue says what is missing." in page
