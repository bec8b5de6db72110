"""The listing declaration (directory/listings/fields.py) walked field by field: every consumer —
the member form, the submit rule, the review diff, the CSV export and import, the xlsx headings,
the API and its OpenAPI schema, the search document, the demo generator, docs/listing-data.md —
covers every field it should. Sample values are made from each field's kind, so a new field of a
known kind needs no change here: the test fails until each consumer handles it."""
import json
from datetime import datetime, timezone
from pathlib import Path
from types import SimpleNamespace

import pytest

from directory.listings import fields

ROOT = Path(__file__).resolve().parent.parent
NOT_STORED_BY_FORM = ("file", "timestamp", "internal")  # the logo is uploaded; the rest set by the save
PHONES = ("+85221234567", "+85223456789")


def sample(f: fields.Field, n: int):
    """A valid value of field `f`; n = 0 or 1 give two different ones."""
    kind = f.kind
    if kind in ("text", "multiline"):
        return f"Sample{'AB'[n]} {f.name.replace('_', ' ')}" + ("\nsecond line" if kind == "multiline" else "")
    if kind == "int":
        return f.minimum + 20 + n
    if kind == "bool":
        return n == 0
    if kind == "url":
        return f"https://site{n}.example.hk/"
    if kind == "email":
        return f"hello{n}@sample{n}.example.hk"
    if kind == "phone":
        return PHONES[n]
    if kind == "br":
        return ("12345678", "87654321")[n]
    if kind == "code":
        return sorted(f.codes())[n]
    if kind == "codes":
        return sorted(f.codes())[n * 2:n * 2 + 2]
    if kind == "text_list":
        return [f"ISO {9001 + n}", f"Cert{'AB'[n]}"]
    if kind == "file":
        return f"{str(n) * 32}.png"
    if kind == "timestamp":
        return f"2026-01-0{n + 1}T00:00:00Z"
    if kind == "references":
        return [{sub.name: sample(sub, n) for sub in fields.REFERENCE_FIELDS}]
    if kind == "internal":
        return None
    raise AssertionError(f"no sample for kind {kind!r}: teach this test the new kind")


BASE = {f.name: sample(f, 0) for f in fields.FIELDS}


def other(name: str) -> dict:
    return {**BASE, name: sample(fields.field(name), 1)}


# ---- the declaration itself --------------------------------------------------------------------

def test_the_declaration_is_consistent_and_its_samples_meet_every_rule(app):
    names = [f.name for f in fields.FIELDS]
    assert len(names) == len(set(names))
    with app.test_request_context():
        for f in fields.FIELDS:
            if f.required:
                assert f.missing, f.name
            if f.kind in ("code", "codes"):
                assert f.codes is not None, f.name
            assert f.pair is None or f.diff_label, f.name
            for n in (0, 1):
                assert fields.check(f, sample(f, n)) is None, (f.name, str(fields.check(f, sample(f, n))))
        assert fields.problems_to_submit(BASE) == []
        assert [m.field for m in fields.missing_to_submit({})] == [
            f.name for f in fields.FIELDS if f.required is True or f.name in ("company_name_en", "summary_en")]


def test_what_the_rules_refuse(app):
    with app.test_request_context():
        assert fields.parse("company_name_en", "x" * 201)[1].code == "too_long"
        assert fields.parse("website", "http://localhost")[1].code == "format"  # the form's rule, for import too
        assert fields.parse("br_number", "1234 5678") == ("12345678", None)
        assert fields.parse("phone", "2123 4567") == ("+85221234567", None)
        assert fields.check("capabilities", ["iot", "teleportation"]).code == "unknown_code"
        assert fields.check("references", [{"year": 1800}]).code == "range"
        assert fields.missing_to_submit({**BASE, "company_name_en": "", "company_name_zh": ""})[0].anchor == "company_name_en"
        assert fields.missing_to_submit({**BASE, "regions_served": []})[0].anchor == "regions"


# ---- the member form ---------------------------------------------------------------------------

def test_the_form_has_a_field_with_the_declared_label_and_limit_for_each_editable_one(app):
    from directory.members.forms import ListingForm, ReferenceForm
    with app.test_request_context():
        form = ListingForm()
        for f in fields.FIELDS:
            for name in f.form_names:
                assert name in form._fields, f"the member form has no field {name!r} for {f.name}"
            if f.editable:
                control = form._fields[f.anchor]
                assert str(control.label.text) == str(f.label), f.name
                if f.max_length and f.kind not in ("file",):
                    assert f'maxlength="{f.max_length}"' in str(control()), f.name
        reference = ReferenceForm()
        for sub in fields.REFERENCE_FIELDS:
            assert str(reference._fields[sub.name].label.text) == str(sub.label), sub.name


