"""The vocabularies a user sees as labels, filters and choices (CONTRACT section 6)."""
import json
import re

import opencc
import pytest
from babel import Locale

from directory import taxonomy

CONTRACT_CAPABILITIES = (
    "iot", "fintech", "infosec", "big-data", "ai", "cloud", "blockchain", "5g", "gis",
    "robotics", "e-commerce", "smart-building", "smart-mobility", "smart-environment",
    "govtech", "healthtech", "edtech", "data-centre", "system-integration", "consulting",
)
CONTRACT_REGIONS = (
    "mainland-china", "asean", "south-asia", "central-asia", "middle-east",
    "central-eastern-europe", "africa",
)
ALL_VOCABULARIES = (taxonomy.CAPABILITIES, taxonomy.REGIONS, taxonomy.STAFF_SIZES,
                    taxonomy.CLIENT_TYPES, taxonomy.PROJECT_ROLES, taxonomy.WORK_LANGUAGES)
HAND_WRITTEN = ALL_VOCABULARIES[:-1]      # work-language names come from CLDR

T2S = opencc.OpenCC("t2s")
T2HK = opencc.OpenCC("t2hk")
HAN = re.compile(r"[\u4e00-\u9fff]")


def test_languages_are_the_three_keys():
    assert taxonomy.LANGS == ("en", "zh-Hant", "zh-Hans")


def test_every_contract_capability_is_present_with_three_labels():
    assert set(CONTRACT_CAPABILITIES) <= set(taxonomy.CAPABILITIES)
    for code in CONTRACT_CAPABILITIES:
        for lang in taxonomy.LANGS:
            assert taxonomy.capability_label(code, lang).strip(), (code, lang)
        assert HAN.search(taxonomy.capability_label(code, "zh-Hant"))
        assert HAN.search(taxonomy.capability_label(code, "zh-Hans"))


def test_every_contract_region_is_present_with_three_labels():
    assert tuple(taxonomy.REGIONS) == CONTRACT_REGIONS
    for code in CONTRACT_REGIONS:
        for lang in taxonomy.LANGS:
            assert taxonomy.region_label(code, lang).strip()


def test_choices_keep_the_display_order_and_localise():
    choices = taxonomy.capability_choices("zh-Hant")
    assert [code for code, _ in choices][:20] == list(CONTRACT_CAPABILITIES)
    assert dict(choices)["infosec"] == "資訊保安"
    assert taxonomy.choices(taxonomy.STAFF_SIZES, "en")[0] == ("1-10", "1–10 staff")
    assert taxonomy.choices("staff_sizes", "zh-Hant") == taxonomy.choices(taxonomy.STAFF_SIZES, "zh-Hant")
    assert [c for c, _ in taxonomy.region_choices("en")] == list(CONTRACT_REGIONS)


@pytest.mark.parametrize("vocab", ALL_VOCABULARIES, ids=lambda v: v.name)
def test_simplified_labels_contain_no_traditional_characters(vocab):
    for code, term in vocab.items():
        label = term.labels["zh-Hans"]
        assert T2S.convert(label) == label, (vocab.name, code, label)


@pytest.mark.parametrize("vocab", HAND_WRITTEN, ids=lambda v: v.name)
def test_traditional_labels_use_hong_kong_forms(vocab):
    for code, term in vocab.items():
        label = term.labels["zh-Hant"]
        assert T2HK.convert(label) == label, (vocab.name, code, label)


@pytest.mark.parametrize("code, hant, hans", [
    ("infosec", "資訊保安", "信息安全"),
    ("robotics", "機械人", "机器人"),
    ("e-commerce", "電子商貿", "电子商务"),
    ("cloud", "雲端運算", "云计算"),
    ("iot", "物聯網", "物联网"),
    ("big-data", "大數據", "大数据"),
    ("system-integration", "系統集成", "系统集成"),
])
def test_each_script_uses_its_own_terms(code, hant, hans):
    assert hant in taxonomy.capability_label(code, "zh-Hant")
    assert hans in taxonomy.capability_label(code, "zh-Hans")
    assert taxonomy.capability_label(code, "zh-Hant") != taxonomy.capability_label(code, "zh-Hans")


def test_mainland_terms_are_not_just_converted_characters():
    # 資訊保安 converted character by character would be 资讯保安; the Mainland says 信息安全.
    for code in ("infosec", "robotics", "e-commerce", "cloud", "consulting"):
        hant = taxonomy.capability_label(code, "zh-Hant")
        assert T2S.convert(hant) != taxonomy.capability_label(code, "zh-Hans"), code
    assert taxonomy.capability_label("ai", "zh-Hant") == taxonomy.capability_label("ai", "zh-Hans") == "人工智能"


