"""The directory's controlled vocabularies (CONTRACT section 6), with labels in three languages.

Plain Python data: no Flask, no database.  Everything the member's form, the search index, the
facets, the exports and the API need to turn a stable *code* into words lives here.

Language keys, used everywhere in the app: ``"en"``, ``"zh-Hant"`` (Traditional Chinese as
written in Hong Kong) and ``"zh-Hans"`` (Simplified Chinese as written on the Mainland -- not a
character-by-character conversion: mainland terms are used where they differ, e.g. 資訊保安 /
信息安全, 機械人 / 机器人, 電子商貿 / 电子商务, 雲端運算 / 云计算).

Vocabularies
    :data:`CAPABILITIES`, :data:`REGIONS`, :data:`STAFF_SIZES`, :data:`CLIENT_TYPES`,
    :data:`PROJECT_ROLES`, :data:`WORK_LANGUAGES`.  Each is a read-only, ordered
    ``Mapping[code, Term]``: iterating yields codes in display order, ``code in VOCAB`` tests
    membership, ``VOCAB[code]`` gives the term (a frozen dataclass with ``labels``).

Countries
    Any ISO 3166-1 alpha-2 code is also a valid "region served".  Country names come from
    CLDR through Babel (``zh_Hant_HK``, ``zh_Hans_CN``, ``en``), never from a hand-typed list.
    CLDR knows a few two-letter codes that are *not* ISO 3166-1 countries; they are excluded
    (see :data:`NON_COUNTRY_TERRITORIES`).  Kosovo (``XK``) is excluded too: ``XK`` is a
    user-assigned code, not part of ISO 3166-1, and the contract promises ISO codes (exports
    such as HSDS consumers validate against ISO 3166-1).

Region rule
    "A region filter matches a listing whose served area intersects it."  The search index
    stores :func:`expand_served` of a listing's ``regions_served``: each stated code, the
    countries of each stated region, and every region that contains a stated country.  A filter
    term then matches with a plain equality test:

    * filter ``SG`` matches a listing serving ``asean`` (``asean`` expands to its countries);
    * filter ``asean`` matches a listing serving only ``SG`` (``SG`` expands to ``asean``).

    Two *different* regions are not expanded into each other, even where they share a country
    (only Egypt, see :data:`REGIONS`): a listing serving ``middle-east`` is found by
    ``middle-east`` and by ``EG``, but not by ``africa``.
"""
from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType

from babel import Locale

__all__ = [
    "LANGS", "DEFAULT_LANG", "Term", "Capability", "Region", "Vocabulary",
    "CAPABILITIES", "REGIONS", "STAFF_SIZES", "CLIENT_TYPES", "PROJECT_ROLES", "WORK_LANGUAGES",
    "VOCABULARIES", "CAPABILITY_CODES", "REGION_CODES", "NON_COUNTRY_TERRITORIES",
    "normalize_lang", "label", "choices", "capability_label", "region_label", "country_name",
    "country_choices", "country_codes", "region_choices", "capability_choices",
    "is_capability", "is_country", "is_region", "normalize_area_code", "region_countries",
    "regions_of", "expand_served", "synonym_sets", "capability_search_text",
    "region_search_text", "as_dict",
]

LANGS: tuple[str, ...] = ("en", "zh-Hant", "zh-Hans")
DEFAULT_LANG = "en"

#: The CLDR locale that supplies country and language names for each language key.
CLDR_LOCALES: Mapping[str, str] = MappingProxyType(
    {"en": "en", "zh-Hant": "zh_Hant_HK", "zh-Hans": "zh_Hans_CN"})


# --------------------------------------------------------------------------------------------
# Data classes
# --------------------------------------------------------------------------------------------

def _frozen_labels(labels: Mapping[str, str]) -> Mapping[str, str]:
    missing = [lang for lang in LANGS if not labels.get(lang)]
    if missing:
        raise ValueError(f"labels missing for {missing}: {dict(labels)!r}")
    return MappingProxyType({lang: labels[lang] for lang in LANGS})