def test_the_form_stores_every_editable_field_as_the_data_holds_it(app):
    from directory.members.forms import ListingForm
    with app.test_request_context():
        for n in (0, 1):
            data = {f.name: sample(f, n) for f in fields.FIELDS}
            out = ListingForm(data=ListingForm.form_data(data)).to_data()
            for f in fields.FIELDS:
                if f.editable and f.kind not in NOT_STORED_BY_FORM:
                    assert out.get(f.name) == data[f.name], f"the form loses or changes {f.name}"


def test_the_service_refuses_to_submit_what_the_rule_refuses(app, make_user):
    from directory.core.extensions import db
    from directory.listings import operations
    from directory.models import User
    uid = make_user()
    with app.test_request_context():
        owner = db.session.get(User, uid)
        listing = operations.create(owner)
        operations.save_draft(listing, {**BASE, "summary_en": "", "summary_zh": "", "year_established": 1700}, owner)
        with pytest.raises(operations.ListingError) as refused:
            operations.submit(listing, owner)
        assert {key for key, _message in refused.value.problems} == {"summary_en", "year_established"}
        with pytest.raises(operations.ListingError):  # an import row for review: missing is fine, invalid is not
            operations.submit(listing, owner, allow_incomplete=True)
        operations.save_draft(listing, {"year_established": 1999}, owner)
        operations.submit(listing, owner, allow_incomplete=True)
        assert listing.working.state == "submitted"
        other_listing = operations.create(owner)
        operations.save_draft(other_listing, {**BASE, "br_number": "87654321"}, owner)
        assert operations.submit(other_listing, owner).state == "submitted"
        db.session.rollback()


# ---- the review diff ---------------------------------------------------------------------------

def test_the_review_diff_labels_every_field(app):
    from directory.listings.diff import DERIVED, diff
    with app.test_request_context():
        for f in fields.FIELDS:
            changes = diff(BASE, other(f.name))
            if f.name in DERIVED:
                assert changes == [], f.name
                continue
            assert len(changes) == 1, (f.name, changes)
            assert changes[0].label == str(f.diff_label), f.name
        for sub in fields.REFERENCE_FIELDS:
            if sub.name.startswith("title"):
                continue  # references are paired by title: a new title is a new reference
            after = {**BASE, "references": [{**BASE["references"][0], sub.name: sample(sub, 1)}]}
            (change,) = diff(BASE, after)
            assert [label for label, _old, _new in change.rows[0].fields] == [str(sub.diff_label)], sub.name


# ---- CSV, xlsx -----------------------------------------------------------------------------------

def _row(data):
    from directory.data_exchange.exports.hktdc_csv import listing_to_row
    return listing_to_row("abc123", data, last_updated=datetime(2026, 1, 1, tzinfo=timezone.utc),
                          profile_url="https://directory.example.hk/providers/x")


def test_the_csv_export_writes_and_the_import_reads_every_exported_field(app):
    from directory import taxonomy
    from directory.data_exchange.csv_import import parse_listing_csv
    from directory.data_exchange.exports.hktdc_csv import COLUMNS, iter_csv
    assert tuple(COLUMNS) == fields.CSV_COLUMNS
    exported = [f for f in fields.FIELDS if f.csv_column]
    assert {f.csv_column for f in exported} | set(fields.DERIVED_COLUMNS) == set(COLUMNS)
    base = _row(BASE)
    for f in exported:
        assert _row(other(f.name))[f.csv_column] != base[f.csv_column], f"the export ignores {f.name}"
    with app.test_request_context():
        for n in (0, 1):
            data = {f.name: sample(f, n) for f in fields.FIELDS}
            text = "".join(iter_csv([{**_row(data), "listing_id": ""}]))
            report = parse_listing_csv(text.encode("utf-8"), taxonomy.CAPABILITY_CODES, taxonomy.REGION_CODES,
                                       taxonomy.country_codes())
            assert report.ok, [(e.column, e.message) for e in report.errors]
            for f in exported:
                assert report.rows[0].data.get(f.name) == data[f.name], f"the import misreads {f.name}"


