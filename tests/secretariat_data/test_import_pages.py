"""The import upload page (issue 4 item 4; S09, S22)."""
import io

import pytest
from conftest import fetch_csrf
from data_desk_helpers import add_listing, csv_file, good_cells, listing_data

from directory.core.extensions import db
from directory.models import AuditEvent, Listing

PAGE = "/secretariat/imports"


@pytest.fixture
def secretariat(make_user, login):
    uid = make_user(email="sec@example.com", role="secretariat")
    login("sec@example.com")
    return uid


def upload(client, content: bytes, name="listings.csv", **flags):
    data = {"csrf_token": fetch_csrf(client, PAGE), "file": (io.BytesIO(content), name)}
    data.update({flag: "y" for flag, on in flags.items() if on})
    return client.post(PAGE, data=data, content_type="multipart/form-data")


def listing_count(app) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(Listing))


def test_the_page_shows_the_upload_form(client, secretariat):
    page = client.get(PAGE).get_data(as_text=True)
    assert 'type="file"' in page and 'name="dry_run"' in page and 'name="publish"' in page
    assert 'enctype="multipart/form-data"' in page


def test_a_member_is_refused_and_anonymous_is_sent_to_login(app, client, make_user, login):
    token = fetch_csrf(client)
    response = client.post(PAGE, data={"csrf_token": token, "file": (io.BytesIO(csv_file(good_cells(1))), "a.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 302 and "/account/login" in response.location
    make_user()
    login()
    assert client.get(PAGE).status_code == 403
    response = upload(client, csv_file(good_cells(1)))
    assert response.status_code == 403
    assert listing_count(app) == 0


def test_an_invalid_file_shows_every_problem_with_line_and_column_and_writes_nothing(app, client, secretariat):
    rows = [good_cells(1), good_cells(2, br_number="12AB", email=""), good_cells(3, capabilities="<script>x")]
    response = upload(client, csv_file(*rows))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Nothing was imported: the file has 3 problem(s)." in page
    assert "<td>3</td><td>br_number</td><td>“12AB” is not a Business Registration number" in page
    assert "<td>3</td><td>email</td><td>A value is required.</td>" in page
    assert "<td>4</td><td>capabilities</td><td>“&lt;script&gt;x” is not a known capability code.</td>" in page
    assert listing_count(app) == 0


def test_a_dry_run_shows_what_would_change_and_writes_nothing(app, client, secretariat):
    with app.app_context():
        add_listing(listing_data(6))
    response = upload(client, csv_file(good_cells(1), good_cells(6, summary_en="Changed")), dry_run=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Dry run: nothing was written." in page
    assert "Importing this file would add 1 listing(s), update 1 and leave 0 unchanged." in page
    assert listing_count(app) == 1
    with app.app_context():
        assert db.session.scalars(db.select(AuditEvent).filter_by(action="listing.import")).all() == []


def test_an_import_lands_in_the_review_queue(app, client, secretariat):
    response = upload(client, csv_file(good_cells(1), good_cells(2)))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "2 listing(s) added, 0 updated, 0 unchanged." in page
    assert "The changed listings wait in the review queue." in page
    queue = client.get("/secretariat/").get_data(as_text=True)
    assert listing_data(1)["company_name_en"] in queue
    with app.app_context():
        event = db.session.scalars(db.select(AuditEvent).filter_by(action="listing.import")).one()
        assert event.actor_id == secretariat and event.details["file"] == "listings.csv"


def test_publish_from_the_page_is_recorded_as_the_secretariat_users_approval(app, client, secretariat):
    upload(client, csv_file(good_cells(1)), publish=True)
    with app.app_context():
        listing = db.session.scalars(db.select(Listing)).one()
        assert listing.status == "approved" and listing.published.reviewer_id == secretariat


def test_a_possible_duplicate_is_shown_but_does_not_stop_the_import(app, client, secretariat):
    with app.app_context():
        add_listing(listing_data(0))
    page = upload(client, csv_file(good_cells(1, company_name_en="Harbour Sensors Ltd"))).get_data(as_text=True)
    assert "Possible duplicates" in page and "is very similar to" in page
    assert listing_count(app) == 2


def test_a_file_that_is_not_utf8_gets_a_clear_message(app, client, secretariat):
    text = csv_file(good_cells(1)).decode("utf-8").replace("\ufeff", "")
    response = upload(client, text.encode("big5"))
    assert response.status_code == 422
    assert "The file is not UTF-8 text" in response.get_data(as_text=True)
    assert listing_count(app) == 0


def test_no_file_and_too_large_a_file(app, client, secretariat):
    response = client.post(PAGE, data={"csrf_token": fetch_csrf(client, PAGE)}, content_type="multipart/form-data")
    assert response.status_code == 400 and "Please choose a CSV file." in response.get_data(as_text=True)
    big = b"x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    assert upload(client, big).status_code == 413
