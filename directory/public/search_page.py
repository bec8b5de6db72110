"""What the search page needs besides the results: links built once per request from a few
precomputed bases (url_for per result, facet and page link was 8% of a request's CPU), the
region facet without a duplicate of Mainland China, and each result's search-independent parts
rendered once per listing version and language."""
import threading
from collections import OrderedDict
from functools import lru_cache
from urllib.parse import urlencode

from flask import current_app, g, render_template, request, url_for
from flask_babel import format_date, gettext as _
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from directory import taxonomy
from directory.search import params as search_params
from directory.core.i18n import HTML_LANG, in_script, join_separator, label_gap, pick

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
            "separator": join_separator(lang), "gap": label_gap(lang)}


_verified_by_day: OrderedDict = OrderedDict()  # (day, language) -> the sentence (Babel's format_date is slow)


def verified_marks(listings, lang: str) -> dict[str, str]:
    """public id → "Verified by the association · <date>", each distinct day formatted once per
    process and language (dates are UTC: the day is the date shown)."""
    marks = {}
    for listing in listings:
        at = listing.last_verified_at
        if at is None:
            continue
        key = (at.date(), lang)
        mark = _verified_by_day.get(key)
        if mark is None:
            mark = _("Verified by the association · %(date)s", date=format_date(at, "medium"))
            _verified_by_day[key] = mark
            while len(_verified_by_day) > 4096:
                _verified_by_day.popitem(last=False)
        marks[listing.public_id] = mark
    return marks


class Card:
    """A result's parts that depend only on its published data and the language (Markup)."""
    __slots__ = ("head", "name", "summary", "summary_key", "tail", "data", "lang", "references")

    def reference(self, line) -> Markup:
        """The `line`-th project reference as its reader reads it ("Project: title · city · country
        · year"), or "" when the listing has no such reference. Rendered the first time a search
        matches it, then kept with the card: two macro calls of the bilingual partial per result
        were a fifth of the results' template time."""
        got = self.references.get(line)
        if got is None:
            refs = self.data.get("references") or []
            got = self.references[line] = _reference_line(refs[line], self.lang) \
                if isinstance(line, int) and 0 <= line < len(refs) else Markup("")
        return got


def _reference_line(ref: dict, lang: str) -> Markup:
    # The bilingual partial reads the language from its context, so the module is made with it.
    module = current_app.jinja_env.get_template("public/_result_card.html").make_module(
        {"current_lang": lang, "html_lang": HTML_LANG[lang]})
    labels = label_maps(lang)
    return module.reference(ref, labels["gap"], labels["region"])


class _Cards:
    """(public id, slug, revision id, version, updated_at, language, link prefixes) -> Card, least
    recently used dropped first, one per app. A new approval is a new revision: never stale (as
    search.service.revision_data)."""

    def __init__(self, size: int = 2048):
        self.size, self.entries, self.lock = size, OrderedDict(), threading.Lock()

    def get(self, key):
        with self.lock:
            card = self.entries.get(key)
            if card is not None:
                self.entries.move_to_end(key)
            return card

    def put(self, key, card) -> None:
        with self.lock:
            self.entries[key] = card
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)


def _card_cache() -> _Cards:
    app = current_app._get_current_object()
    cache = app.extensions.get("result_cards")
    if cache is None:
        cache = app.extensions.setdefault("result_cards", _Cards())
    return cache


def _new_card(listing, lang: str, bases: dict, labels: dict, t_serves: str) -> Card:
    macros = current_app.jinja_env.get_template("public/_result_card.html").module
    data = listing.published.data or {}
    zh = lang != "en"
    card = Card()
    card.data, card.lang, card.references = data, lang, {}
    card.name = pick(data, "company_name", lang)
    card.summary_key = "summary_zh" if zh and data.get("summary_zh") else (
        "summary_en" if data.get("summary_en") else "summary_zh")
    summary = data.get(card.summary_key) or ""
    card.summary = in_script(summary, lang) if zh else summary
    card.head = macros.head(data, card.name, listing.slug, bases["logo_prefix"], bases["profile_prefix"], lang)
    card.tail = macros.tail(data, labels["capability"], labels["region"], labels["separator"], t_serves + labels["gap"])
    return card


def cards(listings, lang: str, bases: dict) -> dict:
    """public id -> Card for the page's results, each rendered once per listing version."""
    cache, labels, out = _card_cache(), label_maps(lang), {}
    t_serves = None
    for listing in listings:
        published = listing.published
        key = (listing.public_id, listing.slug, published.id, published.version, published.updated_at, lang,
               bases["logo_prefix"], bases["profile_prefix"])
        card = cache.get(key)
        if card is None:
            t_serves = t_serves or _("Serves:")
            card = _new_card(listing, lang, bases, labels, t_serves)
            cache.put(key, card)
        out[listing.public_id] = card
    return out


CSRF_SLOT = "\x00csrf\x00"  # where the request's CSRF token goes in a kept alert form


def alert_section(params, lang: str, csrf: str) -> Markup:
    """The "email me" form under the results (public/_alert_form.html), rendered once per
    language and search and kept per app: a WTForms form and its fields cost ~1 ms per page.
    On a GET the form holds nothing of the buyer's but the CSRF token, put back per request."""
    sections = current_app.extensions.setdefault("alert_sections", OrderedDict())
    key = (lang, request.script_root,
           tuple(sorted((k, repr(v)) for k, v in params.query_args(sort=None, page=None).items())))
    html = sections.get(key)
    if html is None:
        html = sections[key] = _alert_form_with_slot(params)
        while len(sections) > 512:
            sections.popitem(last=False)
    return Markup(html.replace(CSRF_SLOT, csrf))


def _alert_form_with_slot(params) -> str:
    """The form rendered with the slot as its token. Not the token replaced afterwards: a search
    may hold the renderer's own token as text (q=<token>), and every later visitor's saved alert
    would then search for their own token. The slot's control characters never reach a query
    (core/requests.py), so it stands only where the token goes."""
    field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    token = g.get(field)  # Flask-WTF's token for this request, as generate_csrf() keeps it
    setattr(g, field, CSRF_SLOT)
    try:
        return render_template("public/_alert_form.html", params=params)
    finally:
        if token is None:
            g.pop(field, None)
        else:
            setattr(g, field, token)
