"""The member's dashboard and edit page as a member sees them, in real Chromium: at 390 and 1440 px,
in English, Traditional and Simplified Chinese -- no sideways scrolling, the page's `lang`, axe-core
at 0 violations, one summary of what stops submitting (focused after a refused submit, in the
reader's language), and the card's buttons and links apart enough to hit on a phone."""
import re

import pytest
from browser_helpers import CHROMIUM, browser, members_site, page_problems  # noqa: F401 (fixtures)
from live_server import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.slow]
if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)", allow_module_level=True)

LANGS = {"en": "en", "zh-Hant": "zh-Hant", "zh-Hans": "zh-Hans"}
WIDTHS = (390, 1440)
USERS = {(lang, width): f"look-{lang.lower()}-{width}@example.com" for lang in LANGS for width in WIDTHS}
INVALID = {"#company_name_en": "Half Filled Engineering Limited", "#br_number": "1234",
           "#website": "not a website", "#year_established": "1750", "#email": "someone@", "#phone": "12"}

SUMMARY_STATE = """() => {
    const a = document.activeElement, bar = document.querySelector('form.listing-form .actions');
    const r = a.getBoundingClientRect(), b = bar.getBoundingClientRect();
    return {focused: a.matches('section.todo.error-summary'), top: r.top, bottom: r.bottom, barTop: b.top,
            panels: document.querySelectorAll('section.todo').length};
}"""

GAPS = """() => [...document.querySelectorAll('.button-row')].map(row => {
    const boxes = [...row.querySelectorAll('a')].map(a => a.getBoundingClientRect());
    let least = Infinity;
    for (let i = 1; i < boxes.length; i++)
        if (boxes[i].top < boxes[i - 1].bottom && boxes[i - 1].top < boxes[i].bottom) least = Math.min(least, boxes[i].left - boxes[i - 1].right);
    return least;
})"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    yield from members_site(tmp_path_factory, "member-look-site", USERS.values())


def english_words(text: str) -> list[str]:
    """Latin words left in Chinese text, leaving out what is Latin in any language here."""
    text = re.sub(r"https?://\S*|\S+@\S+|Half Filled Engineering Limited", " ", text)
    return [w for w in re.findall(r"[A-Za-z]{3,}", text) if w not in ("HKTDC", "SCC", "ISO", "PNG", "JPEG", "WebP")]


@pytest.mark.parametrize("width", WIDTHS)
def test_dashboard_and_edit_pages_fit_speak_the_readers_language_and_pass_axe(browser, site, width):
    from axe_playwright_python.sync_playwright import Axe
    axe = Axe()
    problems = []
    for lang, lang_attr in LANGS.items():
        context = browser.new_context(base_url=site[0], viewport={"width": width, "height": 900})
        context.set_default_timeout(10_000)
        tab = context.new_page()
        errors = []
        tab.on("console", lambda msg: errors.append(f"{msg.text} {msg.location.get('url', '')}")
               if msg.type == "error" else None)  # a CSP violation or a missing stylesheet

        def look(name):
            where = f"{name} {lang} {width}px"
            problems.extend(page_problems(tab, axe, where, lang_attr))
            if lang != "en":
                left = english_words(" ".join(tab.locator("main .todo, .flash").all_inner_texts()))
                if left:
                    problems.append(f"{where}: English in the guidance: {left}")

        try:
            tab.goto(f"/account/login?lang={lang}")
            tab.fill("#email", USERS[(lang, width)])
            tab.fill("#password", PASSWORD)
            tab.press("#password", "Enter")
            tab.wait_for_url("**/members/**")
            look("dashboard, no listing")
            tab.click("form[action$='/members/listings/new'] button")
            tab.wait_for_url("**/edit")
            look("new listing")
            for selector, value in INVALID.items():
                tab.fill(selector, value)
            tab.click("#save")
            tab.wait_for_load_state()
            look("draft saved with invalid values")
            tab.click("#submit_listing")
            tab.wait_for_load_state()
            look("refused submit")
            state = tab.evaluate(SUMMARY_STATE)
            if state["panels"] != 1 or not state["focused"] or state["top"] < 0 or state["top"] >= state["barTop"]:
                problems.append(f"refused submit {lang} {width}px: summary {state}")
            red = tab.evaluate("getComputedStyle(document.querySelector('#br_number')).borderTopColor")
            if tab.evaluate("getComputedStyle(document.querySelector('#regions-filter')).borderTopColor") == red:
                problems.append(f"refused submit {lang} {width}px: the country filter box is marked as the invalid field")
            tab.click("nav.main-nav a[href$='/members/']")
            tab.wait_for_url("**/members/")
            look("dashboard with the draft")
            gaps = tab.evaluate(GAPS)
            if not gaps or min(gaps) < 8:
                problems.append(f"dashboard {lang} {width}px: card actions {gaps}px apart")
        finally:
            context.close()
        errors = [e for e in errors if "favicon.ico" not in e]
        if errors:
            problems.append(f"{lang} {width}px console: {errors}")
    assert not problems, "\n".join(problems)
