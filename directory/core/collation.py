"""Sorting words the way a reader of each language expects (ICU collation through PyICU).

English ignores case and accents ("Åland Islands" among the A's); Simplified Chinese is sorted
in pinyin order (阿富汗, 埃及, 巴西 …) and Traditional Chinese in stroke order (不丹, 中國, 丹麥 …),
the CLDR defaults for zh_Hans_CN and zh_Hant_HK. Code points would give neither.
"""
from collections.abc import Callable
from functools import lru_cache

import icu

_ICU_LOCALES = {"en": "en", "zh-Hant": "zh_Hant_HK", "zh-Hans": "zh_Hans_CN"}


@lru_cache(maxsize=None)
def _collator(lang: str) -> "icu.Collator":
    return icu.Collator.createInstance(icu.Locale(_ICU_LOCALES.get(lang, "en")))


def sort_key(lang: str) -> Callable[[str], bytes]:
    """A key function for sorted(): ``sorted(names, key=collation.sort_key("zh-Hans"))``."""
    collator = _collator(lang)
    return lambda text: collator.getSortKey(text or "")


def sorted_by_label(items, lang: str, label=lambda item: item[1]) -> list:
    """Items (by default ``(code, label)`` pairs) sorted by their label in ``lang``."""
    key = sort_key(lang)
    return sorted(items, key=lambda item: key(label(item)))
