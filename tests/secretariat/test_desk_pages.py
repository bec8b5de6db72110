"""What the desk's pages say (helper G's look at them): company names in the reader's script in
lists and headings while the diff shows the stored text; an imported listing's review page says
what can really be done with it (nobody holds it, nobody is mailed); the area picker's
"Chosen: …" is one sentence (no space after a full-width colon)."""
import re
import sys
from pathlib import Path

from conftest import read_outbox

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "secretariat_data"))
from data_desk_helpers import csv_file, good_cells  # noqa: E402
from desk_helpers import decide, desk, submit_listing  # noqa: E402,F401

from directory.core.extensions import db  # noqa: E402
from directory.listings.live import public_query  # noqa: E402
from directory.models import Listing  # noqa: E402

INCOMPLETE = {"summary_en": "", "summary_zh": "", "regions_served": ""}
TRADITIONAL, SIMPLIFIED = "珠三角數據中心", "珠三角数据中心"  # good_cells(5)'s Chinese name


def _import(runner, tmp_path, *rows) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes(csv_file(*rows))
    result = runner.invoke(args=["listings", "import", str(path)])
    assert result.exit_code == 0, result.output


def _pid(app, n: int) -> str:
    with app.app_context():
        return db.session.scalar(db.select(Listing.public_id).where(Listing.br_number == good_cells(n)["br_number"]))


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_queue_and_review_headings_show_names_in_the_readers_script_the_diff_the_stored_text(app, runner, tmp_path, desk):
    _import(runner, tmp_path, good_cells(5))
    pid = _pid(app, 5)
    queue = desk.get("/secretariat/?lang=zh-Hans").get_data(as_text=True)
    row = queue[queue.index(f"/secretariat/review/{pid}") - 1500:queue.index(f"/secretariat/review/{pid}") + 300]
    assert SIMPLIFIED in row and TRADITIONAL not in row

    review = desk.get(f"/secretariat/review/{pid}?lang=zh-Hans").get_data(as_text=True)
    title = re.search(r"<title>(.*?)</title>", review, re.S).group(1)
    heading = re.search(r"<h1>(.*?)</h1>", review, re.S).group(1)
    assert SIMPLIFIED in title and SIMPLIFIED in heading and TRADITIONAL not in heading
    diff = review[review.index('class="diff-fields"'):review.index('class="preview"')]
    assert TRADITIONAL in diff and SIMPLIFIED not in diff  # what the member (or file) stored, exactly

    traditional = desk.get(f"/secretariat/review/{pid}?lang=zh-Hant").get_data(as_text=True)
    assert TRADITIONAL in re.search(r"<h1>(.*?)</h1>", traditional, re.S).group(1)
    listings = desk.get("/secretariat/listings?lang=zh-Hans").get_data(as_text=True)
    assert SIMPLIFIED in listings and TRADITIONAL not in listings


def test_an_imported_incomplete_listing_says_import_again_or_reject_and_reject_mails_nobody(app, runner, tmp_path, desk):
    _import(runner, tmp_path, good_cells(5, **INCOMPLETE))
    pid = _pid(app, 5)
    page = _text(desk.get(f"/secretariat/review/{pid}").get_data(as_text=True))
    assert "return it to the member" not in page and "Return to the member" not in page
    assert "The member reads this reason" not in page
    assert "Import the row again with the missing columns filled in" in page
    assert "No member holds this listing" in page
    assert "CSV import" in page  # the Member line names the holder for what it is, not an address nobody reads
    assert "What was submitted" in page and "What the member submitted" not in page
    assert ">Reject<" in desk.get(f"/secretariat/review/{pid}").get_data(as_text=True)

    response = decide(desk, f"/secretariat/review/{pid}/reject", f"/secretariat/review/{pid}",
                      **{"reject-reason": "Summary and regions missing in the source file."})
    assert response.status_code == 302
    said = _text(desk.get(response.location).get_data(as_text=True))
    assert "Returned to the member" not in said and "stays out of the directory" in said
    assert read_outbox(app) == []
    with app.app_context():
        listing = db.session.scalar(db.select(Listing).filter_by(public_id=pid))
        assert listing.working.state == "rejected" and listing.published is None
        assert db.session.scalars(public_query()).all() == []


def test_a_members_listing_keeps_the_member_wording(app, client, member, desk):
    pid = submit_listing(client)
    page = _text(desk.get(f"/secretariat/review/{pid}").get_data(as_text=True))
    assert "Return to the member" in page and "The member reads this reason in the email and on their listing." in page
    assert "No member holds this listing" not in page and "member@example.com" in page
    assert "What the member submitted" in page and "Publish this version. The member is told by email." in page


def test_the_area_pickers_chosen_line_is_one_sentence(desk):
    for lang in ("en", "zh-Hant", "zh-Hans"):
        html = desk.get(f"/secretariat/exports?lang={lang}").get_data(as_text=True)
        line = re.search(r'<p class="area-chosen-label"[^>]*>(.*?)</p>', html, re.S).group(1)
        assert "： " not in line and ":<" not in line, (lang, line)  # no space glued after a full-width colon
        assert "data-area-none" in line
    english = desk.get("/secretariat/exports?lang=en").get_data(as_text=True)
    assert re.search(r'>Chosen: <span data-area-none>nothing yet</span></p>', english)


def test_approving_an_imported_listing_promises_no_mail_and_names_it_in_the_readers_script(app, runner, tmp_path, desk):
    _import(runner, tmp_path, good_cells(5))
    pid = _pid(app, 5)
    desk.get("/secretariat/?lang=zh-Hans")
    html = desk.get(f"/secretariat/review/{pid}").get_data(as_text=True)
    seen = re.search(r'name="seen" type="hidden" value="([^"]*)"', html).group(1)
    from conftest import csrf_from
    response = desk.post(f"/secretariat/review/{pid}/approve", data={"csrf_token": csrf_from(html), "seen": seen})
    assert response.status_code == 302
    said = _text(desk.get(response.location).get_data(as_text=True))
    assert SIMPLIFIED in said and TRADITIONAL not in said
    desk.get("/secretariat/?lang=en")
    with app.app_context():
        assert [listing.public_id for listing in db.session.scalars(public_query())] == [pid]
    assert read_outbox(app) == []  # nobody holds it: nobody is told
