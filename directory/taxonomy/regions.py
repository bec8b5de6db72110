"""Regions served: the region vocabulary, its member countries, and the lookups between regions
and countries that the region rule (see the package docstring) is built on."""
from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType

from directory.taxonomy.countries import country_name, is_country
from directory.taxonomy.terms import DEFAULT_LANG, Region, Vocabulary, _L

# --------------------------------------------------------------------------------------------
# Regions
# --------------------------------------------------------------------------------------------

#: ASEAN's member states, Timor-Leste included since its admission as the 11th member (2025):
#: a buyer filtering for ASEAN expects every member.
_ASEAN = frozenset({"BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "TL", "VN"})

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
#: and is searched by its own code, ``RU``); Kosovo has no ISO code (see the package docstring).
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
