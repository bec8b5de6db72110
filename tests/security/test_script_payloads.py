"""S12: script payloads in every text field of the listing form, in English and Chinese, come out
escaped on every page that shows them; `javascript:` and other non-web URLs are refused."""
import json
import re

import pytest
from conftest import PASSWORD, post_form
from listing_helpers import COMPLETE, create_listing, post_listing

from directory.search import service as search
from directory.core.extensions import db
from directory.models import Listing
from directory.listings import review

# Raw markup that must never reach a page. The only <script> a page may hold is a JSON-LD data
# block (not executed; allowed by the CSP), and inside it a quote is a JSON \" not an attribute end.
RAW = {
    # Not the JSON-LD data block, nor the site's own scripts (static files, allowed by the CSP).
    "script element": re.compile(r"<script(?![^>]*type=\"application/ld\+json\")(?! src=\"/static/[\w.-]+\" defer>)", re.I),
    "img element": re.compile(r"<img src=x", re.I),
    "svg element": re.compile(r"<svg onload", re.I),
    "attribute break-out": re.compile(r'(?<!\\)"onmouseover='),
}


def payload(tag: str, chinese: bool = False) -> str:
    word = "物聯網感測" if chinese else "Zephyrine"  # a searchable word ahead of the payload
    return f"{word} <script>alert({tag})</script><img src=x onerror=alert(1)><svg onload=alert(2)>"


def escaped(tag: str) -> str:
    return f"&lt;script&gt;alert({tag})&lt;/script&gt;"


EN_FIELDS = ("company_name_en", "address_en", "summary_en", "description_en", "contact_name",
             "contact_title")
ZH_FIELDS = ("company_name_zh", "address_zh", "summary_zh", "description_zh")
REF_EN = ("title_en", "city_en", "description_en")
REF_ZH = ("title_zh", "city_zh", "description_zh")
WEBSITE = 'https://zephyrine.example/?x="onmouseover="alert(1)"><script>alert(xss_website)</script>'

HOSTILE = {
    **COMPLETE,
    **{name: payload(f"xss_{name}") for name in EN_FIELDS},
    **{name: payload(f"xss_{name}", chinese=True) for name in ZH_FIELDS},
    "certifications": f"ISO 9001; {payload('xss_certifications')}",
    "website": WEBSITE,
    "scc_member_no": "<script>alert(xss_scc)</script>",  # the field holds at most 40 characters
}
REFERENCES = [
    {**{k: payload(f"xss_ref_{k}") for k in REF_EN}, **{k: payload(f"xss_ref_{k}", chinese=True) for k in REF_ZH},
     "country": "SG", "year": "2021", "client_type": "government", "role": "prime-contractor"},
    {"title_en": "Plain second project", "country": "AE", "year": "2019", "client_type": "private",
     "role": "supplier"},
]

# Which payloads each language's public view shows (pick() falls back only when a side is empty).
PUBLIC_EN = ["xss_company_name_en", "xss_summary_en", "xss_description_en", "xss_address_en",
             "xss_certifications", "xss_ref_title_en", "xss_ref_city_en", "xss_ref_description_en", "xss_website"]
PUBLIC_ZH = ["xss_company_name_zh", "xss_summary_zh", "xss_description_zh", "xss_address_zh",
             "xss_ref_title_zh", "xss_ref_city_zh", "xss_ref_description_zh", "xss_company_name_en"]  # the other-language name is shown too


def assert_no_raw_markup(html: str, page: str):
    for name, pattern in RAW.items():
        match = pattern.search(html)
        assert not match, f"{page}: {name} reached the page: {html[max(0, match.start() - 80):match.end() + 80]!r}"
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    own = re.findall(r'<script src="/static/[\w.-]+" defer></script>', html)
    assert html.lower().count("</script") == len(blocks) + len(own), f"{page}: a payload closed a data block early"
    for block in blocks:
        json.loads(block)  # still one well-formed JSON document


def assert_escaped(html: str, expected_tags, page: str):
    assert_no_raw_markup(html, page)
    for tag in expected_tags:
        assert escaped(tag) in html, f"{page}: the {tag} payload is not shown (escaped) — did the page change?"


@pytest.fixture
def hostile_listing(client, app, member):
    pid = create_listing(client)
    response = post_listing(client, pid, HOSTILE, action="submit", references=REFERENCES)
    assert response.status_code == 302, re.findall(r'class="error"[^>]*>([^<]*)', response.get_data(as_text=True))
    return pid


def approve(app, pid):
    with app.app_context():
        listing = db.session.scalar(db.select(Listing).filter_by(public_id=pid))
        review.approve(listing, None)
        db.session.commit()
        search.catch_up()
        return listing.slug


