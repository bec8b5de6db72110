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

from directory.taxonomy.capabilities import (CAPABILITIES, CAPABILITY_CODES, capability_choices, capability_label,
                           is_capability)
from directory.taxonomy.countries import (NON_COUNTRY_TERRITORIES, country_choices, country_codes, country_name,
                        is_country)
from directory.taxonomy.places import place_names
from directory.taxonomy.regions import (REGION_CODES, REGIONS, is_region, normalize_area_code, region_choices,
                      region_countries, region_label, regions_of)
from directory.taxonomy.search_terms import (as_dict, capability_search_text, expand_served, region_search_text,
                           related_terms, synonym_sets)
from directory.taxonomy.terms import CLDR_LOCALES  # noqa: F401  (public, though not in __all__)
from directory.taxonomy.terms import DEFAULT_LANG, LANGS, Capability, Region, Term, Vocabulary, normalize_lang
from directory.taxonomy.vocabularies import (CLIENT_TYPES, PROJECT_ROLES, STAFF_SIZES, VOCABULARIES, WORK_LANGUAGES,
                           choices, label)

__all__ = [
    "LANGS", "DEFAULT_LANG", "Term", "Capability", "Region", "Vocabulary",
    "CAPABILITIES", "REGIONS", "STAFF_SIZES", "CLIENT_TYPES", "PROJECT_ROLES", "WORK_LANGUAGES",
    "VOCABULARIES", "CAPABILITY_CODES", "REGION_CODES", "NON_COUNTRY_TERRITORIES",
    "normalize_lang", "label", "choices", "capability_label", "region_label", "country_name",
    "country_choices", "country_codes", "region_choices", "capability_choices",
    "is_capability", "is_country", "is_region", "normalize_area_code", "region_countries",
    "regions_of", "expand_served", "synonym_sets", "related_terms", "place_names", "capability_search_text",
    "region_search_text", "as_dict",
]