@dataclass(frozen=True)
class Term:
    """One entry of a vocabulary: a stable code and its label in each of :data:`LANGS`."""

    code: str
    labels: Mapping[str, str] = field(hash=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "labels", _frozen_labels(self.labels))

    def label(self, lang: str = DEFAULT_LANG) -> str:
        return self.labels[normalize_lang(lang)]


@dataclass(frozen=True)
class Capability(Term):
    """A capability: labels plus search synonyms (English, Traditional and Simplified)."""

    synonyms: tuple[str, ...] = ()


@dataclass(frozen=True)
class Region(Term):
    """A region served: labels, its ISO 3166-1 member countries, and search synonyms."""

    countries: frozenset[str] = frozenset()
    synonyms: tuple[str, ...] = ()


class Vocabulary(Mapping):
    """An ordered, read-only ``code -> Term`` mapping with a name (e.g. ``"capabilities"``)."""

    def __init__(self, name: str, terms: Iterable[Term]):
        self.name = name
        self._terms: dict[str, Term] = {}
        for term in terms:
            if term.code in self._terms:
                raise ValueError(f"duplicate code {term.code!r} in {name}")
            self._terms[term.code] = term

    def __getitem__(self, code: str) -> Term:
        return self._terms[code]

    def __iter__(self) -> Iterator[str]:
        return iter(self._terms)

    def __len__(self) -> int:
        return len(self._terms)

    def __repr__(self) -> str:
        return f"<Vocabulary {self.name}: {', '.join(self._terms)}>"

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self._terms)

    @property
    def terms(self) -> tuple[Term, ...]:
        return tuple(self._terms.values())

    def label(self, code: str, lang: str = DEFAULT_LANG) -> str:
        term = self._terms.get(code)
        return term.label(lang) if term is not None else code

    def choices(self, lang: str = DEFAULT_LANG) -> list[tuple[str, str]]:
        return [(code, term.label(lang)) for code, term in self._terms.items()]


def _L(en: str, hant: str, hans: str) -> dict[str, str]:
    return {"en": en, "zh-Hant": hant, "zh-Hans": hans}


# --------------------------------------------------------------------------------------------
# Capabilities
# --------------------------------------------------------------------------------------------

