"""The API's parameter rules: the same parser as /search, but codes must be given exactly.

The HTML page forgives `ASEAN` or `sg` from a hand-edited URL; a program gets a 400 instead, so
what the OpenAPI document's enums promise is what the server accepts (and nothing else).
"""
from directory import taxonomy
from directory.search import params as search_params

LANGS = taxonomy.LANGS


class BadParams(ValueError):
    """A message for the caller, in English."""


def allowed_codes() -> dict[str, frozenset[str]]:
    countries = taxonomy.country_codes()
    return {
        "capability": frozenset(taxonomy.CAPABILITY_CODES),
        "region": frozenset(taxonomy.REGION_CODES) | countries,
        "delivered_in": countries,
        "staff_size": frozenset(taxonomy.STAFF_SIZES.codes),
    }


def lang_of(args) -> str:
    lang = args.get("lang")
    if lang is None:
        return "en"
    if lang not in LANGS:
        raise BadParams(f"lang must be one of: {', '.join(LANGS)}")
    return lang


def search(args) -> tuple[search_params.SearchParams, str]:
    """(params, lang) or BadParams."""
    lang = lang_of(args)
    for name in ("sort", "page", "per_page"):  # the HTML form may send "", a program may not
        if args.get(name) == "":
            raise BadParams(f"{name} must not be empty; leave it out for the default")
    allowed = allowed_codes()
    for group in search_params.FILTERS:
        for value in args.getlist(group):
            if value not in allowed[group]:
                raise BadParams(f"Unknown {group} code: {value[:50]!r}")
    try:
        return search_params.parse(args), lang
    except search_params.BadSearch as exc:
        raise BadParams(str(exc)) from exc