def test_search_synonyms_cover_all_three_languages():
    infosec = next(s for s in taxonomy.synonym_sets() if "information security" in s)
    assert {"cybersecurity", "cyber security", "infosec", "資訊保安", "網絡安全", "資訊安全",
            "信息安全", "网络安全"} <= infosec
    robotics = next(s for s in taxonomy.synonym_sets() if "機械人" in s)
    assert {"robot", "robots", "機器人", "机器人"} <= robotics
    ecommerce = next(s for s in taxonomy.synonym_sets() if "ecommerce" in s)
    assert {"online retail", "電子商貿", "電子商務", "电子商务"} <= ecommerce
    cloud = next(s for s in taxonomy.synonym_sets() if "cloud computing" in s)
    assert {"雲端運算", "雲計算", "云计算"} <= cloud
    iot = next(s for s in taxonomy.synonym_sets() if "internet of things" in s)
    assert {"iot", "物聯網", "物联网"} <= iot


def test_synonym_sets_are_lower_case_and_do_not_overlap():
    sets = taxonomy.synonym_sets()
    assert len(sets) == len(taxonomy.CAPABILITIES)
    seen = set()
    for words in sets:
        assert all(w == w.lower() and w.strip() for w in words)
        assert not (words & seen), words & seen     # a word expanding to two capabilities
        seen |= words


def test_capability_search_text_holds_labels_and_synonyms():
    text = taxonomy.capability_search_text("infosec")
    for word in ("Information Security", "資訊保安", "信息安全", "cybersecurity", "网络安全"):
        assert word in text
    assert taxonomy.capability_search_text("no-such-code") == ""


def test_country_names_come_localised_from_cldr():
    assert taxonomy.region_label("SG", "en") == "Singapore"
    assert taxonomy.region_label("SG", "zh-Hant") == "新加坡"
    assert taxonomy.region_label("SG", "zh-Hans") == "新加坡"
    names = {lang: taxonomy.region_label("AE", lang) for lang in taxonomy.LANGS}
    assert len(set(names.values())) == 3
    assert names["zh-Hant"] == Locale.parse("zh_Hant_HK").territories["AE"]
    assert names["zh-Hans"] == Locale.parse("zh_Hans_CN").territories["AE"]
    # Hong Kong and Mainland usage differ, as CLDR records them.
    assert taxonomy.region_label("SA", "zh-Hant") != taxonomy.region_label("SA", "zh-Hans")


def test_country_choices_are_the_iso_countries_sorted_by_name():
    choices = taxonomy.country_choices("en")
    codes = [code for code, _ in choices]
    assert len(codes) == len(set(codes)) == 249
    assert all(re.fullmatch(r"[A-Z]{2}", code) for code in codes)
    for not_a_country in ("EU", "EZ", "UN", "QO", "XA", "XB", "XK", "ZZ", "AC", "IC", "TA"):
        assert not_a_country not in codes
        assert not taxonomy.is_country(not_a_country)
    for country in ("HK", "MO", "CN", "SG", "AE", "KZ", "EG", "PL", "ZA"):
        assert country in codes
    names = [name for _, name in choices]
    assert names.index("Albania") < names.index("Singapore") < names.index("Zimbabwe")
    zh = dict(taxonomy.country_choices("zh-Hant"))
    assert zh["SG"] == "新加坡" and set(zh) == set(codes)


def test_codes_are_recognised():
    assert taxonomy.is_country("SG") and not taxonomy.is_country("sg")
    assert not taxonomy.is_country("asean") and taxonomy.is_region("asean")
    assert not taxonomy.is_region("SG")
    assert taxonomy.normalize_area_code(" Asean ") == "asean"
    assert taxonomy.normalize_area_code("sg") == "SG"
    assert taxonomy.normalize_area_code("Atlantis") is None


def test_region_members_are_iso_countries():
    for code, region in taxonomy.REGIONS.items():
        assert region.countries, code
        assert all(taxonomy.is_country(c) for c in region.countries), code
    assert taxonomy.region_countries("mainland-china") == {"CN"}
    assert len(taxonomy.region_countries("asean")) == 11 and "TL" in taxonomy.region_countries("asean")
    assert taxonomy.region_countries("south-asia") == {"AF", "BD", "BT", "IN", "MV", "NP", "PK", "LK"}
    assert taxonomy.region_countries("central-asia") == {"KZ", "KG", "TJ", "TM", "UZ"}
    assert {"AE", "SA", "QA", "BH", "KW", "OM", "IR", "IQ", "TR", "JO"} <= taxonomy.region_countries("middle-east")
    assert {"PL", "CZ", "SK", "HU", "RO", "BG", "EE", "LV", "LT", "RS", "HR", "UA", "MD", "BY"} \
        <= taxonomy.region_countries("central-eastern-europe")
    assert len(taxonomy.region_countries("africa")) == 54
    assert "EG" in taxonomy.region_countries("africa")