CAPABILITIES = Vocabulary("capabilities", [
    Capability("iot", _L("Internet of Things (IoT)", "物聯網", "物联网"), (
        "internet of things", "IoT", "IIoT", "industrial internet of things", "sensor network",
        "sensors", "LoRaWAN", "NB-IoT", "connected devices", "smart devices",
        "物聯網", "物联网", "傳感器", "感應器", "传感器", "感測器", "工業物聯網", "工业互联网")),
    Capability("fintech", _L("Fintech", "金融科技", "金融科技"), (
        "financial technology", "fin tech", "digital payments", "payments", "e-payment",
        "mobile payment", "regtech", "insurtech", "wealthtech", "digital banking", "e-KYC",
        "金融科技", "電子支付", "電子付款", "电子支付", "移動支付", "移动支付", "監管科技",
        "监管科技", "虛擬銀行", "虚拟银行", "保險科技", "保险科技")),
    Capability("infosec", _L("Information Security", "資訊保安", "信息安全"), (
        "information security", "cybersecurity", "cyber security", "InfoSec", "IT security",
        "network security", "penetration testing", "pen test", "security operations centre",
        "資訊保安", "網絡安全", "網絡保安", "資訊安全", "信息安全", "网络安全", "滲透測試",
        "渗透测试", "數據保安", "数据安全")),
    Capability("big-data", _L("Big Data & Analytics", "大數據及分析", "大数据与分析"), (
        "big data", "bigdata", "data analytics", "analytics", "data science",
        "business intelligence", "data lake", "data warehouse", "open data",
        "大數據", "大数据", "數據分析", "数据分析", "商業智能", "商业智能", "數據科學",
        "数据科学", "開放數據", "开放数据")),
    Capability("ai", _L("Artificial Intelligence", "人工智能", "人工智能"), (
        "artificial intelligence", "AI", "machine learning", "ML", "deep learning",
        "computer vision", "natural language processing", "NLP", "generative AI", "GenAI",
        "chatbot", "LLM", "人工智能", "人工智慧", "機器學習", "机器学习", "深度學習",
        "深度学习", "電腦視覺", "計算機視覺", "计算机视觉", "生成式人工智能", "聊天機械人",
        "聊天机器人", "大模型")),
    Capability("cloud", _L("Cloud Computing", "雲端運算", "云计算"), (
        "cloud computing", "cloud", "cloud services", "cloud migration", "hybrid cloud",
        "public cloud", "private cloud", "SaaS", "IaaS", "PaaS", "managed cloud",
        "雲端運算", "雲計算", "云计算", "雲端", "云端", "雲端服務", "云服务", "混合雲",
        "混合云", "雲遷移", "上云")),
    Capability("blockchain", _L("Blockchain", "區塊鏈", "区块链"), (
        "blockchain", "distributed ledger", "DLT", "smart contracts", "Web3", "tokenisation",
        "tokenization", "digital assets", "區塊鏈", "区块链", "分佈式賬本", "分布式账本",
        "智能合約", "智能合约", "數碼資產", "数字资产", "代幣化", "代币化")),
    Capability("5g", _L("5G & Mobile Networks", "5G及流動通訊", "5G与移动通信"), (
        "5G", "5G networks", "private 5G", "mobile networks", "wireless", "telecommunications",
        "telecoms", "edge computing", "Wi-Fi 6", "5G網絡", "5G网络", "流動通訊", "流動網絡",
        "移动通信", "移动网络", "無線通訊", "无线通信", "電訊", "电信", "邊緣運算",
        "边缘计算", "5G專網", "5G专网")),
    Capability("gis", _L("Geographic Information Systems (GIS)", "地理資訊系統",
                         "地理信息系统"), (
        "GIS", "geographic information system", "geospatial", "mapping", "spatial data",
        "remote sensing", "surveying", "3D mapping", "digital twin", "BIM",
        "地理資訊系統", "地理信息系统", "地理信息", "空間數據", "空间数据", "測繪", "测绘",
        "遙感", "遥感", "數碼孿生", "數字孿生", "数字孪生", "建築信息模擬", "建筑信息模型")),
    Capability("robotics", _L("Robotics & Automation", "機械人及自動化", "机器人与自动化"), (
        "robotics", "robot", "robots", "automation", "service robots", "industrial robots",
        "drones", "autonomous mobile robots", "AMR", "RPA", "機械人", "機器人", "机器人",
        "自動化", "自动化", "無人機", "无人机", "服務機械人", "服务机器人", "機械臂",
        "机械臂")),
    Capability("e-commerce", _L("E-commerce", "電子商貿", "电子商务"), (
        "e-commerce", "ecommerce", "online retail", "online shop", "cross-border e-commerce",
        "marketplace", "online marketplace", "digital commerce", "電子商貿", "電子商務",
        "电子商务", "電商", "电商", "網上購物", "网购", "跨境電商", "跨境电商", "網店",
        "网店")),
    Capability("smart-building", _L("Smart Buildings", "智能建築", "智能建筑"), (
        "smart building", "smart buildings", "intelligent building", "building management system",
        "BMS", "building automation", "energy management", "proptech", "facility management",
        "智能建築", "智慧建築", "智能建筑", "智慧建筑", "樓宇自動化", "楼宇自动化",
        "樓宇管理系統", "楼宇管理系统", "能源管理", "物業科技", "物业科技", "設施管理",
        "设施管理")),
    Capability("smart-mobility", _L("Smart Mobility", "智慧出行", "智慧交通"), (
        "smart mobility", "intelligent transport systems", "ITS", "smart transport",
        "smart parking", "traffic management", "mobility as a service", "MaaS",
        "electric vehicles", "EV charging", "智慧出行", "智能交通", "智慧交通", "智能泊車",
        "智能停车", "智慧停车", "交通管理", "電動車", "电动汽车", "新能源汽车", "充電",
        "充电桩")),
    Capability("smart-environment", _L("Smart Environment", "智慧環境", "智慧环境"), (
        "smart environment", "environmental monitoring", "air quality", "water quality",
        "smart waste", "recycling", "climate tech", "cleantech", "green tech", "carbon",
        "ESG", "智慧環境", "智慧环境", "智慧环保", "環境監測", "环境监测", "空氣質素",
        "空气质量", "廢物管理", "废物管理", "回收", "綠色科技", "绿色科技", "減碳",
        "减碳", "碳中和")),
    Capability("govtech", _L("GovTech", "政府科技", "数字政府"), (
        "govtech", "gov tech", "e-government", "digital government", "smart government",
        "public sector digital services", "civic tech", "政府科技", "數碼政府", "数字政府",
        "電子政府", "电子政府", "電子政務", "电子政务", "智慧政府", "政务科技", "政務服務",
        "政务服务")),
    Capability("healthtech", _L("HealthTech", "醫療科技", "医疗科技"), (
        "healthtech", "health tech", "healthcare technology", "medtech", "digital health",
        "telehealth", "telemedicine", "e-health", "electronic health records", "EHR",
        "gerontech", "elderly care technology", "醫療科技", "医疗科技", "智慧醫療",
        "智慧医疗", "遙距醫療", "远程医疗", "數碼醫療", "数字医疗", "樂齡科技", "乐龄科技",
        "智慧养老", "電子健康紀錄", "电子健康档案")),
    Capability("edtech", _L("EdTech", "教育科技", "教育科技"), (
        "edtech", "education technology", "e-learning", "elearning", "online learning",
        "learning management system", "LMS", "STEM education", "STEAM", "教育科技",
        "智慧教育", "電子學習", "电子学习", "網上學習", "在线学习", "在線教育", "在线教育",
        "STEM教育")),
    Capability("data-centre", _L("Data Centres", "數據中心", "数据中心"), (
        "data centre", "data center", "data centres", "data centers", "colocation",
        "DCIM", "hosting", "server room", "edge data centre", "數據中心", "数据中心",
        "資料中心", "机房", "機房", "託管", "托管", "IDC")),
    Capability("system-integration", _L("System Integration", "系統集成", "系统集成"), (
        "system integration", "systems integration", "system integrator",
        "IT infrastructure", "solution integration", "turnkey", "系統集成", "系統整合",
        "系统集成", "系统整合", "系統集成商", "系统集成商", "總承包", "总承包")),
    Capability("consulting", _L("Technology Consulting", "科技顧問服務", "技术咨询"), (
        "consulting", "consultancy", "IT consulting", "technology consulting",
        "smart city consulting", "digital transformation", "advisory", "project management",
        "顧問", "顧問服務", "咨询", "技术咨询", "諮詢", "科技顧問", "數碼轉型", "数字化转型",
        "項目管理", "项目管理", "智慧城市規劃", "智慧城市规划")),
])

