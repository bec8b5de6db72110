"""S35 (issue 8 row 11): duplicate codes are collapsed wherever a listing is saved, first one
kept, order kept — 50,000 copies of `iot` from the form are stored once, and so are the copies
a CSV cell can hold."""
import io
import re

from listing_helpers import COMPLETE, create_listing
from conftest import csrf_from

from directory.data_exchange.exports.hktdc_csv import COLUMNS, listing_to_row, write_csv
from directory.core.extensions import db
from directory.models import Listing


def stored(app, pid=None) -> dict:
    with app.app_context():
        query = db.select(Listing) if pid is None else db.select(Listing).filter_by(public_id=pid)
        listing = db.session.scalar(query)
        return dict(listing.working.data)


def test_fifty_thousand_copies_of_a_code_from_the_form_are_stored_once(app, client, member):
    pid = create_listing(client)
    url = f"/members/listings/{pid}/edit"
    token = csrf_from(client.get(url).get_data(as_text=True))
    fields = {**COMPLETE, "capabilities": ["iot"] * 50_000 + ["smart-building", "iot"],
              "regions": ["asean", "middle-east", "asean"], "countries": ["AE", "AE", "SG"],
              "languages": ["en", "yue", "en"], "certifications": "ISO 9001; ISO 27001; ISO 9001",
              "csrf_token": token, "save": "1"}
    response = client.post(url, data=fields, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 302, re.findall(r"class=\"(?:error|field-error)[^>]*>([^<]+)", response.get_data(as_text=True))
    data = stored(app, pid)
    assert data["capabilities"] == ["iot", "smart-building"]
    assert data["regions_served"] == ["asean", "middle-east", "AE", "SG"]
    assert data["languages"] == ["en", "yue"] and data["certifications"] == ["ISO 9001", "ISO 27001"]
    assert client.get(url).status_code == 200


def csv_with(**cells) -> bytes:
    data = {**COMPLETE, "certifications": ["ISO 9001"], "regions_served": ["asean"], "hktdc_consent": True,
            "year_established": 2012, "phone": "+85221234567"}
    row = {**listing_to_row("", data, last_updated=None, profile_url=""), **cells}
    buffer = io.BytesIO()
    write_csv([{c: row.get(c, "") for c in COLUMNS}], buffer)
    return buffer.getvalue()


def test_copies_of_a_code_in_an_imported_cell_are_stored_once(app, runner, tmp_path):
    path = tmp_path / "copies.csv"
    # 30,000 copies fill a CSV cell (the csv module's 128 KiB field limit); a larger cell is refused.
    path.write_bytes(csv_with(capabilities=";".join(["iot"] * 30_000 + ["5g", "IOT"]),
                              regions_served="asean;SG;asean;sg", certifications="ISO 9001;ISO 9001"))
    result = runner.invoke(args=["listings", "import", str(path)])
    assert result.exit_code == 0, result.output
    data = stored(app)
    assert data["capabilities"] == ["iot", "5g"] and data["regions_served"] == ["asean", "SG"]
    assert data["certifications"] == ["ISO 9001"]

    path.write_bytes(csv_with(capabilities=";".join(["iot"] * 50_000)))
    result = runner.invoke(args=["listings", "import", str(path)])
    assert result.exit_code == 1 and "field larger than field limit" in result.output
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Listing)) == 1  # nothing more written


def test_copies_already_in_storage_go_at_the_next_save_even_of_other_fields(app, runner, tmp_path):
    """A revision stored before the rule (or written by hand) holds duplicates in keys an import
    does not carry (languages): the next save of the listing stores them once too."""
    path = tmp_path / "one.csv"
    path.write_bytes(csv_with())
    assert runner.invoke(args=["listings", "import", str(path)]).exit_code == 0
    with app.app_context():
        listing = db.session.scalar(db.select(Listing))
        listing.working.data = {**listing.working.data, "languages": ["en", "yue", "en", "yue"]}
        db.session.commit()
    assert stored(app)["languages"] == ["en", "yue", "en", "yue"]  # storage really holds the copies
    path.write_bytes(csv_with(summary_en="Smart poles and sensors for ports"))
    result = runner.invoke(args=["listings", "import", str(path)])
    assert result.exit_code == 0, result.output
    data = stored(app)
    assert data["summary_en"] == "Smart poles and sensors for ports"
    assert data["languages"] == ["en", "yue"]
