"""The secretariat's review queue and review page as the desk sees them, in real Chromium: at 390
and 1440 px, in English, Traditional and Simplified Chinese -- the page never scrolls sideways,
buttons and the "changed" marks never break one character per line, a badge that wraps is not a
tall pill, the page's `lang`, and axe-core at 0 violations. The queue holds demo submissions (new
listings and edits of published ones, with bilingual diffs) and an imported incomplete row."""
import shutil
import sys
from pathlib import Path

import pytest
from browser_helpers import CHROMIUM, browser, page_problems  # noqa: F401 (fixtures)
from live_server import PASSWORD, Server, app_config, close_app, prepare_instance

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "secretariat_data"))

pytestmark = [pytest.mark.browser, pytest.mark.slow]
if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)", allow_module_level=True)

LANGS = ("en", "zh-Hant", "zh-Hans")
WIDTHS = (390, 1440)
DESK = "look-desk@example.com"

# Lines of text an element's content takes (one box per line for each text piece).
LOOK = """() => {
    const lines = el => {
        const range = document.createRange(); range.selectNodeContents(el);
        const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
        return tops.size;
    };
    const visible = el => el.getClientRects().length > 0 && !el.closest('.visually-hidden');
    const name = el => (el.className ? el.tagName + '.' + el.className : el.tagName) + ' "' + el.innerText.trim().slice(0, 30) + '"';
    const out = [];
    for (const el of document.querySelectorAll('main a.button, main button')) {
        if (!visible(el)) continue;
        const most = el.closest('td, th') ? 1 : 2;
        const n = lines(el.querySelector('.visually-hidden') ? el.firstChild : el);
        if (n > most) out.push(name(el) + ': ' + n + ' lines');
    }
    for (const el of document.querySelectorAll('main .changed')) {
        if (visible(el) && el.getClientRects().length > 1) out.push(name(el) + ': broken over lines');
    }
    for (const el of document.querySelectorAll('main .badge')) {
        if (!visible(el)) continue;
        const radius = parseFloat(getComputedStyle(el).borderTopLeftRadius);
        if (lines(el) > 1 && radius > 8) out.push(name(el) + ': a ' + lines(el) + '-line pill');
    }
    return out;
}"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """Demo data (submissions waiting), the desk's account, and one incomplete imported row."""
    tmp = tmp_path_factory.mktemp("desk-look-site")
    env = prepare_instance(tmp, demo=12, users=((DESK, "secretariat"),))
    from directory import create_app
    app = create_app(app_config(tmp))
    try:
        with app.app_context():
            from data_desk_helpers import csv_file, good_cells
            (tmp / "in.csv").write_bytes(csv_file(good_cells(5, summary_en="", summary_zh="", regions_served="")))
        result = app.test_cli_runner().invoke(args=["listings", "import", str(tmp / "in.csv")])
        assert result.exit_code == 0, result.output
    finally:
        close_app(app)
    server = Server(env, tmp / "server.log")
    try:
        yield server.base, tmp
    finally:
        server.stop()
        shutil.rmtree(tmp / "search-index", ignore_errors=True)


@pytest.mark.parametrize("width", WIDTHS)
def test_queue_and_review_pages_fit_keep_buttons_whole_and_pass_axe(browser, site, width):
    from axe_playwright_python.sync_playwright import Axe
    axe = Axe()
    problems = []
    for lang in LANGS:
        context = browser.new_context(base_url=site[0], viewport={"width": width, "height": 900})
        context.set_default_timeout(10_000)
        tab = context.new_page()
        errors = []
        tab.on("console", lambda msg: errors.append(f"{msg.text} {msg.location.get('url', '')}")
               if msg.type == "error" else None)

        def look(name):
            where = f"{name} {lang} {width}px"
            problems.extend(page_problems(tab, axe, where, lang))
            problems.extend(f"{where}: {p}" for p in tab.evaluate(LOOK))

        try:
            tab.goto(f"/account/login?lang={lang}")
            tab.fill("#email", DESK)
            tab.fill("#password", PASSWORD)
            tab.press("#password", "Enter")
            tab.wait_for_load_state()
            tab.goto(f"/secretariat/?lang={lang}")
            look("queue")
            rows = tab.eval_on_selector_all(
                "a[href*='/secretariat/review/']",
                "els => els.map(e => [e.getAttribute('href'), !!e.closest('tr').querySelector('.badge-incomplete'),"
                " !!e.closest('tr').querySelector('.badge-edit')])")
            incomplete = [href for href, missing, _edit in rows if missing]
            edit = [href for href, _missing, is_edit in rows if is_edit]
            assert incomplete and edit, rows
            tab.goto(incomplete[0])
            look("review of an imported incomplete row")
            tab.goto(edit[0])
            look("review of an edit of a published listing")
        finally:
            context.close()
        errors = [e for e in errors if "favicon.ico" not in e]
        if errors:
            problems.append(f"{lang} {width}px console: {errors}")
    assert not problems, "\n".join(problems)
