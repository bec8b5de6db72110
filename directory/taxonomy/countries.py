"""Countries: every ISO 3166-1 alpha-2 code, named by CLDR in each language."""
from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType

from directory.taxonomy.terms import DEFAULT_LANG, cldr_locale, normalize_lang

#: Two-letter codes CLDR names that are not ISO 3166-1 countries: exceptionally reserved
#: codes (AC, CP, CQ, DG, EA, IC, TA), groupings (EU, EZ, UN, QO), pseudo-locales (XA, XB),
#: the unknown region (ZZ) and the user-assigned Kosovo code (XK).
NON_COUNTRY_TERRITORIES: frozenset[str] = frozenset({
    "AC", "CP", "CQ", "DG", "EA", "IC", "TA",
    "EU", "EZ", "UN", "QO",
    "XA", "XB", "XK", "ZZ",
})


#: Names Hong Kong writes differently from CLDR: CN excludes Hong Kong, Macao and Taiwan, which
#: have their own codes, so the association (like HKTDC) says "Mainland China" -- the name of the
#: region that is exactly {CN}, so a facet never shows "China" beside "Mainland China".
#: (A buyer typing "China" still finds it: places.py reads CLDR's names.)
LOCAL_NAMES: dict[str, dict[str, str]] = {
    "CN": {"en": "Mainland China", "zh-Hant": "中國內地", "zh-Hans": "中国内地"},
}


@lru_cache(maxsize=None)
def _country_names(lang: str) -> Mapping[str, str]:
    territories = cldr_locale(lang).territories
    names = {
        code: name for code, name in territories.items()
        if len(code) == 2 and code.isascii() and code.isalpha() and code.isupper()
        and code not in NON_COUNTRY_TERRITORIES
    }
    for code, local in LOCAL_NAMES.items():
        names[code] = local.get(lang, names[code])
    return MappingProxyType(names)


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
