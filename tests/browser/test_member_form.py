"""The member's form never loses work, in a real browser (issue 10's form problems 1, 2, 4, 5, 7).

Each journey checks what the database holds right after the one action it is about (read from
the server's SQLite file), so a page that only *looks* right cannot pass.
"""
import re

import pytest
from browser_helpers import CHROMIUM, browser, log_in, members_site, page, stored  # noqa: F401 (fixtures)
from live_server import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.slow]
if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)", allow_module_level=True)

USERS = {name: f"form-{name}@example.com" for name in ("enter", "remove", "typed", "bar", "guide")}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    yield from members_site(tmp_path_factory, "member-form-site", USERS.values())


def new_listing(page, who: str) -> str:
    log_in(page, USERS[who], PASSWORD)
    page.click("form[action$='/members/listings/new'] button")
    page.wait_for_url("**/edit")
    return re.search(r"/members/listings/([a-z0-9]+)/edit", page.url).group(1)


def add_reference(page, i: int, title: str):
    page.click("#add_reference")
    page.wait_for_selector(f"#references-{i}-title_en")
    page.fill(f"#references-{i}-title_en", title)


def test_enter_in_a_text_field_saves_the_draft_and_never_adds_or_removes_a_reference(page, site):
    pid = new_listing(page, "enter")
    page.fill("#company_name_en", "Enter Key Limited")
    page.press("#company_name_en", "Enter")
    page.wait_for_selector(".flash-success")
    assert page.locator("#references-0-title_en").count() == 0  # no blank reference appeared
    assert stored(site, pid)["company_name_en"] == "Enter Key Limited"

    add_reference(page, 0, "Kept project")
    page.fill("#summary_en", "Typed, then Enter")
    page.press("#summary_en", "Enter")
    page.wait_for_selector(".flash-success")
    assert page.input_value("#references-0-title_en") == "Kept project"  # still on the page
    data = stored(site, pid)
    assert [r["title_en"] for r in data["references"]] == ["Kept project"]
    assert data["summary_en"] == "Typed, then Enter"


def test_remove_reference_removes_it_from_the_draft_and_can_be_undone_until_saved(page, site):
    pid = new_listing(page, "remove")
    page.fill("#company_name_en", "Remove Limited")
    add_reference(page, 0, "First project")
    add_reference(page, 1, "Second project")
    page.click("#save")
    page.wait_for_selector(".flash-success")
    assert len(stored(site, pid)["references"]) == 2

    page.get_by_role("button", name="Remove reference 1").click()
    assert page.locator("#references-0-title_en").is_hidden()
    page.get_by_role("button", name="Undo").first.click()  # changed my mind
    assert page.locator("#references-0-title_en").is_visible()
    assert page.input_value("#references-0-title_en") == "First project"
    page.get_by_role("button", name="Remove reference 1").click()
    page.click("#save")
    page.wait_for_selector(".flash-success")
    # Storage after this one save, not after saving again.
    assert [r["title_en"] for r in stored(site, pid)["references"]] == ["Second project"]
    assert page.input_value("#references-0-title_en") == "Second project"
    assert page.locator("#references-1-title_en").count() == 0


