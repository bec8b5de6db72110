"""Review (issue 4 item 2): approve, reject with a reason, edits of live listings, the diff,
suspend and reinstate — all through the pages a person uses."""
import io

from conftest import body_of, read_outbox
from desk_helpers import approve, decide, desk, edit_and_submit, listing_row, slug_of, submit_listing  # noqa: F401
from PIL import Image

from directory.core.extensions import db
from directory.models import AuditEvent, Listing
from directory.listings.diff import diff
from directory.taxonomy import capability_label


def png(color) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (80, 40), color).save(out, format="PNG")
    return out.getvalue()


def test_queue_lists_submissions_oldest_first_and_approval_publishes_at_once(app, client, member, desk):
    first = submit_listing(client)
    second = submit_listing(client, {"company_name_en": "Second Robotics Ltd", "company_name_zh": "",
                                     "br_number": "22223333"})
    queue = desk.get("/secretariat/").get_data(as_text=True)
    assert queue.index("Harbour Sensors Limited") < queue.index("Second Robotics Ltd")
    assert f"/secretariat/review/{first}" in queue and f"/secretariat/review/{second}" in queue
    assert "New listing" in queue

    assert client.get("/search?q=harbour").get_data(as_text=True).count("Harbour Sensors Limited") == 0
    response = approve(desk, first)
    assert response.status_code == 302

    slug = slug_of(app, first)
    profile = client.get(f"/providers/{slug}")
    assert profile.status_code == 200 and "IoT sensing for smart buildings" in profile.get_data(as_text=True)
    # The after-commit hook applied the outbox: the very next search finds it.
    assert "Harbour Sensors Limited" in client.get("/search?q=harbour").get_data(as_text=True)
    queue = desk.get("/secretariat/").get_data(as_text=True)
    assert f"/secretariat/review/{first}" not in queue and f"/secretariat/review/{second}" in queue

    [message] = read_outbox(app)
    assert message["To"] == "member@example.com"
    assert message["Subject"] == "Your listing is published: Harbour Sensors Limited"
    assert f"/providers/{slug}" in body_of(message)
    with app.app_context():
        event = db.session.scalar(db.select(AuditEvent).filter_by(action="listing.approve"))
        assert event.actor.email == "sec@example.com" and event.after["summary_en"] == "IoT sensing for smart buildings"


def test_reject_needs_a_reason_and_tells_the_member_in_their_language(app, client, member, desk):
    pid = submit_listing(client)
    empty = decide(desk, f"/secretariat/review/{pid}/reject", f"/secretariat/review/{pid}", **{"reject-reason": "  "})
    assert empty.status_code == 200
    assert "Please give a reason; the member will read it." in empty.get_data(as_text=True)
    assert listing_row(app, pid).published_revision_id is None
    assert read_outbox(app) == []

    response = decide(desk, f"/secretariat/review/{pid}/reject", f"/secretariat/review/{pid}",
                      **{"reject-reason": "Please add a project reference in Viet Nam."})
    assert response.status_code == 302
    [message] = read_outbox(app)
    assert message["To"] == "member@example.com"
    assert message["Subject"] == "Your listing needs changes: Harbour Sensors Limited"
    assert "Please add a project reference in Viet Nam." in body_of(message)
    preview = client.get(f"/members/listings/{pid}").get_data(as_text=True)
    assert "Returned for changes" in preview and "Please add a project reference in Viet Nam." in preview
    assert client.get("/search?q=harbour").get_data(as_text=True).count("Harbour Sensors Limited") == 0


def test_an_edit_keeps_the_published_version_public_until_it_is_approved(app, client, member, desk):
    pid = submit_listing(client)
    approve(desk, pid)
    slug = slug_of(app, pid)
    edit_and_submit(client, pid, {"summary_en": "Digital twins for ports"})

    public = client.get(f"/providers/{slug}").get_data(as_text=True)
    assert "IoT sensing for smart buildings" in public and "Digital twins for ports" not in public
    assert "Digital twins" not in client.get("/search?q=digital+twins").get_data(as_text=True)
    assert "Edit of a published listing" in desk.get("/secretariat/").get_data(as_text=True)

    approve(desk, pid)
    public = client.get(f"/providers/{slug}").get_data(as_text=True)
    assert "Digital twins for ports" in public and "IoT sensing for smart buildings" not in public
    assert client.get(f"/providers/{slug}").status_code == 200
    assert read_outbox(app)[-1]["Subject"] == "Your changes are published: Harbour Sensors Limited"


