"""A buyer on a phone and a desktop, in real Chromium: results on the first screen in every
language, no sideways scrolling, axe-core at 0 violations, and a shortlist that remembers."""
import email
import re
import time
from email import policy

import pytest
from browser_helpers import CHROMIUM, browser, page, page_problems, site  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.slow]
if not CHROMIUM.exists():  # CI installs it; only a developer machine without it skips
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)", allow_module_level=True)

PHONE = {"width": 390, "height": 844}
LANGS = ("en", "zh-Hant", "zh-Hans")
BUYER = {"#name": "Aisha Rahman", "#organisation": "Jakarta Smart City Office", "#email": "aisha@jakarta.example.id",
         "#subject": "Smart lamp posts", "#message": "We plan 3,000 smart lamp posts. Can you quote by March?"}


@pytest.fixture
def phone(browser, site):
    context = browser.new_context(locale="en-GB", base_url=site[0], viewport=PHONE, device_scale_factor=1,
                                  is_mobile=True, has_touch=True)
    context.set_default_timeout(10_000)
    tab = context.new_page()
    yield tab
    context.close()


def a_profile_path(page) -> str:
    page.goto("/search?lang=en")
    return page.get_attribute("li.result h2 a", "href")


def public_pages(page) -> list[str]:
    profile = a_profile_path(page)
    pid = page.get_attribute("li.result form.tick input[name=provider]", "value")
    return ["/", "/search", "/search?q=smart+building&capability=iot", profile, "/about", "/privacy", "/shortlist",
            f"/enquiry?provider={pid}", "/enquiry", "/account/login", "/account/signup"]


@pytest.mark.parametrize("lang", LANGS)
def test_on_a_phone_the_count_and_first_result_are_on_the_first_screen(phone, lang):
    phone.goto(f"/search?lang={lang}")
    count = phone.locator(".results-count").bounding_box()
    first = phone.locator("li.result").first.bounding_box()
    assert count["y"] + count["height"] <= PHONE["height"]
    assert first["y"] + 60 <= PHONE["height"], first  # at least the name of the first result shows
    assert not phone.locator("details.filters").get_attribute("open")  # filters wait behind the disclosure
    assert re.search(r"[(（][^)）]*\b0\b", phone.inner_text("details.filters summary"))  # "Filter (0 selected)", "篩選（已選 0 項）"


def test_the_phone_filter_disclosure_applies_and_clears(phone):
    phone.goto("/search?lang=en")
    total = int(phone.inner_text(".results-count strong").split()[0])
    phone.click("details.filters summary")
    box = phone.locator("details.filters input[name=capability]").first
    code = box.get_attribute("value")
    box.check()
    phone.click("details.filters button[type=submit]")
    phone.wait_for_url(f"**capability={code}**")
    assert "(1" in phone.inner_text("details.filters summary")
    assert int(phone.inner_text(".results-count strong").split()[0]) <= total
    phone.click(".clear-filters")
    phone.wait_for_load_state()
    assert "capability" not in phone.url and "(0" in phone.inner_text("details.filters summary")


def test_skip_to_results_moves_the_keyboard_past_the_filters(page):
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto("/search?lang=en")
    page.focus("#q")
    for _ in range(4):  # the search button, then the skip link
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.className") == "skip-results":
            break
    assert page.evaluate("document.activeElement.className") == "skip-results"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('#results')")


@pytest.mark.parametrize("width", [390, 1440])
def test_no_page_scrolls_sideways_and_axe_finds_nothing(browser, site, width):
    from axe_playwright_python.sync_playwright import Axe
    context = browser.new_context(base_url=site[0], viewport={"width": width, "height": 900})
    tab = context.new_page()
    axe = Axe()
    problems = []
    try:
        for lang in LANGS:
            for path in public_pages(tab):
                tab.goto(path + ("&" if "?" in path else "?") + f"lang={lang}")
                problems.extend(page_problems(tab, axe, f"{path} {lang}"))
    finally:
        context.close()
    assert not problems, "\n".join(problems)


def outbox_messages(instance, count, timeout=10.0):
    deadline = time.monotonic() + timeout
    while True:
        found = [email.message_from_bytes(p.read_bytes(), policy=policy.default)
                 for p in sorted((instance / "outbox").glob("*.eml"))]
        if len(found) >= count or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


def test_the_shortlist_remembers_across_pages_filters_and_searches(page, site):
    _base, instance = site
    before = len(list((instance / "outbox").glob("*.eml")))
    page.goto("/search?per_page=5&lang=en")
    names = []
    for i in (0, 1):  # two ticks on page 1: each a small form post that comes back to this page
        result = page.locator("li.result").nth(i)
        names.append(result.locator("h2 a").inner_text())
        pid = result.get_attribute("id")
        result.locator("form.tick button").click()
        page.wait_for_selector(f"#{pid} button.on-list")
        assert not re.search(r"[?&]page=", page.url) and page.url.endswith(f"#{pid}")
    assert "Shortlist (2)" in page.inner_text("nav.main-nav")
    page.click("a[rel=next]")
    page.wait_for_url("**page=2**")
    result = page.locator("li.result").first
    names.append(result.locator("h2 a").inner_text())
    result.locator("form.tick button").click()
    page.wait_for_url("**page=2**")
    assert page.locator("li.result button.on-list").count() == 1

    page.locator("aside.facets input[name=capability]").first.check()  # filter
    page.click("aside.facets button[type=submit]")
    page.wait_for_url("**capability=**")
    page.fill("#q", "smart")  # and search again
    page.press("#q", "Enter")
    page.wait_for_url("**q=smart**")
    assert "Shortlist (3)" in page.inner_text("nav.main-nav")

    page.click("a.shortlist-link")
    assert sorted(page.locator(".shortlist-items li a").all_inner_texts()) == sorted(names)
    page.click("a.button.primary[href$='/enquiry']")
    assert sorted(page.locator(".enquiry-providers li").all_inner_texts()) == sorted(names)
    for selector, value in BUYER.items():
        page.fill(selector, value)
    page.select_option("#country", "ID")
    page.click("main form button[type=submit].primary")
    page.wait_for_url("**/enquiry/sent")
    assert sorted(page.locator(".enquiry-recipients li").all_inner_texts()) == sorted(names)
    assert "Shortlist (0)" in page.inner_text("nav.main-nav")

    messages = outbox_messages(instance, before + 4)[before:]
    providers = [m for m in messages if m["To"] != BUYER["#email"]]
    [receipt] = [m for m in messages if m["To"] == BUYER["#email"]]
    assert len(providers) == 3
    body = receipt.get_body(preferencelist=("plain",)).get_content()
    assert all(name in body for name in names)
    assert not [m["To"] for m in providers if m["To"] in body]


def test_send_with_nothing_ticked_says_so_without_an_empty_form(page):
    page.goto("/search?lang=en")
    assert page.locator(".send-shortlist").count() == 0  # no "send to my shortlist (0)" button
    page.click("a.shortlist-link")
    assert "Your shortlist is empty" in page.inner_text("main")
    page.goto("/enquiry?lang=en")  # a bookmarked or shared enquiry link
    assert "Your shortlist is empty" in page.inner_text("main")
    assert page.locator("main textarea").count() == 0 and page.locator("#email").count() == 0
