"""The dashboard (issue 4 item 7): charts a person reads at a glance, with their numbers."""
import html
import re

from desk_helpers import approve, desk, submit_listing  # noqa: F401

from directory import taxonomy
from directory.core.extensions import db
from directory.models import SearchLog


def chart(page: str, chart_id: str) -> str:
    """The <svg> of one chart."""
    match = re.search(rf'<svg class="chart[^"]*" id="{chart_id}".*?</svg>', page, re.S)
    assert match, f"no chart {chart_id}"
    return match.group(0)


def bars(svg: str) -> list[tuple[str, int]]:
    """(label, value) of each bar, read from the bar's own <title>."""
    found = re.findall(r'<g class="row"><title>(.*?): (\d+)</title>', svg)
    return [(html.unescape(label), int(value)) for label, value in found]


def test_dashboard_renders_every_chart_with_no_data(client, desk):
    response = desk.get("/secretariat/dashboard")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert page.count('<svg class="chart ') == 6
    status = chart(page, "chart-status")
    assert status.count('class="bar"') == 5 and all(n == 0 for _label, n in bars(status))
    assert chart(page, "chart-capability").count('class="bar"') == len(taxonomy.CAPABILITIES)
    assert chart(page, "chart-region").count('class="bar"') == len(taxonomy.REGIONS)
    assert chart(page, "chart-activity").count("<circle") == 2 * 12
    assert "No data yet." in chart(page, "chart-missing")
    assert '<title id="chart-status-title">Listings by status</title>' in page
    assert "<details" in page and "Show the numbers" in page  # the table fallback


def test_dashboard_counts_listings_activity_and_searches_that_found_nothing(app, client, member, desk):
    pid = submit_listing(client)
    approve(desk, pid)
    submit_listing(client, {"company_name_en": "Other Robotics Ltd", "br_number": "55556666",
                            "capabilities": ["robotics"], "regions": [], "countries": ["KE"]})
    for query in ("harbour", "zeppelin hangar", "zeppelin hangar", "<b>bold</b> tunnels"):
        assert client.get("/search", query_string={"q": query}).status_code == 200

    page = desk.get("/secretariat/dashboard").get_data(as_text=True)
    status = dict(bars(chart(page, "chart-status")))
    assert status["Approved and published"] == 1 and status["Awaiting review"] == 1

    capability = dict(bars(chart(page, "chart-capability")))
    assert capability[taxonomy.capability_label("iot")] == 1
    assert capability[taxonomy.capability_label("robotics")] == 0  # not published yet
    region = dict(bars(chart(page, "chart-region")))
    assert region[taxonomy.region_label("asean")] == 1 and region[taxonomy.region_label("africa")] == 0

    activity = chart(page, "chart-activity")
    assert activity.count("Submissions") >= 1
    assert re.search(r"Submissions, [^:<]+: 2</title></circle></g>", activity)  # this week: two submissions
    assert re.search(r"Approvals, [^:<]+: 1</title></circle></g>", activity)

    top = bars(chart(page, "chart-searches"))
    assert top[0] == ("zeppelin hangar", 2) and len(top) == 3
    missing = bars(chart(page, "chart-missing"))
    assert ("zeppelin hangar", 2) in missing and "harbour" not in dict(missing)
    assert "&lt;b&gt;bold&lt;/b&gt; tunnels" in page and "<b>bold</b>" not in page  # search words are escaped

    with app.app_context():  # what is kept of a search: words, filters, language, count — nobody's identity
        assert set(SearchLog.__table__.columns.keys()) == {"id", "at", "query", "filters", "lang", "result_count"}
        assert db.session.scalar(db.select(db.func.count()).select_from(SearchLog)) == 4


def test_chinese_dashboard_dates_read_month_then_day(client, desk):
    """CLDR's own order per locale: 9月21日 in Chinese, never "21 9月"."""
    page = desk.get("/secretariat/dashboard?lang=zh-Hant").get_data(as_text=True)
    activity = chart(page, "chart-activity")
    assert re.search(r"\d{1,2}月\d{1,2}日", activity)
    assert not re.search(r"\b\d{1,2} \d{1,2}月", activity)