def test_the_review_page_shows_only_the_changed_fields(app, client, member, desk):
    ref = {"title_en": "Smart lamp posts", "title_zh": "智慧燈柱", "country": "SG", "city": "Singapore",
           "year": "2021", "client_type": "government", "role": "prime-contractor", "description": ""}
    pid = submit_listing(client, references=[ref])
    approve(desk, pid)
    new_ref = {"title_en": "Port sensors", "title_zh": "", "country": "MY", "city": "Penang", "year": "2023",
               "client_type": "private", "role": "supplier", "description": ""}
    edit_and_submit(client, pid, {"summary_zh": "港口數碼孿生", "capabilities": ["iot", "smart-building", "ai"],
                                  "logo": (io.BytesIO(png((10, 120, 200))), "logo.png")},
                    references=[{**ref, "year": "2022"}, new_ref])
    html = desk.get(f"/secretariat/review/{pid}").get_data(as_text=True)

    assert 'id="diff-summary"' in html and "<ins>港口數碼孿生</ins>" in html
    assert "智慧建築物聯網感測" in html  # the published Chinese summary, beside the new one
    assert 'id="diff-capabilities"' in html and "<ins>Artificial Intelligence</ins>" in html
    assert "<del>Smart Building" not in html  # smart-building stays, so it is not listed as removed
    logo = html[html.index('id="diff-logo"'):].split("</section>")[0]
    assert logo.count("/media/logos/") == 1 and "No logo" in logo  # none before, one after
    assert 'id="diff-references"' in html and "Port sensors" in html and "Added" in html
    assert "<del>2021</del>" in html and "<ins>2022</ins>" in html  # the changed reference, field by field
    for unchanged in ("company_name", "br_number", "email", "regions_served", "description"):
        assert f'id="diff-{unchanged}"' not in html, unchanged


def test_diff_of_references_pairs_rows_by_title():
    old = {"references": [{"title_en": "A", "year": 2020}, {"title_en": "B", "year": 2019}],
           "company_name_en": "X", "company_name_zh": "甲", "capabilities": ["iot"], "logo": None}
    new = {"references": [{"title_en": "A", "year": 2021}, {"title_en": "C", "year": 2022}],
           "company_name_en": "X", "company_name_zh": "乙", "capabilities": ["iot", "5g"], "logo": "f.png"}
    changes = {c.key: c for c in diff(old, new)}
    assert set(changes) == {"company_name", "capabilities", "logo", "references"}
    assert not changes["company_name"].en.changed and changes["company_name"].zh.changed
    assert changes["capabilities"].added == [capability_label("5g")] and changes["capabilities"].removed == []
    rows = {row.kind: row for row in changes["references"].rows}
    assert rows["changed"].fields == [("Year", "2020", "2021")]
    assert rows["removed"].before["title_en"] == "B" and rows["added"].after["title_en"] == "C"
    assert diff(new, new) == []


def test_a_resubmission_during_review_is_not_approved_or_rejected_unseen(app, client, member, desk):
    import re

    from conftest import csrf_from
    pid = submit_listing(client)
    html = desk.get(f"/secretariat/review/{pid}").get_data(as_text=True)
    seen = re.search(r'name="seen" type="hidden" value="([^"]*)"', html).group(1)
    edit_and_submit(client, pid, {"summary_en": "Changed while you were reading"})
    for action, fields in (("approve", {"seen": seen}), ("reject", {"reject-seen": seen, "reject-reason": "No"})):
        response = desk.post(f"/secretariat/review/{pid}/{action}",
                             data={"csrf_token": csrf_from(html), **fields}, follow_redirects=True)
        page = response.get_data(as_text=True)
        assert "The member changed this listing while you were reviewing; review the new version." in page
        assert "Changed while you were reading" in page  # the review page shows the new version
        row = listing_row(app, pid)
        assert row.published_revision_id is None
    with app.app_context():
        assert db.session.get(Listing, row.id).working.state == "submitted"
    assert read_outbox(app) == []


def test_suspend_hides_the_listing_and_reinstate_brings_it_back(app, client, member, desk):
    pid = submit_listing(client)
    approve(desk, pid)
    slug = slug_of(app, pid)
    page = f"/secretariat/listings/{pid}"

    refused = decide(desk, f"{page}/suspend", page, **{"suspend-reason": ""})
    assert refused.status_code == 200 and "Please give a reason" in refused.get_data(as_text=True)
    assert client.get(f"/providers/{slug}").status_code == 200

    assert decide(desk, f"{page}/suspend", page, **{"suspend-reason": "Complaint under review"}).status_code == 302
    assert client.get(f"/providers/{slug}").status_code == 404
    assert "Harbour Sensors Limited" not in client.get("/search?q=harbour").get_data(as_text=True)
    assert "Complaint under review" in desk.get(page).get_data(as_text=True)
    assert read_outbox(app)[-1]["Subject"] == "Your listing is suspended: Harbour Sensors Limited"

    assert decide(desk, f"{page}/reinstate", page, **{"reinstate-reason": "Resolved"}).status_code == 302
    assert client.get(f"/providers/{slug}").status_code == 200
    assert "Harbour Sensors Limited" in client.get("/search?q=harbour").get_data(as_text=True)
    with app.app_context():
        actions = [e.action for e in db.session.scalars(db.select(AuditEvent).order_by(AuditEvent.id))]
        assert actions[-2:] == ["listing.suspend", "listing.reinstate"]
        assert db.session.scalar(db.select(Listing).filter_by(public_id=pid)).suspended_at is None
