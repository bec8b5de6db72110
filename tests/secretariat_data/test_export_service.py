"""Which listings an export holds, the filters, "changed since", the export log (issue 4 item 3)."""
import csv
import io

from data_desk_helpers import add_listing, get, listing_data, when

from directory.core.extensions import db
from directory.models import AuditEvent, ExportLog
from directory.data_exchange import exporting
from directory.listings import operations as listings
from directory.data_exchange.exporting import ExportRequest

GOLDEN = (
    '\ufeff"listing_id","company_name_en","company_name_zh","br_number","year_established","staff_size",'
    '"website","email","phone","address_en","address_zh","summary_en","summary_zh","description_en",'
    '"description_zh","capabilities","regions_served","countries_delivered","certifications",'
    '"contact_name","contact_title","scc_member_no","hktdc_consent","last_updated","profile_url"\r\n'
    '"golden000001","\'=HYPERLINK(""x"")","海港感測有限公司","31000000","2010","11-50",'
    '"https://company0.example.hk","info0@company.example.hk","\'+85223000000",'
    '"Unit 0, Science Park, Sha Tin","沙田科學園0室","Smart city services number 0","智慧城市服務0",'
    '"We design things.\nAnd build them.","我們設計及建造。","iot;smart-building","asean;SA","MY;SG",'
    '"ISO 9001;ISO 27001","Chan Tai Man","Director","SCC-0000","Y","2025-03-04T05:06:07Z",'
    '"http://directory.test/providers/golden-listing"\r\n'
)


def export_bytes(request: ExportRequest) -> bytes:
    buffer = io.BytesIO()
    exporting.export(request, buffer, actor=None)
    return buffer.getvalue()


def exported_ids(request: ExportRequest) -> set[str]:
    rows = csv.DictReader(io.StringIO(export_bytes(request).decode("utf-8-sig"), newline=""))
    return {row["listing_id"] for row in rows}


def test_golden_csv_bytes(app):
    """The exact bytes: BOM, header, every field quoted, CRLF, formula guard, lists joined by ;."""
    with app.app_context():
        data = listing_data(0, company_name_en='=HYPERLINK("x")', regions_served=["asean", "SA"],
                            description_en="We design things.\nAnd build them.",
                            certifications=["ISO 9001", "ISO 27001"],
                            references=[{"title_en": "A", "country": "SG"}, {"title_en": "B", "country": "MY"}])
        pid = add_listing(data, approved_at=when(2025, 3, 4, 5, 6, 7, 999))
        listing = get(pid)
        listing.public_id, listing.slug = "golden000001", "golden-listing"
        db.session.commit()
        assert export_bytes(ExportRequest("hktdc-csv")) == GOLDEN.encode("utf-8")


def test_only_approved_public_listings_with_consent(app):
    """S11 for every format: drafts, submitted, rejected and suspended listings never appear;
    hktdc-csv and xlsx leave out listings without HKTDC consent, hsds (public data only) keeps them."""
    with app.app_context():
        shown = add_listing(listing_data(0))
        no_consent = add_listing(listing_data(1, hktdc_consent=False))
        hidden = [add_listing(listing_data(2), "draft"), add_listing(listing_data(3), "submitted"),
                  add_listing(listing_data(4), "rejected"), add_listing(listing_data(5), "suspended")]
        assert exported_ids(ExportRequest("hktdc-csv")) == {shown}

        import openpyxl
        book = openpyxl.load_workbook(io.BytesIO(export_bytes(ExportRequest("xlsx"))), read_only=True)
        ids = {row[0] for row in book["Listings"].iter_rows(min_row=2, values_only=True)}
        book.close()
        assert ids == {shown}

        items = list(exporting.iter_items(ExportRequest("hsds"), None))
        assert {item.public_id for item in items} == {shown, no_consent}
        assert not set(hidden) & {item.public_id for item in items}


def test_the_published_version_is_exported_while_an_edit_waits(app):
    with app.app_context():
        pid = add_listing(listing_data(0))
        listing = get(pid)
        listings.save_draft(listing, {"company_name_en": "Renamed But Not Approved"}, listing.owner)
        listings.submit(listing, listing.owner)
        db.session.commit()
        text = export_bytes(ExportRequest("hktdc-csv")).decode("utf-8-sig")
        assert "Harbour Sensors Limited" in text and "Renamed But Not Approved" not in text


