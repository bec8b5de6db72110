"""User journeys in a real browser: a new member lists their company (in 繁體中文), a member
submits too early, a buyer searches and filters, and a keyboard-only visitor gets around."""
import email
import re
from email import policy
from urllib.parse import parse_qs, urlsplit

import pytest
from browser_helpers import CHROMIUM, browser, log_in, log_out, page, result_total, site  # noqa: F401 (fixtures)
from live_server import PASSWORD
from PIL import Image

pytestmark = [pytest.mark.browser, pytest.mark.slow]  # ~20 s with the server and Chromium start-up
if not CHROMIUM.exists():  # CI installs it; only a developer machine without it skips
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)", allow_module_level=True)

TEXT = {
    "company_name_en": "Kowloon Smart Poles Limited", "company_name_zh": "九龍智慧燈柱有限公司",
    "br_number": "87654321", "year_established": "2015", "website": "https://smart-poles.example.hk",
    "address_en": "8 Science Park West Avenue, Sha Tin", "address_zh": "沙田科學園西大道8號",
    "scc_member_no": "SCC-0815", "contact_name": "Wong Siu Ming", "contact_title": "Managing Director",
    "email": "hello@smart-poles.example.hk", "phone": "2987 6543",
    "summary_en": "Smart lamp posts with sensors and 5G small cells", "summary_zh": "配備感測器及5G小型基站的智慧燈柱",
    "description_en": "We design, install and run smart lamp posts.\nOver 2,000 posts delivered.",
    "description_zh": "我們設計、安裝及營運智慧燈柱。\n已交付超過2,000支。",
    "certifications": "ISO 9001; ISO 27001",
}
REFERENCES = [
    {"title_en": "Smart poles for Jurong", "title_zh": "裕廊智慧燈柱", "country": "SG", "city_en": "Singapore",
     "year": "2021", "client_type": "government", "role": "prime-contractor", "description_en": "300 poles, 5G ready."},
    {"title_en": "Port of Jebel Ali sensors", "title_zh": "傑貝阿里港感測器", "country": "AE", "city_en": "Dubai",
     "year": "2019", "client_type": "private", "role": "supplier", "description_en": "Air quality sensing."},
]


