"""The demo listings a visitor sees after `make run`: realistic, varied, in the data shape."""
import re
from collections import Counter
from datetime import datetime

import phonenumbers
import pytest
from email_validator import validate_email

from directory import taxonomy
from directory.demo_data import KEYS, REFERENCE_KEYS, generate
from directory.listings import fields

# The data shape is the declaration's (every field a listing stores, not the internal ones).
SHAPE_KEYS = {f.name for f in fields.FIELDS if f.kind != "internal"}
HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def listings():
    return generate(40)


def test_same_seed_same_data_other_seed_other_data():
    assert generate(25, seed=3) == generate(25, seed=3)
    assert generate(25, seed=3) != generate(25, seed=4)
    assert generate() == generate(40, 7)
    assert generate(0) == []


def test_every_key_of_the_data_shape_is_present(listings):
    assert set(KEYS) == SHAPE_KEYS
    for data in listings:
        assert set(data) == SHAPE_KEYS
        assert isinstance(data["year_established"], int)
        assert isinstance(data["hktdc_consent"], bool)
        assert data["logo"] is None
        for key in ("capabilities", "regions_served", "certifications", "languages", "references"):
            assert isinstance(data[key], list)
        for ref in data["references"]:
            assert set(ref) == set(REFERENCE_KEYS)


@pytest.mark.parametrize("count, seed", [(40, 7), (20, 7), (20, 1), (20, 123), (41, 5)])
def test_every_capability_and_region_appears(count, seed):
    data = generate(count, seed)
    capabilities = {c for d in data for c in d["capabilities"]}
    regions = {c for d in data for c in d["regions_served"] if taxonomy.is_region(c)}
    assert capabilities == set(taxonomy.CAPABILITY_CODES)
    assert regions == set(taxonomy.REGION_CODES)


def test_small_counts_cover_as_much_as_they_can():
    assert {c for d in generate(5) for c in d["capabilities"]} == set(taxonomy.CAPABILITY_CODES)
    assert len({c for d in generate(1) for c in d["capabilities"]}) == 4


def test_codes_are_valid_vocabulary_codes(listings):
    for data in listings:
        assert 1 <= len(data["capabilities"]) <= 4
        assert len(set(data["capabilities"])) == len(data["capabilities"])
        assert all(taxonomy.is_capability(c) for c in data["capabilities"])
        assert data["regions_served"]
        assert all(taxonomy.is_region(c) or taxonomy.is_country(c) for c in data["regions_served"])
        assert data["staff_size"] in taxonomy.STAFF_SIZES
        assert all(lang in taxonomy.WORK_LANGUAGES for lang in data["languages"])


def test_regions_served_mix_region_and_country_codes(listings):
    served = [c for d in listings for c in d["regions_served"]]
    assert any(taxonomy.is_region(c) for c in served)
    assert any(taxonomy.is_country(c) for c in served)


def test_br_numbers_are_unique_eight_digits():
    data = generate(2000, 11)
    numbers = [d["br_number"] for d in data]
    assert all(re.fullmatch(r"\d{8}", n) for n in numbers)
    assert len(set(numbers)) == len(numbers)


def test_no_two_listings_share_a_name():
    data = generate(2000, 11)
    en = [d["company_name_en"] for d in data if d["company_name_en"]]
    zh = [d["company_name_zh"] for d in data if d["company_name_zh"]]
    assert len(set(en)) == len(en)
    assert len(set(zh)) == len(zh)
    assert all(d["company_name_en"] or d["company_name_zh"] for d in data)
    assert len({d["website"] for d in data}) == len(data)


def test_names_are_varied_and_some_are_in_one_language_only():
    data = generate(200)
    assert any(d["company_name_en"] and not d["company_name_zh"] for d in data)
    assert any(d["company_name_zh"] and not d["company_name_en"] for d in data)
    first_words = Counter(d["company_name_en"].split()[0] for d in data if d["company_name_en"])
    assert len(first_words) > 50
    forty = generate(40)
    roots = Counter(d["company_name_en"].split()[0] for d in forty if d["company_name_en"])
    assert roots.most_common(1)[0][1] <= 2
    for d in data:
        if d["company_name_en"]:
            assert d["company_name_en"].endswith("Limited")
        if d["company_name_zh"]:
            assert d["company_name_zh"].endswith("有限公司") and HAN.search(d["company_name_zh"])


def test_contact_details_look_real_but_are_reserved(listings):
    for data in listings:
        assert re.fullmatch(r"https://www\.[a-z0-9-]+\.example\.(hk|com)", data["website"])
        domain = data["website"].removeprefix("https://www.")
        assert data["email"].endswith("@" + domain)
        validate_email(data["email"], check_deliverability=False)
        assert re.fullmatch(r"\+852[235689]\d{7}", data["phone"])
        assert phonenumbers.is_valid_number(phonenumbers.parse(data["phone"]))
        assert re.fullmatch(r"SCC-\d{4,}", data["scc_member_no"])
        assert data["contact_name"] and data["contact_title"]
    assert len({d["scc_member_no"] for d in listings}) == len(listings)