CAPABILITY_CODES: tuple[str, ...] = CAPABILITIES.codes


# --------------------------------------------------------------------------------------------
# Regions
# --------------------------------------------------------------------------------------------

#: ASEAN's ten member states.  (Timor-Leste was admitted in 2025 as the 11th member; it is
#: kept out until the directory's users ask for it, and remains reachable as ``TL``.)
_ASEAN = frozenset({"BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN"})

#: SAARC's eight member states.
_SOUTH_ASIA = frozenset({"AF", "BD", "BT", "IN", "MV", "NP", "PK", "LK"})

_CENTRAL_ASIA = frozenset({"KZ", "KG", "TJ", "TM", "UZ"})

#: The Gulf Cooperation Council, the Levant (Jordan, Lebanon, Syria, Israel, Palestine),
#: Iran, Iraq, Yemen, Türkiye -- and Egypt.  Egypt is an African country (it is in
#: ``africa``), but its government, trade bodies and HKTDC all treat it as a core Middle East
#: market (MENA, the Arab League, the Suez Canal economic zone), so it is in both: a listing
#: serving "Middle East" appears when a user looks for Egypt.  Cyprus is left out (an EU
#: member, usually grouped with Europe); the Caucasus (GE, AM, AZ) is left out too -- those
#: countries are reachable by their own codes.
_MIDDLE_EAST = frozenset({
    "AE", "BH", "KW", "OM", "QA", "SA",        # GCC
    "JO", "LB", "SY", "IL", "PS",              # Levant
    "IR", "IQ", "YE", "TR",
    "EG",
})

