"""The search vocabulary for terms buyers type that it used to know poorly (edge computing, NLP,
ESG, facility / property management, STEM, fall detection, integrated operations centres): each
name meets its acronym, spelled-out and Hong Kong / Mainland Chinese forms (equivalents), and the
capabilities next to it (related terms) -- without a word expanding into a different concept."""
import pytest

from directory import taxonomy
from directory.search.service import document_of, open_index, search_index_for
from search_index import analysis
from search_index.query import atom_key


def _set_of(word):
    return next(s for s in taxonomy.synonym_sets() if word.lower() in s)


@pytest.mark.parametrize("word, members", [
    ("edge computing", {"邊緣運算", "邊緣計算", "边缘计算"}),
    ("edge data centre", {"edge data centres", "edge data center", "邊緣數據中心", "边缘数据中心"}),
    ("mec", {"multi-access edge computing", "mobile edge computing", "多接入邊緣計算", "多接入边缘计算"}),
    ("nlp", {"natural language processing", "自然語言處理", "自然语言处理"}),
    ("esg", {"environmental, social and governance", "環境、社會及管治", "环境、社会及治理", "环境、社会和治理"}),
    ("facility management", {"facilities management", "設施管理", "设施管理"}),
    ("property management", {"物業管理", "物业管理"}),
    ("stem education", {"stem", "stem教育"}),
    ("fall detection", {"跌倒偵測", "跌倒檢測", "跌倒检测"}),
    ("integrated operations centre", {"integrated operations center", "綜合指揮中心", "综合指挥中心"}),
    ("video wall", {"電視牆", "电视墙", "视频墙"}),
    ("route optimisation", {"route optimization", "路線優化", "路线优化"}),
    # Mainland names that are not the Hong Kong word converted to Simplified characters
    ("smart lamppost", {"智慧燈柱", "智慧灯杆"}),
    ("cctv", {"閉路電視", "video surveillance", "视频监控"}),
    ("facial recognition", {"face recognition", "人臉識別", "人脸识别"}),
    ("speech recognition", {"語音識別", "语音识别"}),
    ("ocr", {"optical character recognition", "光學字符識別", "光学字符识别"}),
    ("rfid", {"radio-frequency identification", "射頻識別", "射频识别"}),
    ("hvac", {"暖通空調", "暖通空调"}),
    ("predictive maintenance", {"預測性維護", "预测性维护"}),
    ("carbon accounting", {"碳核算", "碳盤查", "碳盘查"}),
])
def test_each_term_meets_its_other_names_in_three_scripts(word, members):
    assert members <= _set_of(word)


def test_neighbouring_ideas_stay_separate_concepts():
    """Equivalents mean the same thing; these only sit next to each other."""
    for a, b in [("edge computing", "edge data centre"), ("edge computing", "mec"), ("nlp", "llm"),
                 ("nlp", "nlu"), ("facility management", "property management"),
                 ("facility management", "energy management"), ("esg", "green building"),
                 ("integrated operations centre", "soc")]:
        assert _set_of(a) is not _set_of(b) and not _set_of(a) & _set_of(b), (a, b)


def test_related_links_reach_the_capabilities_next_to_each_term():
    related = taxonomy.related_terms()
    assert set(related["edge computing"]) == {"5g", "data-centre"}  # run at the network edge or in an edge DC
    assert related["mec"] == ("5g",)
    assert related["nlp"] == ("ai",) and related["nlu"] == ("ai",)
    assert related["esg"] == ("smart-environment",)
    assert related["property management"] == ("smart-building",)
    assert related["fall detection"] == ("healthtech",)
    assert related["integrated operations centre"] == ("system-integration",)
    assert related["facial recognition"] == ("ai",) and related["ocr"] == ("ai",)
    assert related["rfid"] == ("iot",) and related["predictive maintenance"] == ("iot",)
    assert related["hvac"] == ("smart-building",) and related["smart lighting"] == ("smart-building",)
    assert related["carbon accounting"] == ("smart-environment",)
    # related terms stay out of what a tagged provider is indexed as saying
    assert "edge computing" not in taxonomy.capability_search_text("data-centre")


# Pairs of sets whose members analyse alike (a stem shared): the first set wins the key, which
# is harmless for these (same meaning). Any other overlap would make a word expand to the wrong
# concept, or silently lose its set.
_KNOWN_SHARED_KEYS = {(("w", "system"), ("w", "integr")), (("w", "optim"),), (("w", "optimis"),)}


