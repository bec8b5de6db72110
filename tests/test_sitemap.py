"""robots.txt and sitemap.xml (CONTRACT §7): every public profile and only those, with hreflang
alternates and lastmod, on BASE_URL whatever Host the request names; search stays noindex."""
import xml.etree.ElementTree as ET

import pytest
from conftest import BASE_URL
from test_api import seed_directory

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
EVIL = "evil.example"


@pytest.fixture
def seeded(app):
    return seed_directory(app, count=5)


def sitemap(client, **kw):
    response = client.get("/sitemap.xml", **kw)
    assert response.status_code == 200 and response.mimetype == "application/xml"
    return response.get_data(as_text=True)


def test_robots_names_the_sitemap_on_base_url(client):
    response = client.get("/robots.txt", base_url=f"http://{EVIL}")
    text = response.get_data(as_text=True)
    assert response.mimetype == "text/plain"
    assert f"Sitemap: {BASE_URL}/sitemap.xml" in text.splitlines() and EVIL not in text
    assert "Disallow: /secretariat/" in text and "Disallow: /search" not in text  # search is noindex, follow


def test_sitemap_lists_every_public_profile_and_nothing_else(client, seeded):
    root = ET.fromstring(sitemap(client))
    urls = root.findall("s:url", NS)
    locs = [u.find("s:loc", NS).text for u in urls]
    expected = {f"{BASE_URL}/providers/{seeded['slugs'][pid]}" for pid in seeded["public"]}
    assert sorted(locs) == sorted(expected)
    hidden = [seeded["slugs"][pid] for pid, _ in seeded["hidden"].values() if seeded["slugs"].get(pid)]
    assert hidden and not [slug for slug in hidden if slug in ET.tostring(root, encoding="unicode")]
    for url in urls:
        loc = url.find("s:loc", NS).text
        alternates = {a.get("hreflang"): a.get("href") for a in url.findall("x:link", NS)}
        assert alternates == {"en": f"{loc}?lang=en", "zh-Hant": f"{loc}?lang=zh-Hant",
                              "zh-Hans": f"{loc}?lang=zh-Hans", "x-default": loc}
        assert len(url.find("s:lastmod", NS).text) == 10  # YYYY-MM-DD


def test_a_suspended_profile_leaves_the_sitemap(app, client, seeded):
    from directory.core import web
    from directory.core.extensions import db
    from directory.models import Listing
    from directory.listings import review
    pid = next(iter(seeded["public"]))
    slug = seeded["slugs"][pid]
    assert f"/providers/{slug}<" in sitemap(client)
    with app.test_request_context():
        listing = db.session.scalars(db.select(Listing).where(Listing.public_id == pid)).one()
        review.suspend(listing, None, "complaint")
        web.commit()
    assert f"/providers/{slug}<" not in sitemap(client)


def test_a_foreign_host_never_appears(client, seeded):
    text = sitemap(client, base_url=f"https://{EVIL}", headers={"X-Forwarded-Host": EVIL})
    assert EVIL not in text and BASE_URL in text


def test_an_empty_directory_has_a_valid_empty_sitemap(client):
    root = ET.fromstring(sitemap(client))
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset" and root.findall("s:url", NS) == []


def test_search_pages_stay_noindex_and_profiles_carry_share_cards(client, seeded):
    assert '<meta name="robots" content="noindex, follow">' in client.get("/search?q=cloud").get_data(as_text=True)
    pid = next(iter(seeded["public"]))
    data = seeded["public"][pid]
    html = client.get(f"/providers/{seeded['slugs'][pid]}?lang=en", base_url=f"http://{EVIL}").get_data(as_text=True)
    name = data["company_name_en"] or data["company_name_zh"]
    assert f'<meta property="og:title" content="{name}">' in html
    assert f'<meta property="og:url" content="{BASE_URL}/providers/{seeded["slugs"][pid]}">' in html
    assert '<meta name="twitter:card" content="summary">' in html and EVIL not in html
    if data.get("summary_en"):
        assert '<meta property="og:description" content="' in html
