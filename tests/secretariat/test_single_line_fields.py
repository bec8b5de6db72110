"""S34: a line break in a single-line field never reaches the database or a mail header, and no
mail problem blocks a secretariat decision (issue 8 row 3)."""
import io

from conftest import read_outbox
from desk_helpers import approve, decide, desk, edit_and_submit, submit_listing  # noqa: F401 (desk: a fixture)
from listing_helpers import COMPLETE

from directory.data_exchange.exports.hktdc_csv import COLUMNS, listing_to_row, write_csv
from directory.core.extensions import db
from directory.models import Listing, ListingRevision

HOSTILE = "Acme\r\nBcc: x@evil.example"
ONE_LINE = "Acme Bcc: x@evil.example"


def csv_with(**fields) -> bytes:
    """A one-row listing CSV as the export writes it, with `fields` in the listing data shape."""
    data = {**COMPLETE, "certifications": ["ISO 9001"], "regions_served": ["asean", "AE"], "hktdc_consent": True,
            "year_established": 2012, "phone": "+85221234567", **fields}
    buffer = io.BytesIO()
    row = listing_to_row("", data, last_updated=None, profile_url="")
    write_csv([{c: row.get(c, "") for c in COLUMNS}], buffer)
    return buffer.getvalue()


def working_data(app, pid):
    with app.app_context():
        listing = db.session.scalar(db.select(Listing).filter_by(public_id=pid))
        return dict((listing.working or listing.published).data)


def decide_everything(app, desk, client, pid, name):
    """Reject, resubmit, approve, suspend, reinstate: each answers 302 and mails the member a
    one-line subject naming the company."""
    page = f"/secretariat/listings/{pid}"
    steps = [
        (lambda: decide(desk, f"/secretariat/review/{pid}/reject", f"/secretariat/review/{pid}",
                        **{"reject-reason": "Please check the name."}), "Your listing needs changes: "),
        (lambda: (edit_and_submit(client, pid, {"company_name_en": HOSTILE}), approve(desk, pid))[1],
         "Your listing is published: "),
        (lambda: decide(desk, f"{page}/suspend", page, **{"suspend-reason": "Complaint"}), "Your listing is suspended: "),
        (lambda: decide(desk, f"{page}/reinstate", page, **{"reinstate-reason": "Resolved"}),
         "Your listing is visible again: "),
    ]
    for step, subject in steps:
        before = len(read_outbox(app))
        response = step()
        assert response.status_code == 302, (subject, response.status_code)
        mails = read_outbox(app)
        assert len(mails) == before + 1, subject
        assert mails[-1]["Subject"] == subject + name and mails[-1]["Bcc"] is None
        assert mails[-1]["To"] == "member@example.com"


def test_line_breaks_in_single_line_fields_become_one_space_from_the_form(app, client, member, desk):
    pid = submit_listing(client, {"company_name_en": HOSTILE, "company_name_zh": "甲\u2028乙",
                                  "contact_name": "Chan\u2029Tai Man", "contact_title": "Director\x85Sales",
                                  "summary_en": "IoT\r\nsensing", "address_en": "Unit 5\r\nScience Park"},
                         references=[{"title_en": "Smart\nposts", "country": "SG", "year": "2021",
                                      "client_type": "government", "role": "supplier"}])
    data = working_data(app, pid)
    assert data["company_name_en"] == ONE_LINE and data["company_name_zh"] == "甲 乙"
    assert data["contact_name"] == "Chan Tai Man" and data["contact_title"] == "Director Sales"
    assert data["summary_en"] == "IoT sensing"
    assert data["address_en"] == "Unit 5\r\nScience Park"  # addresses keep their lines
    [ref] = data["references"]
    assert ref["title_en"] == "Smart posts"
    decide_everything(app, desk, client, pid, ONE_LINE)


def test_line_breaks_in_names_become_one_space_through_the_importer(app, runner, tmp_path, desk):
    path = tmp_path / "hostile.csv"
    path.write_bytes(csv_with(company_name_en=HOSTILE, contact_name="Chan\r\nTai Man"))
    result = runner.invoke(args=["listings", "import", str(path)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        listing = db.session.scalar(db.select(Listing))
        assert listing.working.data["company_name_en"] == ONE_LINE
        assert listing.working.data["contact_name"] == "Chan Tai Man"
        pid = listing.public_id
    assert approve(desk, pid).status_code == 302  # imported listings belong to no reader: no mail


def test_a_stored_multi_line_name_never_blocks_a_decision(app, client, member, desk):
    """Rows written before names were normalised: the mail subject is built on one line anyway."""
    pid = submit_listing(client)
    with app.app_context():
        listing = db.session.scalar(db.select(Listing).filter_by(public_id=pid))
        data = {**listing.working.data, "company_name_en": HOSTILE}
        db.session.execute(db.update(ListingRevision).where(ListingRevision.id == listing.working_revision_id)
                           .values(data=data))
        db.session.commit()
    decide_everything(app, desk, client, pid, ONE_LINE)