def test_no_two_sets_share_an_analysed_form():
    owner = {}
    for i, words in enumerate(taxonomy.synonym_sets()):
        for w in words:
            key = atom_key(analysis.fold(analysis.clean(w)))
            if key in owner and owner[key][0] != i and key not in _KNOWN_SHARED_KEYS:
                pytest.fail(f"{w!r} analyses like {owner[key][1]!r} of another set")
            owner.setdefault(key, (i, w))


def _listing(name, caps, en="", zh=""):
    return {"company_name_en": name, "capabilities": caps, "description_en": en, "description_zh": zh}


LISTINGS = {
    "edge-5g": _listing("Alpha Networks", ["5g"], "We build edge-computing apps on low-latency links.",
                        "我們在低時延網絡上開發邊緣運算應用。"),
    "edge-dc": _listing("Beta Data Centres", ["data-centre"], "Modular edge data centres for new markets.",
                        "模組化邊緣數據中心。"),
    "dc": _listing("Gamma Hosting", ["data-centre"], "Colocation with power, cooling and DCIM."),
    "iot": _listing("Delta Sensors", ["iot"], "Sensor networks for utilities and property managers."),
    "fm": _listing("Epsilon Buildings", ["smart-building"], "For landlords and facility managers.",
                   "服務業主及設施管理公司。"),
    "nlp": _listing("Zeta Language", ["ai"], "", "我們提供自然語言處理及聊天機械人。"),
    "ai": _listing("Eta Vision", ["ai"], "Computer vision for inspections."),
    "esg": _listing("Theta Green", ["smart-environment"], "", "協助上市公司編製環境、社會及管治報告。"),
    "stem": _listing("Iota Learning", ["edtech"], "STEM classroom kits for schools."),
    "lms": _listing("Kappa Learning", ["edtech"], "Learning management systems for colleges."),
    "fall": _listing("Lambda Care", ["healthtech"], "", "樂齡科技涵蓋跌倒偵測。"),
    "ioc": _listing("Mu Integration", ["system-integration"], "Integrated operations center, video wall."),
}


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    idx = open_index(str(tmp_path_factory.mktemp("vocab") / "index"))
    idx.rebuild([document_of(pid, 1, data, float(n)) for n, (pid, data) in enumerate(LISTINGS.items())], 0)
    yield idx
    idx.close()


def ids(index, q):
    return search_index_for(index, q, {}).ids


@pytest.mark.parametrize("q", ["edge computing", "邊緣運算", "边缘计算"])
def test_edge_computing_finds_what_says_it_then_the_network_and_data_centre_providers(index, q):
    found = ids(index, q)
    assert found[0] == "edge-5g" and set(found) == {"edge-5g", "edge-dc", "dc"}


def test_an_edge_data_centre_is_found_in_either_language_and_spelling(index):
    for q in ("edge data center", "边缘数据中心", "edge data centres"):
        assert ids(index, q)[0] == "edge-dc", q


@pytest.mark.parametrize("q", ["NLP", "natural language processing", "自然语言处理"])
def test_nlp_finds_chinese_text_saying_it_first(index, q):
    found = ids(index, q)
    assert found[0] == "nlp" and "ai" in found


@pytest.mark.parametrize("q", ["ESG", "环境、社会和治理", "environmental, social and governance"])
def test_esg_in_any_form_finds_the_hong_kong_name(index, q):
    assert ids(index, q)[0] == "esg"


def test_facility_and_property_management_cross_languages_and_stay_apart(index):
    assert ids(index, "设施管理")[0] == "fm"
    assert ids(index, "facilities management")[0] == "fm"
    prop = ids(index, "物業管理")
    assert prop[0] == "iot" and "fm" in prop[1:]  # says "property managers"; then smart-building tagged


def test_stem_education_prefers_a_provider_saying_stem_over_one_merely_tagged(index):
    assert ids(index, "STEM education") == ["stem", "lms"]


def test_fall_detection_and_the_operations_centre_find_their_chinese_and_american_forms(index):
    assert ids(index, "fall detection")[0] == "fall"
    assert ids(index, "跌倒检测")[0] == "fall"
    assert ids(index, "integrated operations centre") == ["ioc"]
    assert ids(index, "電視牆") == ["ioc"]
