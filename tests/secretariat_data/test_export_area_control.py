"""The export page's regions and countries: the member form's control (checkboxes by region,
"whole region" boxes, names in the reader's collation), and a download filtered through it."""
import csv
import io
import re

import pytest
from conftest import post_form
from data_desk_helpers import add_listing, listing_data

PAGE, DOWNLOAD = "/secretariat/exports", "/secretariat/exports/download"


@pytest.fixture
def secretariat(make_user, login):
    uid = make_user(email="sec@example.com", role="secretariat")
    login("sec@example.com")
    return uid


def test_regions_and_countries_are_checkboxes_grouped_by_region(client, app, secretariat):
    html = client.get(PAGE + "?lang=zh-Hans").get_data(as_text=True)
    assert "<select multiple" not in html
    assert re.search(r'<input type="checkbox" name="region" value="asean" id="region-asean"', html)
    assert re.search(r'name="delivered_in" value="SG"\s+id="delivered_in-asean-SG"', html)
    asean = html[html.index('id="region-asean"'):html.index('id="region-south-asia"')]
    names = re.findall(r'data-label="([^"]+)"', asean)[1:]  # after the whole-region box
    pinyin = [n for n in names if n in ("菲律宾", "柬埔寨", "新加坡", "越南")]
    assert pinyin == ["菲律宾", "柬埔寨", "新加坡", "越南"]  # not code point order (新 first)


def test_a_download_filtered_by_a_whole_region_and_a_country(client, app, secretariat):
    with app.app_context():
        add_listing(listing_data(1, company_name_en="Asean Only Ltd", regions_served=["asean"]))
        add_listing(listing_data(2, company_name_en="Kazakh Ltd", br_number="22222222", regions_served=["KZ"]))
        add_listing(listing_data(3, company_name_en="Africa Ltd", br_number="33333333", regions_served=["africa"]))
    response = post_form(client, DOWNLOAD, {"format": "hktdc-csv", "region": ["asean", "KZ"]}, token_url=PAGE)
    rows = list(csv.DictReader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    response.close()
    assert sorted(r["company_name_en"] for r in rows) == ["Asean Only Ltd", "Kazakh Ltd"]
