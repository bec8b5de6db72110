"""The live rule holds at approval too (issue 10): a submission imported without --publish may
lack what the submit rule requires; the secretariat sees "Missing: …" and cannot approve it until
it is complete -- nothing goes live -- while a complete one approves as before."""
from conftest import PASSWORD, csrf_from, post_form
from data_desk_helpers import csv_file, good_cells

from directory.core.extensions import db
from directory.models import Listing
from directory.listings.live import public_query

INCOMPLETE = {"summary_en": "", "summary_zh": "", "regions_served": ""}


def _desk(app, make_user):
    make_user(email="sec@example.com", role="secretariat")
    browser = app.test_client()
    assert post_form(browser, "/account/login", {"email": "sec@example.com", "password": PASSWORD}).status_code == 302
    return browser


def _approve(desk, pid):
    """POST the approval as the page would (an incomplete submission's page offers no button:
    the request is crafted with the version the page names)."""
    html = desk.get(f"/secretariat/review/{pid}").get_data(as_text=True)
    with desk.application.app_context():
        working = db.session.scalar(db.select(Listing).filter_by(public_id=pid)).working
        seen = f"{working.id}:{working.version}"
    return desk.post(f"/secretariat/review/{pid}/approve", data={"csrf_token": csrf_from(html), "seen": seen})


def _pid(app, n: int) -> str:
    with app.app_context():
        return db.session.scalar(db.select(Listing.public_id).where(Listing.br_number == good_cells(n)["br_number"]))


def test_an_incomplete_imported_submission_cannot_be_approved_a_complete_one_can(app, runner, tmp_path, make_user):
    path = tmp_path / "in.csv"
    path.write_bytes(csv_file(good_cells(1), good_cells(2, **INCOMPLETE)))
    assert runner.invoke(args=["listings", "import", str(path)]).exit_code == 0
    desk = _desk(app, make_user)
    incomplete, complete = _pid(app, 2), _pid(app, 1)

    review = desk.get(f"/secretariat/review/{incomplete}").get_data(as_text=True)
    assert "Approve and publish" not in review and ">Reject<" in review and "Return to the member" not in review
    assert "Approve and publish" in desk.get(f"/secretariat/review/{complete}").get_data(as_text=True)
    response = _approve(desk, incomplete)
    assert response.status_code == 302 and response.location.endswith(f"/secretariat/review/{incomplete}")
    page = desk.get(response.location).get_data(as_text=True)
    assert "cannot be approved" in page and "One-line summary" in page and "Regions served" in page
    assert "The member changed this listing" not in page  # the refusal says why, not a wrong reason
    with app.app_context():
        listing = db.session.scalar(db.select(Listing).filter_by(public_id=incomplete))
        assert listing.published is None and listing.working.state == "submitted"
        assert db.session.scalars(public_query()).all() == []

    assert _approve(desk, complete).status_code == 302
    with app.app_context():
        assert [l.public_id for l in db.session.scalars(public_query())] == [complete]


def test_the_refusal_is_in_the_readers_language(app, runner, tmp_path, make_user):
    path = tmp_path / "in.csv"
    path.write_bytes(csv_file(good_cells(2, **INCOMPLETE)))
    assert runner.invoke(args=["listings", "import", str(path)]).exit_code == 0
    desk = _desk(app, make_user)
    pid = _pid(app, 2)
    desk.get("/secretariat/?lang=zh-Hant")
    response = _approve(desk, pid)
    page = desk.get(response.location).get_data(as_text=True)
    assert "一句簡介" in page and "服務地區" in page  # the labels of the missing fields, in Traditional Chinese
    with app.app_context():
        assert db.session.scalars(public_query()).all() == []