def test_addresses_are_in_hong_kong_districts(listings):
    districts = ("Kwun Tong", "Sha Tin", "Cyberport", "Wan Chai", "Central", "Kowloon Bay",
                 "Sheung Wan", "Quarry Bay", "Causeway Bay", "Wong Chuk Hang", "Chai Wan",
                 "Tsim Sha Tsui", "Mong Kok", "Cheung Sha Wan", "San Po Kong", "Tsuen Wan",
                 "Kwai Chung", "Fo Tan", "Tseung Kwan O")
    for data in listings:
        assert any(d in data["address_en"] for d in districts), data["address_en"]
        assert HAN.search(data["address_zh"])
        assert data["address_zh"].endswith("室")


def test_years_and_staff_sizes_are_spread(listings):
    years = [d["year_established"] for d in generate(500)]
    assert 1985 <= min(years) and max(years) <= 2024
    assert max(years) - min(years) > 25
    assert {d["staff_size"] for d in listings} == set(taxonomy.STAFF_SIZES)
    assert {d["staff_size"] for d in generate(6)} == set(taxonomy.STAFF_SIZES)


def test_consent_is_mostly_given_and_timestamped():
    data = generate(1000, 2)
    share = sum(d["hktdc_consent"] for d in data) / len(data)
    assert 0.78 < share < 0.92
    for d in data:
        if d["hktdc_consent"]:
            assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", d["consent_at"])
            datetime.strptime(d["consent_at"], "%Y-%m-%dT%H:%M:%SZ")
        else:
            assert d["consent_at"] == ""


def test_texts_are_bilingual_and_fit_the_limits(listings):
    for data in listings:
        for key in ("summary_en", "summary_zh"):
            assert 0 < len(data[key]) <= 200 and "\n" not in data[key]
        assert len(data["description_en"]) <= 5000 and len(data["description_zh"]) <= 5000
        assert data["description_en"].count(". ") >= 2            # several sentences
        assert data["description_zh"].count("。") >= 3
        assert HAN.search(data["summary_zh"]) and HAN.search(data["description_zh"])
        assert not HAN.search(data["summary_en"] + data["description_en"])


def test_texts_are_not_one_sentence_repeated(listings):
    assert len({d["description_en"] for d in listings}) == len(listings)
    assert len({d["summary_en"] for d in listings}) == len(listings)
    first_sentences = Counter(d["description_en"].split(". ")[1] for d in listings)
    assert len(first_sentences) > 15


def test_descriptions_talk_about_the_listed_capabilities():
    words = {
        "infosec": ("penetration", "security"), "robotics": ("robot",), "cloud": ("cloud",),
        "data-centre": ("data centre",), "edtech": ("learning", "courseware"),
        "fintech": ("payment", "fintech"), "gis": ("map", "spatial"),
    }
    for data in generate(300, 9):
        text = data["description_en"].lower()
        for cap, hints in words.items():
            if cap in data["capabilities"]:
                assert any(h.lower() in text for h in hints), (cap, text)


def test_certifications_are_recognisable(listings):
    certs = Counter(c for d in generate(300) for c in d["certifications"])
    assert {"ISO 9001", "ISO 27001", "ISO 14001", "CMMI Level 3", "SOC 2 Type II"} <= set(certs)
    assert any(not d["certifications"] for d in listings)


def test_project_references_are_set_where_the_listing_works():
    data = generate(300, 4)
    counts = Counter(len(d["references"]) for d in data)
    assert set(counts) == {0, 1, 2, 3, 4}
    for d in data:
        served = taxonomy.expand_served(d["regions_served"])
        for ref in d["references"]:
            assert taxonomy.is_country(ref["country"])
            assert ref["country"] in served
            assert ref["city_en"] and ref["title_en"] and HAN.search(ref["title_zh"]) and HAN.search(ref["city_zh"])
            assert d["year_established"] <= ref["year"] <= 2025
            assert ref["client_type"] in taxonomy.CLIENT_TYPES
            assert ref["role"] in taxonomy.PROJECT_ROLES
            assert ref["city_en"] in ref["description_en"]
        places = [(r["title_en"], r["city_en"]) for r in d["references"]]
        assert len(set(places)) == len(places)  # the same project twice in one city: never


def test_reference_titles_leave_the_city_to_the_city_shown_beside_them():
    """Results and profiles show a reference as "title · city" ("title" then "city, year"): a title
    holding the city read "Smart city master plan, Chonburi · Chonburi"."""
    refs = [ref for d in generate(300, 4) for ref in d["references"]]
    assert refs
    for ref in refs:
        for lang in ("en", "zh"):
            title, city = ref[f"title_{lang}"], ref[f"city_{lang}"]
            assert city not in title, (title, city)
            assert title == title.strip(" ,，") and "{" not in title, title
    assert len({ref["title_en"] for ref in refs}) > 20  # still varied


def test_ten_thousand_listings_are_still_unique():
    data = generate(10_000)  # how fast: bench (`demo load --count 10000`), not a clock in a test
    assert len({d["br_number"] for d in data}) == 10_000
    assert len({d["company_name_en"] for d in data if d["company_name_en"]}) == \
        sum(1 for d in data if d["company_name_en"])
