"""What the search page needs besides the results: links built once per request from a few
precomputed bases (url_for per result, facet and page link was 8% of a request's CPU), and the
region facet without a duplicate of Mainland China."""
from functools import lru_cache
from urllib.parse import urlencode

from flask import request, url_for
from flask_babel import format_date, gettext as _
from flask_wtf.csrf import generate_csrf

from directory import taxonomy
from directory.search import params as search_params
from directory.core.i18n import join_separator

# `mainland-china` is exactly {CN}: both filters match the same listings, so the region facet
# shows the region (the vocabulary members tick) and not the country a second time.
DUPLICATE_OF_REGION = {"CN": "mainland-china"}


def link_bases(params) -> dict:
    search_url = url_for("public.search")
    query = params.query_args(page=None) if params else {}
    if params and params.per_page != search_params.SearchParams.per_page:
        query["per_page"] = params.per_page  # query_args leaves it out; paging must keep it
    page_query = urlencode(query, doseq=True)
    clear = urlencode({k: v for k, v in {"q": params.q, "sort": None if params.sort == "relevance" else params.sort}
                       .items() if v}) if params else ""
    here = request.full_path.rstrip("?")
    return {
        "search_url": search_url,
        "clear_url": search_url + ("?" + clear if clear else ""),
        "page_prefix": search_url + "?" + (page_query + "&" if page_query else "") + "page=",
        "profile_prefix": url_for("public.profile", slug="x")[:-1],
        "logo_prefix": url_for("public.logo", name="x")[:-1],
        "shortlist_url": url_for("public.shortlist"),
        "here": here,
        "csrf": generate_csrf(),
        "per_page": params.per_page if params and params.per_page != search_params.SearchParams.per_page else None,
        "selected_count": sum(len(v) for v in params.filters.values()) if params else 0,
    }


def without_duplicates(facets: dict) -> dict:
    region = facets.get("region")
    if region:
        shown = {e["code"] for e in region}
        facets["region"] = [e for e in region if e["selected"]
                            or DUPLICATE_OF_REGION.get(e["code"]) not in shown]
    return facets


@lru_cache(maxsize=8)
def label_maps(lang: str) -> dict:
    """code → label per language for what each result shows (a dict lookup per tag instead of a
    filter call that asks for the request's language every time)."""
    regions = dict(taxonomy.country_choices(lang))
    regions.update(taxonomy.region_choices(lang))
    return {"capability": dict(taxonomy.capability_choices(lang)), "region": regions,
            "separator": join_separator(lang)}


def verified_marks(listings) -> dict[str, str]:
    """public id → "Verified by the association · <date>", each distinct day formatted once."""
    by_day, marks = {}, {}
    for listing in listings:
        at = listing.last_verified_at
        if at is None:
            continue
        day = at.date()
        if day not in by_day:
            by_day[day] = _("Verified by the association · %(date)s", date=format_date(at, "medium"))
        marks[listing.public_id] = by_day[day]
    return marks
