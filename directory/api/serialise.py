"""Listings as API JSON. Only public fields: never email, phone, contact person or BR number (S14).

A provider's keys come from the field declaration (directory/listings/fields.py): every field
marked ``public`` appears under its ``api_key``, typed by its kind (:func:`public_value`);
directory/api/openapi.py describes the same fields from the same declaration.
"""

from directory import taxonomy
from directory.core.i18n import pick
from directory.models import Listing
from directory.listings import fields
from directory.listings.reference_text import upgraded
from directory.core.web import external_url

REFERENCE_KEYS = tuple(f.api_key for f in fields.REFERENCE_FIELDS)


def _profile_url(listing: Listing) -> str:
    return external_url("public.profile", slug=listing.slug)


def search_notes(found) -> dict:
    """What the search did to the query, beyond the contract's fields: a partial match (nobody matched every
    word) and the places it named (facet group -> codes)."""
    return {"partial": found.partial, "matched_terms": list(found.matched_terms),
            "dropped_terms": list(found.dropped_terms), "places": dict(found.places)}


def result(listing: Listing, lang: str, found=None) -> dict:
    """One search result (CONTRACT §5); with ``found``, also how it matched the places the query names
    (``place_match``, only then) and the project reference that matched (``reference_snippet``, marked
    HTML, only when one did)."""
    data = listing.published.data
    extra = {}
    if found is not None:
        if found.places:
            extra["place_match"] = found.where_codes.get(listing.public_id, {"delivered_in": [], "serves": []})
        if found.snippets.get(listing.public_id):
            extra["reference_snippet"] = found.snippets[listing.public_id]
    return {
        "id": listing.public_id,
        "slug": listing.slug,
        "name_en": data.get("company_name_en") or "",
        "name_zh": data.get("company_name_zh") or "",
        "summary": pick(data, "summary", lang),
        "capabilities": list(data.get("capabilities") or []),
        "regions_served": list(data.get("regions_served") or []),
        "url": _profile_url(listing),
        **extra,
    }


def facets(found_facets: dict) -> dict:
    return {group: [{"code": e["code"], "label": e["label"], "count": e["count"], "selected": e["selected"]}
                    for e in entries]
            for group, entries in found_facets.items()}


def _reference(ref: dict, lang: str) -> dict:
    ref = upgraded(ref)
    out = {key: ref.get(key) if ref.get(key) not in ("", []) else None for key in REFERENCE_KEYS}
    out["title"] = pick(ref, "title", lang)
    out["city"] = pick(ref, "city", lang) or None  # the reader's language, else the other one
    out["description"] = pick(ref, "description", lang) or None
    out["country_name"] = taxonomy.country_name(ref["country"], lang) if ref.get("country") else None
    return out


def _iso(value) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None


def public_value(f: fields.Field, data: dict, lang: str):
    """One public field's value as the API gives it (empty text "", an absent optional value null)."""
    value = data.get(f.name)
    if f.kind in ("text", "multiline"):
        return value or ""
    if f.kind in ("url", "code"):
        return value or None
    if f.kind in ("codes", "text_list"):
        return list(value or [])
    if f.kind == "file":
        return external_url("public.logo", name=value) if value else None
    if f.kind == "references":
        return [_reference(r, lang) for r in value or []]
    return value  # int: a number or null


def detail(listing: Listing, lang: str) -> dict:
    """One provider with its project references: everything the public profile shows."""
    data = listing.published.data
    refs = data.get("references") or []
    out = {
        **result(listing, lang),
        "name": pick(data, "company_name", lang),
        "description": pick(data, "description", lang),
    }
    for f in fields.public_fields():
        out[f.api_key] = public_value(f, data, lang)
    out.update({
        "countries_delivered": sorted({r["country"] for r in refs if r.get("country")}),
        "capability_labels": [taxonomy.capability_label(c, lang) for c in data.get("capabilities") or []],
        "region_labels": [taxonomy.region_label(r, lang) for r in data.get("regions_served") or []],
        "published_at": _iso(listing.published_at),
        "last_verified_at": _iso(listing.last_verified_at),
    })
    return out


def taxonomy_document() -> dict:
    """The vocabularies with labels in every language, and CLDR country names for region codes."""
    doc = taxonomy.as_dict()
    doc["countries"] = [{"code": code, "labels": {lang: taxonomy.country_name(code, lang) for lang in taxonomy.LANGS}}
                        for code in sorted(taxonomy.country_codes())]
    return doc
