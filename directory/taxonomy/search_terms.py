"""What the search index and the API need from the taxonomy: the region rule's expansion,
synonym sets, searchable text for codes, and the whole taxonomy as JSON-ready data."""
from __future__ import annotations

from collections.abc import Iterable

from .capabilities import CAPABILITIES
from .countries import country_name, is_country
from .regions import REGIONS, normalize_area_code, regions_of
from .terms import LANGS
from .vocabularies import CLIENT_TYPES, PROJECT_ROLES, STAFF_SIZES, WORK_LANGUAGES


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