#: Central and Eastern Europe: the Baltic states, the Visegrád four, Romania and Bulgaria,
#: the Balkan states (Slovenia, Croatia, Bosnia and Herzegovina, Serbia, Montenegro,
#: North Macedonia, Albania, and Greece, which joined the China-CEEC cooperation mechanism in
#: 2019), and Ukraine, Moldova and Belarus.  Russia is not included (it spans two continents
#: and is searched by its own code, ``RU``); Kosovo has no ISO code (see module docstring).
_CEE = frozenset({
    "EE", "LV", "LT",                          # Baltic
    "PL", "CZ", "SK", "HU",                    # Visegrád
    "RO", "BG",
    "SI", "HR", "BA", "RS", "ME", "MK", "AL", "GR",   # Balkans
    "UA", "MD", "BY",
})

#: The 54 African member states of the United Nations.  Western Sahara (EH) and the
#: overseas territories (RE, YT, SH, IO) are not UN members and are not included.
_AFRICA = frozenset({
    "DZ", "AO", "BJ", "BW", "BF", "BI", "CV", "CM", "CF", "TD", "KM", "CG", "CD", "CI", "DJ",
    "EG", "GQ", "ER", "SZ", "ET", "GA", "GM", "GH", "GN", "GW", "KE", "LS", "LR", "LY", "MG",
    "MW", "ML", "MR", "MU", "MA", "MZ", "NA", "NE", "NG", "RW", "ST", "SN", "SC", "SL", "SO",
    "ZA", "SS", "SD", "TZ", "TG", "TN", "UG", "ZM", "ZW",
})

REGIONS = Vocabulary("regions", [
    Region("mainland-china", _L("Mainland China", "中國內地", "中国内地"), frozenset({"CN"}),
           ("mainland", "China", "PRC", "Greater Bay Area", "GBA", "內地", "内地", "中國大陸",
            "中国大陆", "大灣區", "大湾区")),
    Region("asean", _L("ASEAN", "東盟", "东盟"), _ASEAN,
           ("Southeast Asia", "South-East Asia", "SEA", "東南亞", "东南亚", "東協")),
    Region("south-asia", _L("South Asia", "南亞", "南亚"), _SOUTH_ASIA,
           ("SAARC", "Indian subcontinent", "南亞區域合作聯盟", "南亚区域合作联盟")),
    Region("central-asia", _L("Central Asia", "中亞", "中亚"), _CENTRAL_ASIA,
           ("Central Asian", "中亞五國", "中亚五国")),
    Region("middle-east", _L("Middle East", "中東", "中东"), _MIDDLE_EAST,
           ("MENA", "Gulf", "GCC", "Arabian Gulf", "West Asia", "海灣地區", "海湾地区",
            "西亞", "西亚", "中東北非", "中东北非")),
    Region("central-eastern-europe", _L("Central and Eastern Europe", "中東歐", "中东欧"), _CEE,
           ("CEE", "Eastern Europe", "Central Europe", "Balkans", "Baltic states", "CEEC",
            "東歐", "东欧", "中歐", "中欧", "巴爾幹", "巴尔干", "波羅的海", "波罗的海")),
    Region("africa", _L("Africa", "非洲", "非洲"), _AFRICA,
           ("African", "Sub-Saharan Africa", "North Africa", "撒哈拉以南非洲", "北非")),
])

REGION_CODES: tuple[str, ...] = REGIONS.codes


# --------------------------------------------------------------------------------------------
# Other vocabularies
# --------------------------------------------------------------------------------------------

STAFF_SIZES = Vocabulary("staff_sizes", [
    Term("1-10", _L("1–10 staff", "1至10人", "1至10人")),
    Term("11-50", _L("11–50 staff", "11至50人", "11至50人")),
    Term("51-200", _L("51–200 staff", "51至200人", "51至200人")),
    Term("201-500", _L("201–500 staff", "201至500人", "201至500人")),
    Term("501-1000", _L("501–1,000 staff", "501至1,000人", "501至1000人")),
    Term("1001+", _L("1,001+ staff", "1,001人或以上", "1001人及以上")),
])

