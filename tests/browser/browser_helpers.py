"""Fixtures and small steps shared by the browser journeys (imported by the test modules:
a conftest.py here would shadow tests/conftest.py, which other modules import by name).

Real Chromium (Debian's, via Playwright) against the app served by a real server process on a
temporary instance: migrated, 20 demo listings, index built, one confirmed member.
"""
import json
import sqlite3
import sys
from contextlib import closing
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "security"))  # the shared live-server helper

from live_server import PASSWORD, Server, prepare_instance  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
MEMBER = "browser-member@example.com"


def members_site(tmp_path_factory, name: str, emails):
    """(base URL, instance folder) of a server of its own with these members, for a module's
    `site` fixture: each journey has its own member, so one draft never meets another."""
    tmp = tmp_path_factory.mktemp(name)
    env = prepare_instance(tmp, users=tuple((email, "member") for email in emails))
    server = Server(env, tmp / "server.log")
    try:
        yield server.base, tmp
    finally:
        server.stop()


def stored(site, public_id: str) -> dict:
    """A listing's data as the server's database holds it now (pending work, else the live one)."""
    with closing(sqlite3.connect(site[1] / "directory.sqlite3")) as conn:
        row = conn.execute("SELECT r.data FROM listings l JOIN listing_revisions r ON r.id = "
                           "COALESCE(l.working_revision_id, l.published_revision_id) WHERE l.public_id = ?",
                           (public_id,)).fetchone()
    return json.loads(row[0])


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """(base URL, instance folder) of a running server; stopped after the module."""
    tmp = tmp_path_factory.mktemp("browser-site")
    env = prepare_instance(tmp, demo=20, users=((MEMBER, "member"),))
    server = Server(env, tmp / "server.log")
    try:
        yield server.base, tmp
    finally:
        server.stop()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser, site):
    """A fresh browser profile (no cookies) per journey, in English unless the journey switches."""
    context = browser.new_context(locale="en-GB", base_url=site[0])
    context.set_default_timeout(10_000)
    tab = context.new_page()
    console_errors = []
    tab.on("console", lambda msg: console_errors.append(f"{msg.text} {msg.location.get('url', '')}")
           if msg.type == "error" else None)
    yield tab
    context.close()
    # A CSP violation (inline script or style) or a missing stylesheet shows up as a console error.
    console_errors = [e for e in console_errors if "favicon.ico" not in e]
    assert not console_errors, console_errors


def log_in(page, email=MEMBER, password=PASSWORD):
    """The login form, submitted with Enter in the password box."""
    page.goto("/account/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.press("#password", "Enter")
    page.wait_for_url("**/members/**")


def log_out(page):
    page.click("form[action$='/account/logout'] button")
    page.wait_for_load_state()


def result_total(page) -> int:
    """The number in "N providers" above the results."""
    return int(page.inner_text(".results-head strong").split()[0])


def page_problems(tab, axe, where: str, lang: str | None = None) -> list[str]:
    """What a reader would trip over on the page now open in `tab`: a wrong `lang` (when `lang` is
    given, the attribute must start with it), sideways scrolling, any axe-core violation."""
    problems = []
    found = tab.evaluate("document.documentElement.lang")
    if lang is not None and not found.startswith(lang):
        problems.append(f"{where}: lang={found}")
    wide = tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    if wide > 0:
        problems.append(f"{where}: {wide}px sideways")
    result = axe.run(tab)
    if result.violations_count:
        problems.append(f"{where}: {result.generate_report()}")
    return problems
