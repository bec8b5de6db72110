"""The Open Referral HSDS 3.0 tabular data package (docs/hsds.md)."""
import csv
import json
import uuid
from datetime import datetime, timezone

import pytest

from directory import taxonomy
from directory.data_exchange.exports.hsds import TABLES, HsdsListing, hsds_id, write_hsds

BASE = "https://directory.example.hk"
PAYLOADS = ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1+1", "\r=1+1", "\n=1+1", "\uff1d1+1", "\x00=1+1"]


def data(**over):
    base = {
        "company_name_en": "Harbour Sensors Limited", "company_name_zh": "海港感測有限公司",
        "br_number": "12345678", "email": "secret@harbour.example.hk", "phone": "+85221234567",
        "contact_name": "Chan Tai Man", "year_established": 2012, "staff_size": "11-50",
        "website": "https://harbour.example.hk", "address_en": "1 Science Park", "address_zh": "科學園1號",
        "summary_en": "IoT for buildings", "summary_zh": "樓宇物聯網", "description_en": "We build.",
        "description_zh": "我們建造。", "capabilities": ["iot", "smart-building"],
        "regions_served": ["asean", "SA"], "languages": ["en", "yue"], "certifications": ["ISO 9001"],
        "logo": "a" * 32 + ".png", "hktdc_consent": True,
    }
    base.update(over)
    return base


def item(pid="abc234def567", **over):
    return HsdsListing(pid, data(**over), datetime(2025, 3, 4, 5, 6, 7, tzinfo=timezone.utc),
                       f"{BASE}/providers/{pid}", f"{BASE}/media/logos/x.png")


def read(folder, path):
    with open(folder / path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def package(tmp_path):
    count = write_hsds([item("abc234def567"), item("xyz234def567", company_name_en="", address_en="")],
                       tmp_path, base_url=BASE + "/")
    assert count == 2
    return tmp_path


def test_datapackage_describes_every_file_and_its_columns(package):
    meta = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    assert meta["profile"] == "tabular-data-package" and meta["hsds_version"] == "3.0"
    names = {r["name"] for r in meta["resources"]}
    assert {"organization", "service", "location", "address", "service_area", "taxonomy", "taxonomy_term",
            "attribute", "service_at_location", "language"} <= names
    for resource in meta["resources"]:
        assert resource["encoding"] == "utf-8" and resource["profile"] == "tabular-data-resource"
        raw = (package / resource["path"]).read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf")
        header = next(csv.reader(raw.decode("utf-8").splitlines()))
        assert header == [f["name"] for f in resource["schema"]["fields"]]


def test_records_link_up_and_ids_are_stable_uuids(package, tmp_path_factory):
    orgs = {r["id"]: r for r in read(package, "organizations.csv")}
    services = read(package, "services.csv")
    terms = {r["id"]: r for r in read(package, "taxonomy_terms.csv")}
    taxonomies = {r["id"] for r in read(package, "taxonomies.csv")}
    locations = {r["id"] for r in read(package, "locations.csv")}
    assert len(orgs) == 2 and all(uuid.UUID(i).version == 5 for i in orgs)
    assert all(s["organization_id"] in orgs for s in services)
    assert all(t["taxonomy_id"] in taxonomies for t in terms.values())
    attributes = read(package, "attributes.csv")
    assert {terms[a["taxonomy_term_id"]]["code"] for a in attributes if a["link_type"] == "capability"} == \
        {"iot", "smart-building"}
    assert all(a["link_id"] in orgs for a in attributes if a["link_entity"] == "organization")
    assert all(a["link_id"] in {s["id"] for s in services} for a in attributes if a["link_entity"] == "service")
    assert all(r["location_id"] in locations for r in read(package, "addresses.csv"))
    assert all(r["location_id"] in locations for r in read(package, "service_at_location.csv"))
    assert hsds_id("organization", "abc234def567") in orgs
    # the same listing gets the same ids in the next export
    again = tmp_path_factory.mktemp("again")
    write_hsds([item("abc234def567")], again, base_url=BASE)
    assert read(again, "organizations.csv")[0]["id"] == hsds_id("organization", "abc234def567")


def test_fields_are_mapped_and_chinese_survives(package):
    org = read(package, "organizations.csv")[0]
    assert (org["name"], org["alternate_name"], org["year_incorporated"]) == \
        ("Harbour Sensors Limited", "海港感測有限公司", "2012")
    assert org["uri"] == f"{BASE}/providers/abc234def567" and org["website"] == "https://harbour.example.hk"
    zh_only = read(package, "organizations.csv")[1]
    assert zh_only["name"] == "海港感測有限公司" and zh_only["alternate_name"] == ""
    service = read(package, "services.csv")[0]
    assert (service["name"], service["status"], service["last_modified"]) == \
        ("IoT for buildings", "active", "2025-03-04T05:06:07Z")
    areas = {r["name"]: r["description"] for r in read(package, "service_areas.csv")[:2]}
    assert areas == {taxonomy.region_label("asean", "en"):
                     "Region asean: ISO 3166-1 BN, ID, KH, LA, MM, MY, PH, SG, TH, TL, VN",
                     "Saudi Arabia": "ISO 3166-1 alpha-2: SA"}
    assert {r["code"] for r in read(package, "languages.csv")} == {"en", "yue"}
    address = read(package, "addresses.csv")[0]
    assert (address["address_1"], address["country"]) == ("1 Science Park", "HK")
    assert len(read(package, "addresses.csv")) == 2  # the second listing has a Chinese address only


def test_private_fields_never_leave(package):
    everything = "".join(p.read_text(encoding="utf-8") for p in package.iterdir())
    for private in ("secret@harbour.example.hk", "21234567", "Chan Tai Man", "12345678"):
        assert private not in everything


def test_every_cell_is_formula_safe(tmp_path):
    listing = item(**{key: p for key, p in zip(("company_name_en", "company_name_zh", "summary_en",
                                                "summary_zh", "description_en", "address_en", "website",
                                                "address_zh", "description_zh"), PAYLOADS)},
                   certifications=PAYLOADS)
    write_hsds([listing], tmp_path, base_url=BASE)
    for table in TABLES:
        for row in read(tmp_path, table.path):
            for value in row.values():
                assert value == "" or value[0] not in "=+-@\t\r\n\uff1d\uff0b\uff0d\uff20\x00", (table.path, value)