CLIENT_TYPES = Vocabulary("client_types", [
    Term("government", _L("Government", "政府", "政府")),
    Term("public-body", _L("Public body", "公營機構", "公共机构")),
    Term("private", _L("Private sector", "私營機構", "私营企业")),
])

PROJECT_ROLES = Vocabulary("project_roles", [
    Term("prime-contractor", _L("Prime contractor", "總承辦商", "总承包商")),
    Term("sub-contractor", _L("Sub-contractor", "分判商", "分包商")),
    Term("supplier", _L("Supplier", "供應商", "供应商")),
    Term("consultant", _L("Consultant", "顧問", "咨询顾问")),
])

#: Working languages (ISO 639 codes).  Labels come from CLDR (Babel) except where CLDR's
#: name is not what a Hong Kong user means: ``zh`` is the spoken standard, Putonghua /
#: Mandarin, as distinct from ``yue`` Cantonese (CLDR would say just "Chinese").
_WORK_LANGUAGE_CODES: tuple[str, ...] = (
    "en", "yue", "zh", "ar", "ru", "ms", "id", "th", "vi", "fil", "km", "lo", "my",
    "hi", "ur", "bn", "ta", "ne", "si", "kk", "uz", "ky", "tg", "fa", "tr", "he",
    "pl", "cs", "hu", "ro", "bg", "sr", "hr", "el", "uk",
    "fr", "es", "pt", "de", "it", "sw", "ha", "ja", "ko",
)
_LANGUAGE_OVERRIDES: Mapping[str, dict[str, str]] = {
    "zh": _L("Putonghua (Mandarin)", "普通話", "普通话"),
    "yue": _L("Cantonese", "廣東話", "粤语"),
}


@lru_cache(maxsize=None)
def _cldr(lang: str) -> Locale:
    return Locale.parse(CLDR_LOCALES[lang])


def _language_term(code: str) -> Term:
    if code in _LANGUAGE_OVERRIDES:
        return Term(code, _LANGUAGE_OVERRIDES[code])
    labels = {}
    for lang in LANGS:
        name = _cldr(lang).languages.get(code)
        if not name:
            raise ValueError(f"CLDR has no name for language {code!r} in {lang}")
        labels[lang] = name
    return Term(code, labels)


WORK_LANGUAGES = Vocabulary("work_languages", [_language_term(c) for c in _WORK_LANGUAGE_CODES])

#: Vocabularies by name and by module attribute name (``label("STAFF_SIZES", ...)`` works).
VOCABULARIES: Mapping[str, Vocabulary] = MappingProxyType({
    v.name: v for v in (CAPABILITIES, REGIONS, STAFF_SIZES, CLIENT_TYPES, PROJECT_ROLES,
                        WORK_LANGUAGES)
})


# --------------------------------------------------------------------------------------------
# Languages
# --------------------------------------------------------------------------------------------

def normalize_lang(lang: str | None) -> str:
    """Map a language tag to one of :data:`LANGS`; anything unknown gives ``"en"``.

    ``zh-Hant``/``zh-HK``/``zh-TW``/``zh-MO`` → ``zh-Hant``; ``zh-Hans``/``zh-CN``/``zh-SG``
    and bare ``zh`` → ``zh-Hans``.  Underscores and case are tolerated (``zh_hant_hk``).
    """
    if not lang:
        return DEFAULT_LANG
    if lang in LANGS:
        return lang
    parts = lang.replace("_", "-").lower().split("-")
    if parts[0] != "zh":
        return DEFAULT_LANG
    rest = set(parts[1:])
    if "hant" in rest or rest & {"hk", "tw", "mo"}:
        return "zh-Hant"
    return "zh-Hans"


# --------------------------------------------------------------------------------------------
# Countries (CLDR)
# --------------------------------------------------------------------------------------------

#: Two-letter codes CLDR names that are not ISO 3166-1 countries: exceptionally reserved
#: codes (AC, CP, CQ, DG, EA, IC, TA), groupings (EU, EZ, UN, QO), pseudo-locales (XA, XB),
#: the unknown region (ZZ) and the user-assigned Kosovo code (XK).
NON_COUNTRY_TERRITORIES: frozenset[str] = frozenset({
    "AC", "CP", "CQ", "DG", "EA", "IC", "TA",
    "EU", "EZ", "UN", "QO",
    "XA", "XB", "XK", "ZZ",
})


