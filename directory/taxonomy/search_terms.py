"""What the search index and the API need from the taxonomy: the region rule's expansion,
synonym sets, searchable text for codes, and the whole taxonomy as JSON-ready data."""
from __future__ import annotations

from collections.abc import Iterable

from directory.taxonomy.capabilities import CAPABILITIES
from directory.taxonomy.countries import country_name, is_country
from directory.taxonomy.equivalents import CONCEPTS
from directory.taxonomy.regions import REGIONS, normalize_area_code, regions_of
from directory.taxonomy.terms import LANGS
from directory.taxonomy.vocabularies import CLIENT_TYPES, PROJECT_ROLES, STAFF_SIZES, WORK_LANGUAGES


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
    """Sets of equivalent terms, lower-cased: one per capability (its labels and ``synonyms``),
    then one per concept of equivalents.py.  Any member may be searched as any other."""
    sets = []
    for term in CAPABILITIES.values():
        sets.append({text.lower() for text in (*term.labels.values(), *term.synonyms) if text.strip()})
    sets.extend({text.lower() for text in concept} for concept in CONCEPTS)
    return sets


def related_terms() -> dict[str, tuple[str, ...]]:
    """Lower-cased related term -> the capability codes it is related to."""
    out: dict[str, tuple[str, ...]] = {}
    for term in CAPABILITIES.values():
        for text in term.related:
            key = text.lower()
            out[key] = out.get(key, ()) + (term.code,)
    return out


def capability_search_text(code: str) -> str:
    """The names of a capability (labels and equivalents) as one string, for the search index.
    Related terms stay out: a provider tagged "gis" does not *say* "digital twin"."""
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
            {"code": t.code, "labels": dict(t.labels), "synonyms": list(t.synonyms),
             "related": list(t.related)}
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
