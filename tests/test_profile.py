"""The public profile page: three languages with fallback, JSON-LD that parses and cannot be
broken out of, the enquiry button, and 404 for everything that is not public (S11, S12)."""
import io
import json
import re

import pytest
from PIL import Image

from directory import taxonomy
from directory.search import service as search
from directory.core import web
from directory.core.extensions import db
from directory.core.i18n import pick
from directory.models import Listing
from directory.accounts import operations as accounts
from directory.listings import operations as listings
from directory.listings import logos
from directory.listings import review

DATA = {
    "company_name_en": "Harbour Sensors Limited", "company_name_zh": "海港感測有限公司", "br_number": "12345678",
    "year_established": 2012, "staff_size": "11-50", "website": "https://harbour-sensors.example.hk",
    "email": "hello@harbour-sensors.example.hk", "phone": "+85221234567",
    "address_en": "Unit 5, Science Park, Sha Tin", "address_zh": "沙田科學園5室",
    "summary_en": "IoT sensing for smart buildings", "summary_zh": "智慧建築物聯網感測",
    "description_en": "We design and install sensor networks.", "description_zh": "我們設計及安裝感測網絡。",
    "capabilities": ["iot", "smart-building"], "regions_served": ["asean", "AE"],
    "certifications": ["ISO 9001"], "languages": ["en", "yue"],
    "contact_name": "Chan Tai Man", "contact_title": "Director",
    "references": [
        {"title_en": "Smart lamp posts", "title_zh": "智慧燈柱", "country": "SG", "city": "Singapore", "year": 2021,
         "client_type": "government", "role": "prime-contractor", "description": "200 posts"},
        {"title_en": "Port sensors", "title_zh": "港口感測", "country": "AE", "city": "Dubai", "year": 2019,
         "client_type": "private", "role": "supplier", "description": ""},
        {"title_en": "Metro platform sensors", "title_zh": "", "country": "SG", "city": "Singapore", "year": 2023,
         "client_type": "public-body", "role": "supplier", "description": ""},
    ],
}
BREAKOUT = '</script><script>alert(1)</script><!-- & "quotes" \'single\' \u2028'
SECRETS = (DATA["email"], DATA["phone"], "2123 4567", DATA["contact_name"])


def make_listing(app, data, state="approved", logo_png: bytes | None = None) -> tuple[str, str | None]:
    """A listing in `state` made through the services; returns (public_id, slug)."""
    with app.test_request_context():
        owner = accounts.find_by_email("owner@example.com") or accounts.create_user(
            "owner@example.com", "correct horse battery", confirmed=True)
        data = dict(data)
        if logo_png:
            data["logo"] = logos.store(io.BytesIO(logo_png), app.config["UPLOAD_DIR"],
                                       app.config["LOGO_MAX_BYTES"])
        listing = listings.create(owner)
        listings.save_draft(listing, data, owner)
        if state != "draft":
            listings.submit(listing, owner)
        if state in ("approved", "suspended"):
            review.approve(listing, None)
        if state == "suspended":
            review.suspend(listing, owner, "complaint")
        if state == "rejected":
            review.reject(listing, owner, "incomplete")
        web.commit()
        search.catch_up()
        return listing.public_id, listing.slug


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 20), (11, 83, 148)).save(out, "PNG")
    return out.getvalue()


def json_ld(html: str) -> dict:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