@lru_cache(maxsize=None)
def _country_names(lang: str) -> Mapping[str, str]:
    territories = _cldr(lang).territories
    return MappingProxyType({
        code: name for code, name in territories.items()
        if len(code) == 2 and code.isascii() and code.isalpha() and code.isupper()
        and code not in NON_COUNTRY_TERRITORIES
    })


def country_codes() -> frozenset[str]:
    """All ISO 3166-1 alpha-2 codes the directory accepts (249 in current CLDR)."""
    return frozenset(_country_names("en"))


def is_country(code: str) -> bool:
    """True for an ISO 3166-1 alpha-2 country code (upper case, e.g. ``"SG"``)."""
    return isinstance(code, str) and code in _country_names("en")


def country_name(code: str, lang: str = DEFAULT_LANG) -> str:
    """The CLDR name of a country in ``lang``; the code itself when it is not a country."""
    return _country_names(normalize_lang(lang)).get(code, code)


def _sort_key(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


@lru_cache(maxsize=None)
def _country_choices(lang: str) -> tuple[tuple[str, str], ...]:
    names = _country_names(lang)
    return tuple(sorted(names.items(), key=lambda item: (_sort_key(item[1]), item[0])))


def country_choices(lang: str = DEFAULT_LANG) -> list[tuple[str, str]]:
    """``(code, localised name)`` for every ISO 3166-1 country, sorted by name.

    English is sorted ignoring case and accents ("Åland Islands" with the A's); Chinese by
    code point, which for Han characters is the Unicode radical-and-stroke order.
    """
    return list(_country_choices(normalize_lang(lang)))


# --------------------------------------------------------------------------------------------
# Labels and choices
# --------------------------------------------------------------------------------------------

def _vocabulary(vocab: Vocabulary | str) -> Vocabulary:
    if isinstance(vocab, Vocabulary):
        return vocab
    if isinstance(vocab, str):
        found = VOCABULARIES.get(vocab) or VOCABULARIES.get(vocab.lower())
        if found is not None:
            return found
    raise KeyError(f"unknown vocabulary {vocab!r}")


def label(vocab: Vocabulary | str, code: str, lang: str = DEFAULT_LANG) -> str:
    """The label of ``code`` in ``vocab`` (a Vocabulary or its name, e.g. ``"staff_sizes"``
    or ``"STAFF_SIZES"``).  An unknown code is returned unchanged, so a template never fails
    on old data.  For :data:`REGIONS` country codes work too (see :func:`region_label`)."""
    vocabulary = _vocabulary(vocab)
    if vocabulary is REGIONS:
        return region_label(code, lang)
    return vocabulary.label(code, lang)


def choices(vocab: Vocabulary | str, lang: str = DEFAULT_LANG) -> list[tuple[str, str]]:
    """``(code, label)`` pairs in the vocabulary's display order."""
    return _vocabulary(vocab).choices(lang)


def capability_label(code: str, lang: str = DEFAULT_LANG) -> str:
    return CAPABILITIES.label(code, lang)


def capability_choices(lang: str = DEFAULT_LANG) -> list[tuple[str, str]]:
    return CAPABILITIES.choices(lang)


def region_choices(lang: str = DEFAULT_LANG) -> list[tuple[str, str]]:
    """The region codes only (not countries), in display order."""
    return REGIONS.choices(lang)


def region_label(code: str, lang: str = DEFAULT_LANG) -> str:
    """Label of a region code (``"asean"``) or the CLDR name of a country code (``"SG"``)."""
    term = REGIONS.get(code)
    if term is not None:
        return term.label(lang)
    return country_name(code, lang)


# --------------------------------------------------------------------------------------------
# Codes and the region rule
# --------------------------------------------------------------------------------------------

def is_capability(code: str) -> bool:
    return code in CAPABILITIES


def is_region(code: str) -> bool:
    """True for one of the region codes (``"asean"``); False for country codes."""
    return code in REGIONS


def normalize_area_code(code: str) -> str | None:
    """Canonical form of a region or country code (``" Asean "`` → ``"asean"``,
    ``"sg"`` → ``"SG"``), or ``None`` when it is neither."""
    if not isinstance(code, str):
        return None
    text = code.strip()
    if text.lower() in REGIONS:
        return text.lower()
    if is_country(text.upper()):
        return text.upper()
    return None


def region_countries(code: str) -> frozenset[str]:
    """The ISO codes of a region's countries (empty for anything that is not a region)."""
    term = REGIONS.get(code)
    return term.countries if term is not None else frozenset()


@lru_cache(maxsize=None)
def _regions_by_country() -> Mapping[str, tuple[str, ...]]:
    result: dict[str, list[str]] = {}
    for term in REGIONS.values():
        for country in term.countries:
            result.setdefault(country, []).append(term.code)
    return MappingProxyType({k: tuple(v) for k, v in result.items()})


def regions_of(country: str) -> tuple[str, ...]:
    """The region codes whose countries include ``country`` (``"EG"`` → middle-east, africa)."""
    return _regions_by_country().get(country, ())


def expand_served(codes: Iterable[str]) -> set[str]:
    """The set of codes a region filter matches for a listing that states ``codes``.

    Each stated code (normalised: regions lower case, countries upper case; an unknown code
    is kept as stated, stripped), the countries of each stated region, and each region that
    contains a stated country.  ``{"SG"}`` → ``{"SG", "asean"}``; ``{"asean"}`` →
    ``{"asean", "BN", "KH", ... "VN"}``.
    """
    result: set[str] = set()
    for raw in codes or ():
        if not isinstance(raw, str) or not raw.strip():
            continue
        code = normalize_area_code(raw)
        if code is None:
            result.add(raw.strip())
            continue
        result.add(code)
        if code in REGIONS:
            result.update(REGIONS[code].countries)
        else:
            result.update(regions_of(code))
    return result


# --------------------------------------------------------------------------------------------
# Search support
# --------------------------------------------------------------------------------------------

def synonym_sets() -> list[set[str]]:
    """One set per capability: its three labels and all synonyms, lower-cased.

    Meant for query expansion: a query word found in a set may be searched as any word of
    that set.  (Chinese is unaffected by lower-casing.)
    """
    sets = []
    for term in CAPABILITIES.values():
        words = {text.lower() for text in (*term.labels.values(), *term.synonyms)}
        sets.append({w for w in words if w.strip()})
    return sets


def capability_search_text(code: str) -> str:
    """All labels and synonyms of a capability as one string, for the search index."""
    term = CAPABILITIES.get(code)
    if term is None:
        return ""
    seen: dict[str, None] = {}
    for text in (*term.labels.values(), *term.synonyms):
        seen.setdefault(text, None)
    return " ".join(seen)


def region_search_text(code: str) -> str:
    """Labels and synonyms of a region, or the three CLDR names of a country."""
    term = REGIONS.get(code)
    if term is not None:
        parts = (*term.labels.values(), *term.synonyms)
    elif is_country(code):
        parts = tuple(country_name(code, lang) for lang in LANGS)
    else:
        return ""
    return " ".join(dict.fromkeys(parts))


def as_dict() -> dict:
    """The taxonomy as JSON-ready data (for ``GET /api/v1/taxonomy``)."""
    return {
        "languages": list(LANGS),
        "capabilities": [
            {"code": t.code, "labels": dict(t.labels), "synonyms": list(t.synonyms)}
            for t in CAPABILITIES.values()
        ],
        "regions": [
            {"code": t.code, "labels": dict(t.labels), "countries": sorted(t.countries)}
            for t in REGIONS.values()
        ],
        "staff_sizes": [{"code": t.code, "labels": dict(t.labels)} for t in STAFF_SIZES.values()],
        "client_types": [{"code": t.code, "labels": dict(t.labels)}
                         for t in CLIENT_TYPES.values()],
        "project_roles": [{"code": t.code, "labels": dict(t.labels)}
                          for t in PROJECT_ROLES.values()],
        "work_languages": [{"code": t.code, "labels": dict(t.labels)}
                           for t in WORK_LANGUAGES.values()],
    }
