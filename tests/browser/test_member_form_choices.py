"""The countries control and bilingual project references, in a real browser (issue 10's form
problems 3 and 6): choices are never lost, names sort the way each reader expects, and the
public profile shows each reference text in the reader's language with the right `lang`."""
import re

import pytest
from browser_helpers import CHROMIUM, browser, log_in, members_site, page, stored  # noqa: F401 (fixtures)
from live_server import PASSWORD, app_config

pytestmark = [pytest.mark.browser, pytest.mark.slow]
if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)", allow_module_level=True)

USERS = {name: f"choices-{name}@example.com" for name in ("countries", "order", "refs")}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    yield from members_site(tmp_path_factory, "member-choices-site", USERS.values())


def new_listing(page, who: str) -> str:
    log_in(page, USERS[who], PASSWORD)
    page.click("form[action$='/members/listings/new'] button")
    page.wait_for_url("**/edit")
    return re.search(r"/members/listings/([a-z0-9]+)/edit", page.url).group(1)


def test_countries_are_checkboxes_by_region_that_never_lose_a_choice(page, site):
    pid = new_listing(page, "countries")
    page.fill("#company_name_en", "Many Markets Limited")
    page.click("details:has(#regions-asean) summary")
    page.check("#regions-asean-SG")
    page.check("#regions-asean-MY")
    page.keyboard.press("ArrowDown")  # in a <select multiple> this replaced every earlier pick
    page.click("details:has(#regions-middle-east) summary")
    page.check("#regions-middle-east")  # the whole region
    page.fill("#regions-filter", "kaz")
    visible = page.locator("[data-area-names]:visible")
    assert visible.count() == 1 and "Kazakhstan" in visible.inner_text()
    page.check("#regions-central-asia-KZ")
    chips = page.locator("[data-area-chips] button")
    assert sorted(chips.all_inner_texts()) == ["Kazakhstan ×", "Malaysia ×", "Middle East ×", "Singapore ×"]
    page.get_by_role("button", name="Remove Malaysia").click()
    assert not page.is_checked("#regions-asean-MY")
    page.press("#regions-filter", "Enter")  # Enter in the filter box filters; it saves nothing
    page.fill("#regions-filter", "")
    page.click("#save")
    page.wait_for_selector(".flash-success")
    assert sorted(stored(site, pid)["regions_served"]) == ["KZ", "SG", "middle-east"]
    for box in ("#regions-asean-SG", "#regions-central-asia-KZ", "#regions-middle-east"):
        assert page.is_checked(box)
    assert not page.is_checked("#regions-asean-MY")

    # Egypt is in the Middle East and in Africa: one choice, both boxes.
    page.click("details:has(#regions-africa) summary")
    page.check("#regions-africa-EG")
    assert page.is_checked("#regions-middle-east-EG")
    page.click("#save")
    page.wait_for_selector(".flash-success")
    assert stored(site, pid)["regions_served"].count("EG") == 1


def names_in(page, group: str) -> list[str]:
    return page.eval_on_selector_all(f"details:has(#regions-{group}) [data-area-names] label",
                                     "els => els.map(e => e.textContent.trim())")


def test_country_names_follow_the_readers_collation(page, site):
    new_listing(page, "order")
    edit = page.url
    page.goto(edit + "?lang=zh-Hans")
    asean = names_in(page, "asean")
    # Pinyin: fei, jian, xin, yue; code points would put 新 (U+65B0) before 柬 and 菲.
    assert [n for n in asean if n in ("菲律宾", "柬埔寨", "新加坡", "越南")] == ["菲律宾", "柬埔寨", "新加坡", "越南"]
    page.goto(edit + "?lang=zh-Hant")
    asean = names_in(page, "asean")
    # Strokes: 汶 7, 柬 9, 新 13, 緬 15; code points would give 新, 柬, 汶, 緬.
    assert [n for n in asean if n in ("汶萊", "柬埔寨", "新加坡", "緬甸")] == ["汶萊", "柬埔寨", "新加坡", "緬甸"]
    page.goto(edit + "?lang=en")
    asean = names_in(page, "asean")
    assert asean == sorted(asean, key=str.casefold) and asean[0] == "Brunei"


REF = {"title_en": "Smart poles for Jurong", "title_zh": "裕廊智慧燈柱", "city_en": "Singapore", "city_zh": "新加坡",
       "description_en": "", "description_zh": "三百支支援5G的智慧燈柱。"}


def publish(site, public_id: str):
    """The secretariat's approval, through the service the review page calls."""
    from directory import create_app
    from directory.core.extensions import db
    from directory.models import Listing
    from directory.listings import review
    app = create_app(app_config(site[1]))
    try:
        with app.app_context():
            listing = db.session.scalar(db.select(Listing).filter_by(public_id=public_id))
            review.approve(listing, None, notify=False)
            db.session.commit()
            return listing.slug
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def test_project_references_are_bilingual_with_marked_fallback_and_lang(page, site):
    pid = new_listing(page, "refs")
    for name, value in {"company_name_en": "Bilingual Poles Limited", "br_number": "23456789",
                        "email": "hello@poles.example.hk", "summary_en": "Smart lamp posts"}.items():
        page.fill(f"#{name}", value)
    page.check("input[name=capabilities][value=iot]")
    page.click("details:has(#regions-asean) summary")
    page.check("#regions-asean")
    page.click("#add_reference")
    page.wait_for_selector("#references-0-title_en")
    for key, value in REF.items():
        page.fill(f"#references-0-{key}", value)
    page.select_option("#references-0-country", "SG")
    page.fill("#references-0-year", "2021")
    page.click("#submit_listing")
    page.wait_for_url(re.compile(r".*/members/listings/[a-z0-9]+$"))
    ref = stored(site, pid)["references"][0]
    assert {k: ref[k] for k in REF} == REF

    slug = publish(site, pid)
    page.goto(f"/providers/{slug}?lang=en")
    item = page.locator("ul.references li").first
    assert item.locator("[lang=en]", has_text="Smart poles for Jurong").count() == 1
    assert item.locator("[lang=en]", has_text="Singapore").count() == 1
    description = item.locator(".ref-description")
    assert description.locator("[lang=zh-Hant]").inner_text() == "三百支支援5G的智慧燈柱。"
    assert "(in Chinese)" in description.inner_text()  # the fallback is marked
    assert "裕廊智慧燈柱" not in item.inner_text()  # no Chinese where English was written

    page.goto(f"/providers/{slug}?lang=zh-Hant")
    item = page.locator("ul.references li").first
    assert item.locator("[lang=zh-Hant-HK]", has_text="裕廊智慧燈柱").count() == 1
    assert item.locator("[lang=zh-Hant-HK]", has_text="新加坡").count() == 1
    assert "Smart poles for Jurong" not in item.inner_text()
    assert item.locator(".fallback-note").count() == 0  # everything was written in Chinese
    page.goto(f"/providers/{slug}?lang=zh-Hans")
    item = page.locator("ul.references li").first
    assert item.locator("[lang=zh-Hans-CN]", has_text="裕廊智慧灯柱").count() == 1  # in the reader's script