def test_filters_follow_the_search_facets(app):
    with app.app_context():
        asean = add_listing(listing_data(0, regions_served=["asean"], capabilities=["iot"], staff_size="1-10"))
        singapore = add_listing(listing_data(1, regions_served=["SG"], capabilities=["fintech"],
                                             staff_size="11-50"))
        gulf = add_listing(listing_data(2, regions_served=["AE"], capabilities=["iot", "ai"], staff_size="1001+",
                                        references=[{"title_en": "Port", "country": "AE"}]))
        assert exported_ids(ExportRequest("hktdc-csv", capability=["iot"])) == {asean, gulf}
        assert exported_ids(ExportRequest("hktdc-csv", capability=["iot", "fintech"])) == {asean, singapore, gulf}
        # the region rule: SG matches a listing serving ASEAN, asean matches a listing serving SG
        assert exported_ids(ExportRequest("hktdc-csv", region=["SG"])) == {asean, singapore}
        assert exported_ids(ExportRequest("hktdc-csv", region=["asean"])) == {asean, singapore}
        assert exported_ids(ExportRequest("hktdc-csv", region=["middle-east"])) == {gulf}
        assert exported_ids(ExportRequest("hktdc-csv", delivered_in=["AE"])) == {gulf}
        assert exported_ids(ExportRequest("hktdc-csv", staff_size=["1-10", "1001+"])) == {asean, gulf}
        # AND across groups
        assert exported_ids(ExportRequest("hktdc-csv", capability=["iot"], region=["SG"])) == {asean}
        assert exported_ids(ExportRequest("hktdc-csv", capability=["fintech"], staff_size=["1-10"])) == set()


def test_changed_since_a_date(app):
    with app.app_context():
        old = add_listing(listing_data(0), approved_at=when(2024, 1, 10))
        recent = add_listing(listing_data(1), approved_at=when(2025, 6, 1, 8))
        assert exported_ids(ExportRequest("hktdc-csv", changed_since=when(2025, 6, 1))) == {recent}
        assert exported_ids(ExportRequest("hktdc-csv", changed_since=when(2024, 1, 1))) == {old, recent}


def test_changed_since_the_last_export_of_the_same_format(app):
    with app.app_context():
        first = add_listing(listing_data(0), approved_at=when(2024, 1, 10))
        since_last = ExportRequest("hktdc-csv", since_last_export=True)
        assert exported_ids(since_last) == {first}  # no export yet: everything
        db.session.commit()
        second = add_listing(listing_data(1))  # approved now, after that export
        assert exported_ids(since_last) == {second}
        db.session.commit()
        assert exported_ids(since_last) == set()
        # another format has its own "last export"
        assert {i.public_id for i in exporting.iter_items(
            ExportRequest("hsds", since_last_export=True),
            exporting.effective_since(ExportRequest("hsds", since_last_export=True)))} == {first, second}


def test_every_export_is_logged_with_an_audit_row(app, make_user):
    uid = make_user(email="sec@example.com", role="secretariat")
    with app.app_context():
        add_listing(listing_data(0))
        add_listing(listing_data(1, capabilities=["ai"]))
        from directory.models import User
        actor = db.session.get(User, uid)
        log = exporting.export(ExportRequest("hktdc-csv", capability=["iot"], changed_since=when(2020, 1, 1)),
                               io.BytesIO(), actor=actor)
        db.session.commit()
        saved = db.session.scalars(db.select(ExportLog)).all()
        assert len(saved) == 1 and saved[0].id == log.id
        assert (saved[0].actor_id, saved[0].format, saved[0].row_count) == (uid, "hktdc-csv", 1)
        assert saved[0].filters == {"capability": ["iot"]}
        assert saved[0].changed_since == when(2020, 1, 1)
        event = db.session.scalars(db.select(AuditEvent).filter_by(action="listing.export")).one()
        assert event.actor_id == uid
        assert event.details["rows"] == 1 and event.details["format"] == "hktdc-csv"