@pytest.mark.parametrize("lang", ["en", "zh-Hant", "zh-Hans"])
def test_profile_in_each_language(app, client, lang):
    pid, slug = make_listing(app, DATA)
    response = client.get(f"/providers/{slug}?lang={lang}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f"<h1>{pick(DATA, 'company_name', lang)}</h1>" in html
    assert pick(DATA, "summary", lang) in html and pick(DATA, "description", lang) in html
    for code in DATA["capabilities"]:
        assert taxonomy.capability_label(code, lang) in html
    assert taxonomy.region_label("asean", lang) in html
    # references grouped by country, country names from CLDR in the reader's language
    assert html.count(f"<h3>{taxonomy.country_name('SG', lang)}</h3>") == 1
    assert f"<h3>{taxonomy.country_name('AE', lang)}</h3>" in html
    assert f'href="/enquiry?provider={pid}"' in html and 'class="button primary"' in html


def test_chinese_pages_fall_back_to_english_fields(app, client):
    english_only = {**DATA, "company_name_zh": "", "summary_zh": "", "description_zh": "", "br_number": "87654321"}
    _, slug = make_listing(app, english_only)
    html = client.get(f"/providers/{slug}?lang=zh-Hant").get_data(as_text=True)
    # The English name is marked English, so a screen reader on a Chinese page reads it as such.
    assert '<h1 lang="en">Harbour Sensors Limited</h1>' in html and DATA["summary_en"] in html
    assert "物聯網" in html  # labels still in Chinese


def test_json_ld_describes_the_organisation_without_contact_details(app, client):
    _, slug = make_listing(app, DATA, logo_png=png())
    html = client.get(f"/providers/{slug}").get_data(as_text=True)
    ld = json_ld(html)
    assert (ld["@context"], ld["@type"]) == ("https://schema.org", "Organization")
    assert (ld["name"], ld["alternateName"]) == ("Harbour Sensors Limited", "海港感測有限公司")
    assert ld["url"] == DATA["website"] and ld["mainEntityOfPage"] == f"http://directory.test/providers/{slug}"
    assert ld["address"]["@type"] == "PostalAddress" and ld["address"]["addressLocality"] == "Hong Kong"
    assert ld["foundingDate"] == "2012"
    assert ld["numberOfEmployees"] == {"@type": "QuantitativeValue", "minValue": 11, "maxValue": 50}
    assert ld["areaServed"] == ["ASEAN", "United Arab Emirates"]
    assert ld["knowsAbout"] == ["Internet of Things (IoT)", "Smart Buildings"]
    assert ld["description"] == DATA["description_en"]
    logo = ld["logo"].replace("http://directory.test", "")
    image = client.get(logo)
    image.close()  # a file response: close it, as the WSGI server would
    assert logo.startswith("/media/logos/") and image.mimetype == "image/png"
    assert f'src="{logo}"' in html
    text = json.dumps(ld, ensure_ascii=False)
    assert not [s for s in SECRETS if s in text] and "email" not in ld and "telephone" not in ld
    assert not [s for s in SECRETS if s in html]


def test_json_ld_in_chinese_uses_chinese_names(app, client):
    _, slug = make_listing(app, DATA)
    ld = json_ld(client.get(f"/providers/{slug}?lang=zh-Hant").get_data(as_text=True))
    assert ld["name"] == pick(DATA, "company_name", "zh-Hant") and ld["alternateName"] == "Harbour Sensors Limited"
    assert ld["knowsAbout"] == ["物聯網", "智能建築"]


def test_script_breakout_in_user_data_stays_escaped(app, client):
    hostile = {**DATA, "description_en": BREAKOUT, "summary_en": BREAKOUT[:150], "company_name_zh": BREAKOUT[:60],
               "address_en": BREAKOUT}
    _, slug = make_listing(app, hostile)
    html = client.get(f"/providers/{slug}").get_data(as_text=True)
    assert html.count("<script") == 1 and html.count("</script>") == 1  # only the JSON-LD element itself
    assert "<script>alert(1)" not in html and "&lt;/script&gt;&lt;script&gt;alert(1)" in html
    ld = json_ld(html)
    assert ld["description"] == BREAKOUT and ld["address"]["streetAddress"] == BREAKOUT
    assert ld["alternateName"] == BREAKOUT[:60].replace("\u2028", "").strip()  # a name is one line (S34)


@pytest.mark.parametrize("state", ["draft", "submitted", "rejected", "suspended"])
def test_listings_that_are_not_public_have_no_profile(app, client, state):
    pid, slug = make_listing(app, DATA, state=state)
    for guess in {slug, "harbour-sensors", pid} - {None}:
        assert client.get(f"/providers/{guess}").status_code == 404


def test_profile_shows_the_published_version_while_an_edit_waits(app, client):
    pid, slug = make_listing(app, DATA)
    with app.test_request_context():
        listing = db.session.scalar(db.select(Listing).filter_by(public_id=pid))
        listings.save_draft(listing, {"summary_en": "Unreviewed new wording"}, listing.owner)
        web.commit()
    html = client.get(f"/providers/{slug}").get_data(as_text=True)
    assert DATA["summary_en"] in html and "Unreviewed new wording" not in html



@pytest.mark.parametrize("lang,separator", [("zh-Hant", "、"), ("zh-Hans", "、"), ("en", ", ")])
def test_lists_are_joined_as_each_language_writes_them(app, client, lang, separator):
    """斯里蘭卡、馬來西亞 in Chinese — never an ASCII comma inside Chinese text."""
    _pid, slug = make_listing(app, {**DATA, "certifications": ["ISO 9001", "ISO 27001"]})
    html = client.get(f"/providers/{slug}?lang={lang}").get_data(as_text=True)
    assert f"ISO 9001{separator}ISO 27001" in html
    languages = [taxonomy.label(taxonomy.WORK_LANGUAGES, code, lang) for code in DATA["languages"]]
    assert separator.join(languages) in html