def test_the_xlsx_headings_are_the_declared_export_labels(app):
    from directory.data_exchange import xlsx_layout
    with app.test_request_context():
        headings = {c.key: c.heading for c in xlsx_layout.listing_columns("en")}
        assert list(headings) == list(fields.CSV_COLUMNS)
        assert headings == {column: fields.column_label(column) for column in fields.CSV_COLUMNS}
        references = {c.key: c.heading for c in xlsx_layout.reference_columns("en")}
        for sub in fields.REFERENCE_FIELDS:
            assert references.get(sub.name) == str(sub.export_label), sub.name


# ---- API, OpenAPI --------------------------------------------------------------------------------

def _published(data):
    return SimpleNamespace(public_id="abc123", slug="sample-co", published=SimpleNamespace(data=data),
                           published_at=None, last_verified_at=None)


def test_the_api_serialises_every_public_field_and_nothing_private(app):
    from directory.api import openapi, serialise
    with app.test_request_context():
        out = serialise.detail(_published(BASE), "en")
        changed = {f.name: serialise.detail(_published(other(f.name)), "en") for f in fields.FIELDS}
        document = openapi.document()
    for f in fields.public_fields():
        assert f.api_key in out, f"the API leaves out {f.name}"
        assert changed[f.name][f.api_key] != out[f.api_key], f"the API does not show {f.name}'s value"
    text = json.dumps(out, ensure_ascii=False)
    for f in fields.FIELDS:
        value = BASE[f.name]
        if not f.public and isinstance(value, str) and value:
            assert value not in text, f"the API shows the private field {f.name}"
    reference = out["references"][0]
    for sub in fields.REFERENCE_FIELDS:
        assert sub.api_key in reference, sub.name
    schemas = document["components"]["schemas"]
    provider = set()
    for part in schemas["Provider"]["allOf"]:
        target = schemas[part["$ref"].rsplit("/", 1)[1]] if "$ref" in part else part
        provider |= set(target.get("properties", {}))
    for f in fields.public_fields():
        assert f.api_key in provider, f"the OpenAPI Provider schema lacks {f.api_key}"
    for sub in fields.REFERENCE_FIELDS:
        assert sub.api_key in schemas["ProjectReference"]["properties"], sub.name


# ---- the search document -------------------------------------------------------------------------

def test_the_search_document_is_built_from_exactly_the_searchable_fields(app):
    from directory.search.service import document_of
    with app.test_request_context():
        base = document_of("abc123", 1, BASE, 0.0)
        for f in fields.FIELDS:
            changed = document_of("abc123", 1, other(f.name), 0.0)
            keys = {k for k in base if base[k] != changed[k]}
            assert keys == set(f.search), f"{f.name} feeds {sorted(keys)}, the declaration says {f.search}"
    text = json.dumps(base, ensure_ascii=False, default=str)
    for f in fields.FIELDS:
        if not f.public and isinstance(BASE[f.name], str) and BASE[f.name]:
            assert BASE[f.name] not in text, f"the search index holds the private field {f.name}"


# ---- demo data, docs -----------------------------------------------------------------------------

def test_every_demo_listing_has_the_declared_shape_and_meets_every_rule(app):
    from directory.demo_data import generate
    shape = [f.name for f in fields.FIELDS if f.kind != "internal"]
    with app.test_request_context():
        for data in generate(40):
            assert list(data) == shape
            assert fields.missing_to_submit(data) == []
            assert [(k, str(m)) for k, m in fields.problems_to_submit(data)] == []
            for ref in data["references"]:
                assert set(ref) == {sub.name for sub in fields.REFERENCE_FIELDS}


def test_docs_listing_data_holds_the_generated_tables():
    doc = (ROOT / "docs" / "listing-data.md").read_text(encoding="utf-8")
    for table in (fields.markdown_table(), fields.markdown_table(references=True)):
        assert table in doc, "regenerate the tables: .venv/bin/python -m directory.listings.fields"


def test_the_edit_page_shows_a_control_for_every_editable_field(client, member):
    from listing_helpers import create_listing, post_listing
    pid = create_listing(client)
    post_listing(client, pid, {"company_name_en": "Controls Ltd"}, references=[{"title_en": "Port sensors"}])
    html = client.get(f"/members/listings/{pid}/edit").get_data(as_text=True)
    for f in fields.FIELDS:
        for name in f.form_names if f.kind != "references" else ():
            assert f'name="{name}"' in html, f"templates/members/edit.html does not show {name}"
    for sub in fields.REFERENCE_FIELDS:
        assert f'name="references-0-{sub.name}"' in html, sub.name