def confirmation_link(outbox, address: str) -> str:
    for path in sorted(outbox.glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        if message["To"] == address:
            body = message.get_body(preferencelist=("plain",)).get_content()
            return re.search(r"https?://\S+/account/confirm/\S+", body).group(0)
    raise AssertionError(f"no confirmation message to {address} in {outbox}")


def fill_reference(page, i: int, ref: dict):
    for key in ("title_en", "title_zh", "city_en", "year", "description_en"):
        page.fill(f"#references-{i}-{key}", ref[key])
    for key in ("country", "client_type", "role"):
        page.select_option(f"#references-{i}-{key}", ref[key])


def test_new_member_signs_up_in_chinese_and_submits_a_complete_listing(page, site, tmp_path):
    _base, instance = site
    address = "new-member@smart-poles.example.hk"
    page.goto("/")
    page.click("nav.lang-switch a[hreflang='zh-Hant']")
    assert page.get_attribute("html", "lang") == "zh-Hant-HK"

    page.click("nav.main-nav a[href*='/account/signup']")
    page.fill("#email", address)
    page.fill("#password", PASSWORD)
    page.fill("#password_again", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url("**/account/check-email**")

    link = confirmation_link(instance / "outbox", address)
    assert "lang=zh-Hant" in link  # the mail speaks the language the member signed up in
    page.goto(urlsplit(link)._replace(scheme="", netloc="").geturl())
    page.click("main form button[type=submit]")  # the link shows a page; the button confirms
    page.wait_for_url("**/account/login**")
    assert page.locator(".flash-success").count() == 1
    page.fill("#email", address)
    page.fill("#password", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url("**/members/")
    assert page.get_attribute("html", "lang") == "zh-Hant-HK"  # the language survives the login

    page.click("form[action$='/members/listings/new'] button")
    page.wait_for_url("**/edit")
    edit_path = urlsplit(page.url).path
    for name, value in TEXT.items():
        page.fill(f"#{name}", value)
    page.select_option("#staff_size", "51-200")
    for name, value in [("capabilities", "iot"), ("capabilities", "smart-mobility"), ("regions", "asean"),
                        ("regions", "middle-east"), ("languages", "en"), ("languages", "yue")]:
        if name == "regions":  # "the whole region", inside the region's folding group
            page.click(f"details:has(#regions-{value}) summary")
        page.check(f"input[name={name}][value={value}]")
    for country in ("SA", "KZ"):
        page.fill("#regions-filter", country)
        page.check(f"input[name=countries][value={country}]:visible")
    page.check("#hktdc_consent")

    # Two project references through the no-JavaScript "Add a project reference" button.
    page.click("#add_reference")
    page.wait_for_selector("#references-0-title_en")
    fill_reference(page, 0, REFERENCES[0])
    page.click("#add_reference")
    page.wait_for_selector("#references-1-title_en")
    assert page.input_value("#references-0-title_en") == REFERENCES[0]["title_en"]  # kept across the round trip
    assert page.input_value("#company_name_zh") == TEXT["company_name_zh"]
    fill_reference(page, 1, REFERENCES[1])

    logo = tmp_path / "logo.png"
    Image.new("RGB", (240, 120), (12, 90, 160)).save(logo)
    page.set_input_files("#logo", str(logo))
    page.screenshot(path=str(tmp_path / "filled-listing-form.png"), full_page=True)
    assert (tmp_path / "filled-listing-form.png").stat().st_size > 10_000

    page.click("#save")
    page.wait_for_url(f"**{edit_path}")
    assert page.locator(".flash-success").count() == 1 and page.locator(".has-error").count() == 0
    assert page.locator("img.logo-preview").count() == 1
    assert page.evaluate("document.querySelector('img.logo-preview').naturalWidth") > 0  # served and decodable

    log_out(page)
    log_in(page, address)
    page.click(f"a[href='{edit_path}']")
    page.wait_for_url(f"**{edit_path}")
    for name, value in TEXT.items():
        expected = "+85229876543" if name == "phone" else value
        assert page.input_value(f"#{name}") == expected, name
    assert page.input_value("#references-1-city_en") == "Dubai"
    assert sorted({b.get_attribute("value") for b in page.locator("input[name=countries]:checked").all()}) == ["KZ", "SA"]
    assert page.is_checked("input[name=regions][value=middle-east]") and page.is_checked("#hktdc_consent")

    page.click("#submit_listing")
    page.wait_for_url(re.compile(r".*/members/listings/[a-z0-9]+$"))
    assert page.locator(".badge-submitted").count() == 1
    page.goto(urlsplit(page.url).path + "?lang=en")
    assert "Submitted, awaiting review" in page.inner_text(".badge-submitted")


def test_submitting_too_early_marks_the_fields_and_keeps_the_input(page):
    log_in(page)
    page.click("form[action$='/members/listings/new'] button")
    page.wait_for_url("**/edit")
    page.fill("#company_name_zh", "半完成公司")
    page.fill("#description_en", "Typed with care <b>and kept</b>")
    page.click("#submit_listing")
    page.wait_for_load_state()

    for field in ("br_number", "email"):
        assert page.get_attribute(f"#{field}", "aria-invalid") == "true"
        assert page.inner_text(f"#{field}-error") == "This is required before you submit."
        assert f"{field}-error" in page.get_attribute(f"#{field}", "aria-describedby")
    assert "Choose at least one capability." in page.inner_text("#capabilities-error")
    assert "Choose at least one region or country." in page.inner_text("#regions-error")
    assert page.locator(".error-summary a[href='#br_number']").count() == 1
    assert page.input_value("#company_name_zh") == "半完成公司"
    assert page.input_value("#description_en") == "Typed with care <b>and kept</b>"


DANGLING_ARIA = """() => {
    const out = [];
    for (const el of document.querySelectorAll('input, select, textarea')) {
        const invalid = el.getAttribute('aria-invalid');
        if (invalid !== null && invalid !== 'true' && invalid !== 'false') out.push(`${el.id} aria-invalid=${invalid}`);
        for (const id of (el.getAttribute('aria-describedby') || '').split(/\\s+/).filter(Boolean))
            if (!document.getElementById(id)) out.push(`${el.id} aria-describedby=${id}`);
    }
    return out; }"""


def test_valid_fields_are_not_announced_as_invalid(page):
    # WTForms renders a None attribute as the text "None"; screen readers treat an unknown
    # aria-invalid value as true, so every valid field would be announced as invalid.
    page.goto("/account/login")
    assert page.evaluate(DANGLING_ARIA) == []
    log_in(page)
    if page.locator("form[action$='/members/listings/new'] button").count():
        page.click("form[action$='/members/listings/new'] button")
    else:
        page.click(".card a.button")  # one draft at a time: the member continues the earlier one
    page.wait_for_url("**/edit")
    page.fill("#company_name_zh", "半完成公司")
    page.click("#submit_listing")
    page.wait_for_load_state()
    assert page.get_attribute("#br_number", "aria-invalid") == "true"
    assert page.get_attribute("#company_name_zh", "aria-invalid") is None
    assert page.evaluate(DANGLING_ARIA) == []


def test_buyer_searches_filters_opens_a_profile_and_goes_back(page):
    page.goto("/")
    page.fill("#q", "物联网")
    page.press("#q", "Enter")
    page.wait_for_url("**/search?**")
    assert parse_qs(urlsplit(page.url).query)["q"] == ["物联网"]
    assert result_total(page) > 0 and page.locator("li.result").count() > 0

    page.goto("/")
    page.fill("#q", "cybersecurity")
    page.click("form[role=search] button[type=submit]")
    page.wait_for_url("**/search?**")
    total = result_total(page)
    assert total > 0

    # A capability whose count differs from the total, so choosing it visibly narrows the list.
    facets = page.locator("aside.facets li:has(input[name=capability])")
    choice = None
    for i in range(facets.count()):
        count = int(re.search(r"\((\d+)\)", facets.nth(i).inner_text()).group(1))
        if 0 < count < total:
            choice, expected = facets.nth(i).locator("input"), count
            break
    assert choice is not None, "no facet narrows the search"
    code = choice.get_attribute("value")
    choice.check()
    page.click("aside.facets button[type=submit]")
    page.wait_for_url(f"**capability={code}**")
    query = parse_qs(urlsplit(page.url).query)
    assert query["capability"] == [code] and query["q"] == ["cybersecurity"]
    assert result_total(page) == expected != total
    assert page.locator("aside.facets input:checked").count() == 1
    filtered_url = page.url

    first = page.locator("li.result h2 a").first
    name = first.inner_text()
    first.click()
    page.wait_for_url("**/providers/**")
    assert page.inner_text("h1") == name
    page.go_back()
    page.wait_for_url(filtered_url)
    assert result_total(page) == expected


def test_keyboard_reaches_the_switcher_and_search_and_logs_in_with_enter(page):
    page.goto("/")
    reached = set()
    for _ in range(60):  # bounded: the header and the hero come first
        page.keyboard.press("Tab")
        where = page.evaluate("""() => {
            const el = document.activeElement;
            if (el.closest('nav.lang-switch')) return 'language';
            if (el.id === 'q') return 'search';
            return el.tagName; }""")
        reached.add(where)
        if {"language", "search"} <= reached:
            break
    assert {"language", "search"} <= reached, reached
    assert page.evaluate("document.activeElement.id") == "q"  # the switcher comes first, in the header
    page.keyboard.type("smart building")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=smart+building**")

    page.goto("/account/login")
    page.focus("#email")
    page.keyboard.type("browser-member@example.com")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "password"
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/members/")