def test_one_bad_field_never_blocks_saving_and_leaving_with_unsaved_changes_warns(page, site):
    pid = new_listing(page, "typed")
    page.fill("#company_name_en", "Careful Typist Limited")
    page.fill("#description_en", "A long description typed with care.\nSecond line.")
    page.fill("#year_established", "19x5")
    page.fill("#email", "not-an-email")
    page.click("#save")
    page.wait_for_load_state()
    data = stored(site, pid)
    assert data["company_name_en"] == "Careful Typist Limited"
    assert data["description_en"].replace("\r\n", "\n") == "A long description typed with care.\nSecond line."
    assert data["invalid_input"] == {"year_established": "19x5", "email": "not-an-email"}
    for field in ("year_established", "email"):
        assert page.get_attribute(f"#{field}", "aria-invalid") == "true"

    page.goto(f"/members/listings/{pid}/edit")  # tomorrow: the typed values and their flags are back
    assert page.input_value("#year_established") == "19x5"
    assert page.get_attribute("#year_established", "aria-invalid") == "true"
    assert page.locator(".todo a[href='#year_established']").count() == 1

    dialogs = []

    def on_dialog(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()  # "stay on this page"
    page.on("dialog", on_dialog)
    page.click("#summary_en")
    page.keyboard.type("Not saved yet")
    page.click("nav.main-nav a[href$='/members/']")
    page.wait_for_timeout(500)  # the dialog, if any, comes from the click
    assert dialogs == ["beforeunload"]
    assert page.url.endswith(f"/members/listings/{pid}/edit")
    assert page.input_value("#summary_en") == "Not saved yet"

    page.click("#save")  # saved: leaving is quiet
    page.wait_for_load_state()
    page.click("nav.main-nav a[href$='/members/']")
    page.wait_for_url("**/members/")
    assert dialogs == ["beforeunload"]


HIDDEN_BY_BAR = """() => {
    const el = document.activeElement;
    const bar = document.querySelector('form.listing-form .actions');
    if (!el || el === document.body || !bar || bar.contains(el) || !el.closest('form.listing-form')) return null;
    const r = el.getBoundingClientRect(), b = bar.getBoundingClientRect();
    const covered = r.bottom > b.top + 1 && r.top < b.bottom - 1;
    return covered ? `${el.id || el.name || el.tagName} ${Math.round(r.top)}-${Math.round(r.bottom)} under bar ${Math.round(b.top)}` : '';
}"""


@pytest.mark.parametrize("width,height", [(390, 844), (1440, 900)])
def test_the_sticky_save_bar_never_hides_the_focused_field(page, site, width, height):
    page.set_viewport_size({"width": width, "height": height})
    log_in(page, USERS["bar"], PASSWORD)
    if page.locator("form[action$='/members/listings/new'] button").count():
        page.click("form[action$='/members/listings/new'] button")
    else:
        page.click(".card a.button")  # the draft of the first run
    page.wait_for_url("**/edit")
    if page.locator("#references-0-title_en").count() == 0:
        add_reference(page, 0, "Tab stop project")
    page.focus("#company_name_en")
    hidden, stops = [], 0
    for _ in range(400):
        page.keyboard.press("Tab")
        result = page.evaluate(HIDDEN_BY_BAR)
        if result is None and stops > 10:
            break  # focus left the form (the bar's buttons, then the footer)
        stops += 1
        if result:
            hidden.append(result)
    assert stops > 40, stops  # the walk really went through the form
    assert hidden == [], f"{len(hidden)} of {stops} tab stops under the sticky bar: {hidden[:5]}"


def test_guidance_says_what_is_left_and_offers_one_draft_at_a_time(page, site):
    log_in(page, USERS["guide"], PASSWORD)
    assert page.get_by_role("button", name="Create a listing").count() == 1
    page.get_by_role("button", name="Create a listing").click()
    page.wait_for_url("**/edit")
    pid = re.search(r"/members/listings/([a-z0-9]+)/edit", page.url).group(1)
    assert page.inner_text(".todo h2") == "6 things left before you can submit"
    page.click(".todo a[href='#email']")  # a link to the field, which the sticky bar must not cover
    page.wait_for_function("location.hash === '#email'")
    box = page.locator("#email").bounding_box()
    bar = page.locator("form.listing-form .actions").bounding_box()
    assert box["y"] + box["height"] <= bar["y"] + 1 and box["y"] >= 16  # its label shows above it too

    page.fill("#company_name_en", "Guided Limited")
    page.fill("#email", "hello@guided.example.hk")
    page.click("#save")
    page.wait_for_selector(".flash-success")
    assert page.inner_text(".todo h2") == "4 things left before you can submit"
    assert stored(site, pid)["email"] == "hello@guided.example.hk"

    page.click("nav.main-nav a[href$='/members/']")
    page.wait_for_url("**/members/")
    assert page.inner_text(".card .todo h2") == "4 things left before you can submit"
    assert page.locator(f".card .todo a[href='/members/listings/{pid}/edit#br_number']").count() == 1
    # One draft at a time: no button that makes another "Untitled listing".
    assert page.locator("form[action$='/members/listings/new']").count() == 0
    assert "Untitled listing" not in page.inner_text("main")
