"""The export page and its download (issue 4 item 3; S09, S20)."""
import csv
import io
import json
import zipfile

import openpyxl
import pytest
from conftest import fetch_csrf, post_form
from data_desk_helpers import add_listing, listing_data

from directory.core.extensions import db
from directory.models import ExportLog

PAGE, DOWNLOAD = "/secretariat/exports", "/secretariat/exports/download"


@pytest.fixture
def secretariat(make_user, login):
    uid = make_user(email="sec@example.com", role="secretariat")
    login("sec@example.com")
    return uid


def download(client, **form):
    response = post_form(client, DOWNLOAD, {"format": "hktdc-csv", **form}, token_url=PAGE)
    data = response.get_data()
    response.close()
    return response, data


def test_anonymous_is_sent_to_login_and_a_member_is_refused(client, make_user, login):
    for url in (PAGE, "/secretariat/imports"):
        response = client.get(url)
        assert response.status_code == 302 and "/account/login?next=" in response.location
    token = fetch_csrf(client)
    response = client.post(DOWNLOAD, data={"csrf_token": token, "format": "hktdc-csv"})
    assert response.status_code == 302 and "/account/login" in response.location
    make_user()
    login()
    assert client.get(PAGE).status_code == 403
    token = fetch_csrf(client, "/members/")
    assert client.post(DOWNLOAD, data={"csrf_token": token, "format": "hktdc-csv"}).status_code == 403


def test_the_download_is_an_attachment_with_bom_and_is_logged(app, client, secretariat):
    with app.app_context():
        shown = add_listing(listing_data(0))
        add_listing(listing_data(1, hktdc_consent=False))
    response, data = download(client)
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert ".csv" in response.headers["Content-Disposition"]
    assert response.mimetype == "text/csv"
    assert response.headers["Cache-Control"] == "no-store"
    assert data.startswith(b"\xef\xbb\xbf\"listing_id\",")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert [r[0] for r in rows[1:]] == [shown]
    assert "海港感測有限公司" in rows[1]

    page = client.get(PAGE).get_data(as_text=True)
    assert "sec@example.com" in page and "HKTDC CSV" in page
    with app.app_context():
        log = db.session.scalars(db.select(ExportLog)).one()
        assert (log.actor_id, log.format, log.row_count) == (secretariat, "hktdc-csv", 1)


def test_filters_and_changed_since_from_the_page(app, client, secretariat):
    with app.app_context():
        iot = add_listing(listing_data(0, capabilities=["iot"]))
        add_listing(listing_data(1, capabilities=["fintech"]))
    _response, data = download(client, capability="iot", region="SG", staff_size="11-50",
                               changed_since="2020-01-01")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert [r["listing_id"] for r in rows] == [iot]
    # nothing has changed since that export
    _response, data = download(client, since_last_export="y")
    assert len(data.decode("utf-8-sig").splitlines()) == 1
    with app.app_context():
        logs = db.session.scalars(db.select(ExportLog).order_by(ExportLog.id)).all()
        assert logs[0].filters == {"capability": ["iot"], "region": ["SG"], "staff_size": ["11-50"]}
        assert logs[1].filters == {"since_last_export": True} and logs[1].row_count == 0
    page = client.get(PAGE).get_data(as_text=True)
    assert "Changed since the last export" in page and "IoT" in page


def test_an_unknown_code_is_refused_with_a_message_and_nothing_is_logged(app, client, secretariat):
    response = post_form(client, DOWNLOAD, {"format": "hktdc-csv", "capability": "no-such-thing"},
                         token_url=PAGE)
    assert response.status_code == 400
    assert "Please choose from the list." in response.get_data(as_text=True)
    response = post_form(client, DOWNLOAD, {"format": "pdf"}, token_url=PAGE)
    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalars(db.select(ExportLog)).all() == []


def test_xlsx_and_hsds_downloads(app, client, secretariat):
    with app.app_context():
        pid = add_listing(listing_data(0))
    response, data = download(client, format="xlsx")
    assert response.headers["Content-Disposition"].startswith("attachment;") and ".xlsx" in \
        response.headers["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Listings", "Project references"]
    assert book["Listings"]["A2"].value == pid
    assert book["Project references"]["D2"].value == "Smart poles"
    book.close()

    response, data = download(client, format="hsds")
    assert response.mimetype == "application/zip" and ".zip" in response.headers["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        package = json.loads(archive.read("hsds/datapackage.json"))
        assert {f"hsds/{r['path']}" for r in package["resources"]} | {"hsds/datapackage.json"} == names
        assert "Harbour Sensors Limited" in archive.read("hsds/organizations.csv").decode("utf-8")


def test_the_page_offers_formats_filters_and_lists_no_exports_yet(client, secretariat):
    page = client.get(PAGE).get_data(as_text=True)
    for text in ('value="hktdc-csv"', 'value="xlsx"', 'value="hsds"', 'name="capability"', 'name="region"',
                 'name="delivered_in"', 'name="staff_size"', 'name="changed_since"', 'name="since_last_export"',
                 "No export has been made yet."):
        assert text in page