def test_region_filter_expansion_works_both_ways():
    assert "asean" in taxonomy.expand_served({"SG"})
    assert "SG" in taxonomy.expand_served({"asean"})
    assert taxonomy.expand_served(["SG"]) == {"SG", "asean"}
    assert taxonomy.expand_served(["mainland-china"]) == {"mainland-china", "CN"}
    assert {"EG", "middle-east", "africa"} <= taxonomy.expand_served(["EG"])
    # Two regions sharing a country are not merged: a Middle East provider is not an African one.
    assert "africa" not in taxonomy.expand_served(["middle-east"])
    assert taxonomy.expand_served(["MO"]) == {"MO"}
    assert taxonomy.expand_served(["sg", " Asean"]) >= {"SG", "asean", "MY"}
    assert taxonomy.expand_served([]) == set()


def test_other_vocabularies_match_the_data_shape():
    assert tuple(taxonomy.STAFF_SIZES) == ("1-10", "11-50", "51-200", "201-500", "501-1000", "1001+")
    assert tuple(taxonomy.CLIENT_TYPES) == ("government", "public-body", "private")
    assert tuple(taxonomy.PROJECT_ROLES) == ("prime-contractor", "sub-contractor", "supplier", "consultant")
    assert {"en", "yue", "zh", "ar", "ru", "ms", "id", "th", "vi", "fr", "es", "pt", "tr", "hi",
            "ur", "kk"} <= set(taxonomy.WORK_LANGUAGES)
    assert taxonomy.label(taxonomy.STAFF_SIZES, "1-10", "zh-Hant") == "1至10人"
    assert taxonomy.label("STAFF_SIZES", "1001+", "en") == "1,001+ staff"
    assert taxonomy.label(taxonomy.PROJECT_ROLES, "sub-contractor", "zh-Hant") == "分判商"
    assert taxonomy.label(taxonomy.PROJECT_ROLES, "sub-contractor", "zh-Hans") == "分包商"
    assert taxonomy.label(taxonomy.REGIONS, "SG", "zh-Hant") == "新加坡"


def test_working_language_names_say_what_hong_kong_users_mean():
    assert taxonomy.label(taxonomy.WORK_LANGUAGES, "yue", "en") == "Cantonese"
    assert taxonomy.label(taxonomy.WORK_LANGUAGES, "yue", "zh-Hant") == "廣東話"
    assert taxonomy.label(taxonomy.WORK_LANGUAGES, "zh", "zh-Hant") == "普通話"
    assert taxonomy.label(taxonomy.WORK_LANGUAGES, "zh", "zh-Hans") == "普通话"
    assert taxonomy.label(taxonomy.WORK_LANGUAGES, "ar", "zh-Hans") == \
        Locale.parse("zh_Hans_CN").languages["ar"]
    for code, term in taxonomy.WORK_LANGUAGES.items():
        assert all(term.labels[lang] for lang in taxonomy.LANGS), code


def test_unknown_codes_and_languages_do_not_break_labels():
    assert taxonomy.capability_label("quantum", "en") == "quantum"
    assert taxonomy.region_label("Atlantis", "zh-Hant") == "Atlantis"
    assert taxonomy.capability_label("iot", "fr") == taxonomy.capability_label("iot", "en")
    assert taxonomy.normalize_lang("zh-HK") == "zh-Hant"
    assert taxonomy.normalize_lang("zh_TW") == "zh-Hant"
    assert taxonomy.normalize_lang("zh-CN") == "zh-Hans"
    assert taxonomy.normalize_lang("zh-SG") == "zh-Hans"
    assert taxonomy.normalize_lang(None) == "en"
    with pytest.raises(KeyError):
        taxonomy.label("no_such_vocabulary", "x")


def test_vocabularies_are_read_only():
    with pytest.raises(TypeError):
        taxonomy.CAPABILITIES["iot"].labels["en"] = "Changed"     # type: ignore[index]
    with pytest.raises(AttributeError):
        taxonomy.CAPABILITIES["iot"].code = "x"                   # type: ignore[misc]


def test_taxonomy_serialises_to_json():
    data = json.loads(json.dumps(taxonomy.as_dict(), ensure_ascii=False))
    assert [c["code"] for c in data["capabilities"]][:20] == list(CONTRACT_CAPABILITIES)
    asean = next(r for r in data["regions"] if r["code"] == "asean")
    assert asean["labels"] == {"en": "ASEAN", "zh-Hant": "東盟", "zh-Hans": "东盟"}
    assert "SG" in asean["countries"]
