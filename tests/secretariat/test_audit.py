"""The audit trail (issue 4 item 5), the listings overview and the enquiries list."""
import re
from datetime import timedelta

from desk_helpers import approve, desk, edit_and_submit, submit_listing  # noqa: F401

from directory.core.extensions import db
from directory.models import Enquiry, utcnow


def actions_shown(html: str) -> list[str]:
    return re.findall(r'<tr class="event" data-action="([^"]+)"', html)


def test_audit_trail_shows_who_did_what_with_before_and_after_and_filters(app, client, member, desk):
    first = submit_listing(client)
    approve(desk, first)
    edit_and_submit(client, first, {"summary_en": "Digital twins for ports"})
    submit_listing(client, {"company_name_en": "Other Robotics Ltd", "company_name_zh": "其他機械人有限公司",
                            "br_number": "55556666"})

    everything = desk.get("/secretariat/audit").get_data(as_text=True)
    assert {"listing.create", "listing.edit", "listing.submit", "listing.approve"} <= set(actions_shown(everything))
    # The edit of the live listing, with the old and the new summary side by side.
    assert "IoT sensing for smart buildings" in everything and "Digital twins for ports" in everything

    approvals = desk.get("/secretariat/audit?action=listing.approve").get_data(as_text=True)
    assert actions_shown(approvals) == ["listing.approve"] and "sec@example.com" in approvals

    by_person = actions_shown(desk.get("/secretariat/audit?person=SEC@example").get_data(as_text=True))
    assert by_person == ["listing.approve"]
    by_member = actions_shown(desk.get("/secretariat/audit?person=member@example.com").get_data(as_text=True))
    assert "listing.approve" not in by_member and by_member.count("listing.submit") == 3

    harbour = desk.get("/secretariat/audit?listing=harbour").get_data(as_text=True)
    assert "Other Robotics" not in harbour and actions_shown(harbour).count("listing.submit") == 2
    chinese = desk.get("/secretariat/audit?listing=機械人").get_data(as_text=True)
    assert "Harbour Sensors" not in chinese and actions_shown(chinese).count("listing.submit") == 1
    by_id = desk.get(f"/secretariat/audit?listing={first}").get_data(as_text=True)
    assert actions_shown(by_id) == actions_shown(harbour)
    nothing = desk.get("/secretariat/audit?listing=100%25_nomatch").get_data(as_text=True)
    assert actions_shown(nothing) == []


def test_listings_page_filters_by_status_and_finds_by_br_number(app, client, member, desk):
    first = submit_listing(client)
    approve(desk, first)
    second = submit_listing(client, {"company_name_en": "Other Robotics Ltd", "br_number": "55556666"})

    waiting = desk.get("/secretariat/listings?status=submitted").get_data(as_text=True)
    assert f"/secretariat/listings/{second}" in waiting and f"/secretariat/listings/{first}" not in waiting
    live = desk.get("/secretariat/listings?status=approved").get_data(as_text=True)
    assert f"/secretariat/listings/{first}" in live and f"/secretariat/listings/{second}" not in live
    by_br = desk.get("/secretariat/listings?q=5555 6666").get_data(as_text=True)
    assert f"/secretariat/listings/{second}" in by_br and f"/secretariat/listings/{first}" not in by_br

    detail = desk.get(f"/secretariat/listings/{first}").get_data(as_text=True)
    assert "Approved and published" in detail and "Suspend the listing" in detail
    assert "Submitted for review" in detail and "Approved" in detail  # its history
    assert desk.get("/secretariat/listings/nosuchid").status_code == 404


def test_enquiries_are_listed_newest_first_paginated_and_escaped(app, desk):
    with app.app_context():
        start = utcnow() - timedelta(days=2)
        for i in range(55):
            db.session.add(Enquiry(at=start + timedelta(minutes=i), listing_ids=["abc"], delivered_to=[],
                                   name=f"Buyer {i:02d}", organisation="Ministry <script>x</script>",
                                   country="SG", email=f"buyer{i}@example.sg", subject=f"Subject {i:02d}",
                                   message="Line one\nLine two", lang="en"))
        db.session.commit()
    first = desk.get("/secretariat/enquiries").get_data(as_text=True)
    assert first.index("Subject 54") < first.index("Subject 53")
    assert "Subject 04" not in first and "page=2" in first
    assert "<script>x</script>" not in first and "&lt;script&gt;x&lt;/script&gt;" in first
    assert "Subject 00" in desk.get("/secretariat/enquiries?page=2").get_data(as_text=True)


def _recorded_in_code():
    """Every action code and detail key passed to audit.record anywhere in directory/."""
    import ast
    from pathlib import Path
    import directory
    actions, keys = set(), set()
    for path in Path(directory.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "record"
                    and getattr(node.func.value, "id", None) == "audit"):
                continue
            if node.args and isinstance(node.args[0], ast.Constant):
                actions.add(node.args[0].value)
            for kw in node.keywords:
                if kw.arg == "details":
                    keys |= {k.value for d in ast.walk(kw.value) if isinstance(d, ast.Dict)
                             for k in d.keys if isinstance(k, ast.Constant)}
    return actions, keys


def test_every_audit_action_and_detail_key_has_words(app):
    """No raw `listing.export` on the audit page: each code the code base records has a label."""
    from directory.secretariat.labels import ACTION_LABELS, DETAIL_LABELS
    actions, keys = _recorded_in_code()
    assert actions and keys
    assert sorted(actions - set(ACTION_LABELS)) == []
    assert sorted(keys - set(DETAIL_LABELS)) == []


def test_audit_details_are_labelled_in_the_readers_language(app, client, member, desk):
    from directory.secretariat.labels import DETAIL_LABELS
    from directory.core.i18n import speaking
    first = submit_listing(client)
    approve(desk, first)
    html = desk.get("/secretariat/audit?lang=zh-Hant").get_data(as_text=True)
    with app.test_request_context(), speaking("zh-Hant"):
        expected = str(DETAIL_LABELS["revision"])
    assert f"<dt>{expected} " in html