def test_member_pages_escape_every_field(client, app, hostile_listing):
    pid = hostile_listing
    every = [f"xss_{n}" for n in EN_FIELDS + ZH_FIELDS] + ["xss_certifications", "xss_website", "xss_scc"] + \
            [f"xss_ref_{k}" for k in REF_EN + REF_ZH]
    html = client.get(f"/members/listings/{pid}/edit?lang=en").get_data(as_text=True)
    assert_no_raw_markup(html, "edit form")
    for tag in every:
        if tag == "xss_website":
            assert "alert(xss_website)&lt;/script&gt;" in html
        else:
            assert escaped(tag) in html, f"edit form lost or unescaped {tag}"
    assert_escaped(client.get(f"/members/listings/{pid}?lang=en").get_data(as_text=True), PUBLIC_EN, "preview en")
    assert_escaped(client.get(f"/members/listings/{pid}?lang=zh-Hant").get_data(as_text=True), PUBLIC_ZH,
                   "preview zh-Hant")
    assert_escaped(client.get("/members/?lang=en").get_data(as_text=True), ["xss_company_name_en"], "dashboard")


def test_edit_form_re_rendered_with_errors_escapes_input(client, app, member):
    pid = create_listing(client)
    response = post_listing(client, pid, {**HOSTILE, "br_number": "bad"}, references=REFERENCES)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "exactly 8 digits" in html
    assert_escaped(html, ["xss_company_name_en", "xss_summary_zh", "xss_ref_title_en"], "edit with errors")


def test_secretariat_pages_escape_every_field(app, hostile_listing, make_user):
    make_user(email="sec@example.com", role="secretariat")
    desk = app.test_client()
    post_form(desk, "/account/login", {"email": "sec@example.com", "password": PASSWORD})
    pid = hostile_listing
    pages = {
        "review queue": ("/secretariat/?lang=en", ["xss_company_name_en"]),
        "review with diff": (f"/secretariat/review/{pid}?lang=en", PUBLIC_EN + ["xss_company_name_zh", "xss_summary_zh"]),
        "all listings": ("/secretariat/listings?q=Zephyrine&lang=en", ["xss_company_name_en"]),
        "listing record": (f"/secretariat/listings/{pid}?lang=en", ["xss_company_name_en"]),
        "audit trail": ("/secretariat/audit?lang=en", ["xss_company_name_en"]),
    }
    for page, (url, tags) in pages.items():
        response = desk.get(url)
        assert response.status_code == 200, (page, response.status_code)
        assert_escaped(response.get_data(as_text=True), tags, page)


def test_public_pages_escape_every_field_after_approval(client, app, hostile_listing):
    slug = approve(app, hostile_listing)
    buyer = app.test_client()
    assert_escaped(buyer.get(f"/providers/{slug}?lang=en").get_data(as_text=True), PUBLIC_EN, "profile en")
    assert_escaped(buyer.get(f"/providers/{slug}?lang=zh-Hant").get_data(as_text=True), PUBLIC_ZH,
                   "profile zh-Hant")
    assert_escaped(buyer.get("/?lang=en").get_data(as_text=True), ["xss_company_name_en", "xss_summary_en"], "home")
    assert_escaped(client.get(f"/members/listings/{hostile_listing}?lang=en").get_data(as_text=True), PUBLIC_EN,
                   "preview of the approved listing")
    assert_escaped(buyer.get(f"/enquiry?provider={hostile_listing}&lang=en").get_data(as_text=True),
                   ["xss_company_name_en"], "enquiry form")


@pytest.mark.parametrize("lang,q,tags", [
    ("en", "Zephyrine", ["xss_company_name_en", "xss_summary_en"]),
    ("zh-Hant", "物聯網感測", ["xss_company_name_zh", "xss_summary_zh"]),
    ("zh-Hans", "物联网感测", ["xss_company_name_zh", "xss_summary_zh"]),
])
def test_search_results_and_highlights_escape_payloads(app, hostile_listing, lang, q, tags):
    approve(app, hostile_listing)
    html = app.test_client().get("/search", query_string={"q": q, "lang": lang}).get_data(as_text=True)
    assert "1 provider" in html or "1 " in html  # the listing is found
    assert_escaped(html, tags, f"search {lang}")
    assert "<mark>" in html, "the highlight path (rendered as trusted HTML) is exercised"


def test_api_returns_payloads_as_plain_json_strings(app, hostile_listing):
    approve(app, hostile_listing)
    response = app.test_client().get("/api/v1/providers?q=Zephyrine")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.get_json()["results"][0]["name_en"] == HOSTILE["company_name_en"]


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", "  javascript:alert(1)", "javascript://zephyrine.example/%0Aalert(1)",
    "java\tscript:alert(1)", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "vbscript:msgbox(1)",
    "//evil.example/x.js", "https:javascript:alert(1)", "https://zephyrine.example\njavascript:alert(1)",
])
def test_non_web_urls_are_refused_in_the_website_field(client, app, member, url):
    pid = create_listing(client)
    response = post_listing(client, pid, {**COMPLETE, "website": url})
    assert response.status_code == 200
    assert "starts with https:// or http://" in response.get_data(as_text=True)
    with app.app_context():
        listing = db.session.scalar(db.select(Listing).filter_by(public_id=pid))
        assert "website" not in listing.current.data  # nothing saved


def test_a_web_url_is_accepted(client, app, member):
    pid = create_listing(client)
    assert post_listing(client, pid, {**COMPLETE, "website": "https://zephyrine.example/about"}).status_code == 302
