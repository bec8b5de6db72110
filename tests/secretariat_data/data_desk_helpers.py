"""Listings in every state, made through the real services, for the export and import tests."""
from datetime import datetime, timezone

from directory.core.extensions import db
from directory.models import Listing
from directory.accounts import operations as accounts
from directory.listings import operations as listings
from directory.listings import review

OWNER = "owner@example.com"
NAMES = [("Harbour Sensors Limited", "海港感測有限公司"), ("Kowloon Ledger Fintech Ltd", "九龍賬本金融科技有限公司"),
         ("Lantau Robotics Company", "大嶼山機械人公司"), ("Victoria Cloud Works Limited", "維港雲端工程有限公司"),
         ("Jade Geospatial Group", "翡翠地理資訊集團"), ("Pearl Delta Data Centres", "珠三角數據中心"),
         ("Silk Road Secure Systems", "絲路保安系統"), ("Peak Mobility Partners", "山頂智慧出行夥伴")]


def listing_data(n: int = 0, **over) -> dict:
    en, zh = NAMES[n % len(NAMES)]
    data = {
        "company_name_en": en, "company_name_zh": zh, "br_number": f"{31000000 + n:08d}",
        "year_established": 2010 + n % 10, "staff_size": "11-50",
        "website": f"https://company{n}.example.hk", "email": f"info{n}@company.example.hk",
        "phone": f"+8522{3000000 + n:07d}", "address_en": f"Unit {n}, Science Park, Sha Tin",
        "address_zh": f"沙田科學園{n}室", "summary_en": f"Smart city services number {n}",
        "summary_zh": f"智慧城市服務{n}", "description_en": "We design things and build them.",
        "description_zh": "我們設計及建造。", "capabilities": ["iot", "smart-building"],
        "regions_served": ["asean"], "certifications": ["ISO 9001"], "languages": ["en", "yue"],
        "contact_name": "Chan Tai Man", "contact_title": "Director", "scc_member_no": f"SCC-{n:04d}",
        "hktdc_consent": True, "logo": None,
        "references": [{"title_en": "Smart poles", "title_zh": "智慧燈柱", "country": "SG", "city": "Singapore",
                        "year": 2021, "client_type": "government", "role": "prime-contractor",
                        "description": "Sensors on lamp posts."}],
    }
    data.update(over)
    return data


def owner():
    return accounts.find_by_email(OWNER) or accounts.create_user(OWNER, "x" * 12, confirmed=True)


def add_listing(data: dict, state: str = "approved", approved_at: datetime | None = None) -> str:
    """Create a listing in *state* (draft, submitted, approved, rejected, suspended); commit;
    return its public id.  Call inside an app context."""
    user = owner()
    listing = listings.create(user)
    listings.save_draft(listing, data, user)
    if state != "draft":
        listings.submit(listing, user)
    if state == "rejected":
        review.reject(listing, user, "Please add more detail.")
    if state in ("approved", "suspended"):
        review.approve(listing, None)
        if approved_at is not None:
            listing.published.reviewed_at = approved_at
            listing.published_at = approved_at
    if state == "suspended":
        review.suspend(listing, user, "Under investigation.")
    db.session.commit()
    return listing.public_id


def get(public_id: str) -> Listing:
    return db.session.scalar(db.select(Listing).filter_by(public_id=public_id))


def when(*args) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)


def good_cells(n: int = 0, **over) -> dict:
    """One valid CSV row as the file holds it (strings), for listing n of NAMES."""
    from directory.data_exchange.exports.hktdc_csv import listing_to_row
    row = listing_to_row("", listing_data(n), last_updated=None, profile_url="")
    row.update(over)
    return row


def csv_file(*rows, header=None) -> bytes:
    """The listing CSV as the export writes it (BOM, every field quoted, formula guard)."""
    import io

    from directory.data_exchange.exports.hktdc_csv import COLUMNS, write_csv
    if header is not None:
        import csv
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow(row)
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")
    buffer = io.BytesIO()
    write_csv([{c: row.get(c, "") for c in COLUMNS} for row in rows], buffer)
    return buffer.getvalue()
