"""A buyer saves a search in a real browser (in 繁體中文), confirms through the link in the .eml
the mail queue delivered, gets a digest when a matching provider is approved, and unsubscribes
from the digest's link."""
import email
import re
from email import policy
from urllib.parse import urlsplit

import pytest
from browser_helpers import CHROMIUM, browser, page, site  # noqa: F401 (fixtures)
from live_server import app_config, close_app

pytestmark = [pytest.mark.browser, pytest.mark.slow]
if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)", allow_module_level=True)

BUYER = "alert-buyer@example.com"
LIDAR = {"company_name_en": "Harbour Lidar Systems", "company_name_zh": "海港激光雷達系統", "br_number": "31415926",
         "summary_en": "Lidar mapping for smart ports", "capabilities": ["iot"], "regions_served": ["asean"],
         "staff_size": "11-50", "email": "hello@lidar.example", "website": "https://lidar.example"}


def mails_to(outbox, address: str) -> list:
    out = []
    for path in sorted(outbox.glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        if message["To"] == address:
            out.append(message)
    return out


def body(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def local(link: str) -> str:
    return urlsplit(link)._replace(scheme="", netloc="").geturl()


def approve_and_send(instance) -> str:
    """A member's matching listing approved, then `flask alerts send`, in this process."""
    from directory import create_app
    from directory.search import service as search
    from directory.core import web
    from directory.accounts import operations as accounts
    from directory.listings import operations as listings
    from directory.listings import review
    app = create_app(app_config(instance))
    try:
        with app.test_request_context():
            owner = accounts.create_user("lidar-owner@example.com", "correct horse battery", confirmed=True)
            listing = listings.create(owner)
            listings.save_draft(listing, LIDAR, owner)
            listings.submit(listing, owner)
            review.approve(listing, None)
            web.commit()
            search.catch_up()
        result = app.test_cli_runner().invoke(args=["alerts", "send"])
        assert result.exit_code == 0, result.output
        return result.output
    finally:
        close_app(app)


def test_buyer_saves_a_search_confirms_gets_a_digest_and_unsubscribes(page, site):
    _base, instance = site
    outbox = instance / "outbox"
    page.goto("/search?q=lidar&lang=zh-Hant")
    assert page.get_attribute("html", "lang") == "zh-Hant-HK"
    form = page.locator("section.alert-signup form")
    form.locator("input[type=email]").fill(BUYER)
    form.locator("input[value=immediate]").check()
    form.locator("button[type=submit]").click()
    page.wait_for_url("**/alerts/check-email**")

    [confirmation] = mails_to(outbox, BUYER)
    link = re.search(r"https?://\S+/alerts/confirm/\S+", body(confirmation)).group(0)
    assert "lang=zh-Hant" in link  # the mail speaks the language the buyer searched in
    page.goto(local(link))
    assert page.get_attribute("html", "lang") == "zh-Hant-HK"
    page.click("main form button[type=submit]")  # the link shows a page; the button confirms
    assert page.locator("main h1").count() == 1 and "/alerts/confirm/" in page.url

    assert "Queued 1" in approve_and_send(instance)
    digest = [m for m in mails_to(outbox, BUYER) if m["List-Unsubscribe"]]
    assert len(digest) == 1 and "海港激光雷達系統" in body(digest[0])
    assert digest[0]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = digest[0]["List-Unsubscribe"].strip("<>")
    page.goto(local(unsubscribe))
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    page.goto(local(unsubscribe))  # the alert is gone: no button any more
    assert page.locator("main form button[type=submit]").count() == 0
