"""The app's side of search: listing → document, the outbox applied after commit, ids → rows.

The database is the source of truth; the Whoosh index is a cache. Every change to what buyers
see writes a SearchChange row in the same transaction (search/outbox.py). After the commit
this process applies the rows past the index's last applied id; any process that finds itself
behind (a crash between commit and apply, another worker's change) catches up the same way.
"""
import logging
import re
import threading
import time

from flask import current_app
from sqlalchemy import bindparam, select

from search_index import Change, IndexBusy, SearchIndex

from directory import taxonomy
from directory.core import collation
from directory.core.extensions import db
from directory.core.i18n import in_script
from directory.models import Listing, ListingRevision, SearchChange
from directory.listings.live import public_query
from directory.listings.reference_text import bilingual

log = logging.getLogger(__name__)
_open_lock = threading.Lock()
CATCH_UP_EVERY = 2.0  # seconds between "am I behind?" checks per process
BATCH = 2000


def get_index(app=None) -> SearchIndex:
    app = app or current_app._get_current_object()
    index = app.extensions.get("search_index")
    if index is None:
        with _open_lock:
            index = app.extensions.get("search_index")
            if index is None:
                index = open_index(app.config["INDEX_DIR"], table_mb=app.config["SEARCH_TABLE_MB"])
                app.extensions["search_index"] = index
    return index


def open_index(path, table_mb: float = 128) -> SearchIndex:
    """A SearchIndex with the app's vocabulary (the app and bench/relevance.py open it alike)."""
    return SearchIndex(path, synonyms=taxonomy.synonym_sets(), related=taxonomy.related_terms(),
                       places=taxonomy.place_names(), table_mb=table_mb)


def document(listing: Listing) -> dict:
    published = listing.published_at or listing.created_at
    return document_of(listing.public_id, listing.published_revision_id, listing.published.data,
                       published.timestamp() if published else 0.0)


def document_of(public_id: str, version, data: dict, published_at: float) -> dict:
    """The index document of one listing's published data (pure: bench/relevance.py uses it too)."""
    served = data.get("regions_served") or []
    refs = data.get("references") or []
    extra = [taxonomy.region_search_text(r) for r in served]
    extra += data.get("certifications") or []
    return {
        "id": public_id,
        "version": str(version),
        "name_en": data.get("company_name_en") or "",
        "name_zh": data.get("company_name_zh") or "",
        "summary_en": data.get("summary_en") or "",  # stored for display: as written
        "summary_zh": data.get("summary_zh") or "",
        "description_en": join_codes(data.get("description_en") or ""),
        "description_zh": join_codes(data.get("description_zh") or ""),
        "capability_text": "\n".join(taxonomy.capability_search_text(c) for c in data.get("capabilities") or []),
        # one line per reference: the snippet shown when a reference is what matched
        "reference_text": join_codes("\n".join(reference_line(r) for r in refs)),
        "extra_text": join_codes("\n".join(e for e in extra if e)),
        "capability": list(data.get("capabilities") or []),
        "region": sorted(taxonomy.expand_served(served)),
        "delivered_in": sorted({r["country"] for r in refs if r.get("country")}),
        "staff_size": data.get("staff_size") or "",
        "sort_name": (data.get("company_name_en") or data.get("company_name_zh") or "").casefold(),
        # Chinese readers sort by the Chinese name in their own collation (pinyin / strokes).
        **{f"sort_name_{script}": collation.sort_key(lang)(
            in_script(data.get("company_name_zh") or "", lang) or data.get("company_name_en") or "")
           for script, lang in (("hant", "zh-Hant"), ("hans", "zh-Hans"))},
        "published_at": published_at,
    }


_CODE_DIGIT = re.compile(r"(?<![A-Za-z0-9])([A-Z]{2,5}) (\d)(?![0-9])")


def join_codes(text: str) -> str:
    """"SOC 2" -> "SOC2": an upper-case code and its lone digit are one word (a SOC 2 report is not
    a security operations centre, SOC). Applied to listing text and to queries alike."""
    return _CODE_DIGIT.sub(r"\1\2", text) if text else text


def reference_line(ref: dict) -> str:
    """A project reference as one searchable line: title, place, description, both languages."""
    title_en, title_zh = bilingual(ref, "title")
    city_en, city_zh = bilingual(ref, "city")
    desc_en, desc_zh = bilingual(ref, "description")
    country = ref.get("country") or ""
    where = [taxonomy.country_name(country, lang) for lang in taxonomy.LANGS] if taxonomy.is_country(country) else []
    parts = [title_en, title_zh, " ".join(dict.fromkeys(p for p in (city_en, city_zh, *where) if p)), desc_en, desc_zh]
    return " · ".join(p.replace("\n", " ") for p in parts if p)


def public_count() -> int:
    return db.session.scalar(select(db.func.count()).select_from(public_query().subquery()))


def expected_versions() -> dict[str, str]:
    rows = db.session.execute(select(Listing.public_id, Listing.published_revision_id).where(Listing.live_clause()))
    return {pid: str(rev) for pid, rev in rows}


def catch_up(app=None) -> int:
    """Apply outbox rows this index has not seen. Safe to call any time, from any process."""
    index = get_index(app)
    applied = 0
    while True:
        start = index.last_applied()
        rows = db.session.execute(select(SearchChange.id, SearchChange.listing_public_id)
                                  .where(SearchChange.id > start).order_by(SearchChange.id).limit(BATCH)).all()
        if not rows:
            return applied
        if start == 0 and len(rows) == BATCH:  # a new or lost index: one rebuild beats replaying it all
            from directory.search import health as search_health
            search_health.start_heal(app or current_app._get_current_object(), "empty index, long outbox")
            return applied
        ids = {pid for _, pid in rows}
        live = {listing.public_id: listing for listing in
                db.session.scalars(public_query().where(Listing.public_id.in_(ids)))}
        # Each change is applied as the listing is NOW, so replaying old rows is harmless.
        changes = [Change(cid, "upsert", pid, document(live[pid])) if pid in live else Change(cid, "delete", pid)
                   for cid, pid in rows]
        applied += index.apply(changes)
        if len(rows) < BATCH:
            return applied


def _catch_up_quietly() -> None:
    from directory.search import health as search_health
    if search_health.degraded():
        return  # the rebuild running now catches up when it is done
    try:
        catch_up()
    except IndexBusy:
        log.warning("search index busy; the change will be applied by the next catch-up")
    except Exception as exc:  # the index is a cache: a failure here must never fail the user's request
        search_health.index_failed(exc)


def schedule_catch_up() -> None:
    """Called by search.outbox when it writes a row: apply right after this commit."""
    from directory.core.web import after_commit, pending_after_commit
    if _catch_up_quietly not in pending_after_commit():  # once per transaction is enough
        after_commit(_catch_up_quietly)


def rebuild(progress=None) -> int:
    last = db.session.scalar(select(db.func.max(SearchChange.id))) or 0
    from sqlalchemy.orm import selectinload  # one query per 500 revisions, not one per listing
    listings = db.session.scalars(public_query().options(selectinload(Listing.published))
                                  .order_by(Listing.id)).yield_per(500)
    return get_index().rebuild((document(listing) for listing in listings), last, progress=progress)


def init_app(app) -> None:
    state = {"next": 0.0}
    from directory.search import log as search_log
    search_log.init_app(app)

    @app.before_request
    def periodic_catch_up():
        # Another worker (or a crashed one) may have committed changes this process has not applied.
        if not app.config.get("SEARCH_AUTO_APPLY"):
            return
        now = time.monotonic()
        if now >= state["next"]:
            state["next"] = now + CATCH_UP_EVERY
            _catch_up_quietly()


# ---- searching -----------------------------------------------------------------------------

FACET_LABELS = {
    "capability": taxonomy.capability_label,
    "region": taxonomy.region_label,
    "delivered_in": taxonomy.region_label,
    "staff_size": lambda code, lang: taxonomy.label(taxonomy.STAFF_SIZES, code, lang),
}


class Found:
    """One page of results: rows in rank order, facets with labels, highlights, and what the search did
    to the query -- ``corrected`` (these are the results of ``suggestion``), ``partial`` (nobody matched
    every word: ``dropped_terms`` were left out), ``places`` named in it (facet group -> codes),
    ``near_misses`` (how many of ``total`` match only most of the words; ``near_misses_from``: the
    index on this page where they begin, or None)."""

    def __init__(self, params, result, listings, lang):
        self.params, self.total, self.listings, self.params_lang = params, result.total, listings, lang
        self.highlights, self.suggestion = result.highlights, result.suggestion
        self.corrected, self.partial = result.corrected, result.partial
        self.matched_terms, self.dropped_terms = result.matched_terms, result.dropped_terms
        self.fuzzy = False  # the old "close matches" hint: a correction is now said in the notice
        self.places = result.places
        self.snippets = result.snippets  # public id -> marked HTML of the matching project reference, or ""
        self.snippet_lines = result.snippet_lines  # public id -> index of that reference in the listing
        self.where_codes = result.where
        self.where = {pid: {key: [facet_label("region", code, lang) for code in codes] for key, codes in w.items()}
                      for pid, w in result.where.items()}  # public id -> {"delivered_in": [names], "serves": [names]}
        self.facets = {group: facet_values(group, result.facets.get(group, {}), params.filters.get(group, []), lang)
                       for group in FACET_LABELS}
        self.pages = max(1, -(-self.total // params.per_page))
        # Near misses follow every full match (search_index/near.py): where on this page they start.
        self.near_misses = getattr(result, "near_misses", 0) or 0
        first_near = self.total - self.near_misses - (params.page - 1) * params.per_page
        self.near_misses_from = first_near if self.near_misses and 0 <= first_near < len(listings) else None

    @property
    def place_names(self) -> list[str]:
        """Names of the places the query named, in the reader's language (region codes first)."""
        codes = self.places.get("region", [])
        return [taxonomy.region_label(code, self.params_lang) for code in codes]

    def place_facet(self) -> tuple[str, list[str]] | None:
        """("delivered_in" or "region", codes) a buyer may tick to keep only providers of the place named."""
        if self.places.get("region"):
            return "region", list(self.places["region"])
        return None


_facet_labels: dict[tuple[str, str], dict[str, str]] = {}


def facet_label(group: str, code: str, lang: str) -> str:
    """FACET_LABELS[group](code, lang), remembered: the same hundred labels on every page."""
    labels = _facet_labels.get((group, lang))
    if labels is None:
        labels = _facet_labels.setdefault((group, lang), {})
    label = labels.get(code)
    if label is None:
        label = labels[code] = FACET_LABELS[group](code, lang)
    return label


# Display order of the two closed vocabularies, and the region codes that lead the area groups
# (a frozenset: `code in taxonomy.REGIONS` asks a Mapping, which raises KeyError per country).
_VOCABULARY_ORDER = {"capability": {code: i for i, code in enumerate(taxonomy.CAPABILITY_CODES)},
                     "staff_size": {code: i for i, code in enumerate(taxonomy.STAFF_SIZES.codes)}}
_REGION_CODES = frozenset(taxonomy.REGION_CODES)


def facet_values(group: str, counts: dict, selected: list, lang: str) -> list[dict]:
    """Facet entries with labels and counts as the reader writes them ("count_text": 10,001);
    selected values always shown, even at 0."""
    from directory.core.web import format_count
    codes = set(counts).union(selected)
    order = _VOCABULARY_ORDER.get(group)
    if order is not None:
        ordered = sorted(codes, key=lambda c: order.get(c, 999))
    else:  # region groups first, then countries by count
        count_of = counts.get
        ordered = sorted(codes, key=lambda c: (c not in _REGION_CODES, -count_of(c, 0), c))
    labels = _facet_labels.get((group, lang)) or {}
    entries = []
    for code in ordered:
        count = counts.get(code, 0)
        entries.append({"code": code, "label": labels.get(code) or facet_label(group, code, lang), "count": count,
                        "count_text": format_count(count, lang), "selected": code in selected})
    return entries


def search_index_for(index: SearchIndex, q: str, filters: dict, sort: str = "relevance", page: int = 1,
                     per_page: int = 20, lang: str = "en", spell: bool = True):
    """The ranked search itself, without the database (bench/relevance.py measures exactly this).
    ``spell=False`` searches exactly as typed (the "search instead for" link)."""
    return index.search(join_codes(q or ""), filters={k: v for k, v in filters.items() if v}, sort=sort, page=page,
                        per_page=per_page, lang=lang, spell=spell)


def find(params, lang: str) -> Found:
    from directory.search import health as search_health
    if search_health.degraded():  # the index is being rebuilt: answer from the database (S37)
        return search_health.fallback_find(params, lang)
    try:
        result = search_index_for(get_index(), params.q, params.filters, params.sort, params.page,
                                  params.per_page, lang, spell=not params.exact)
    except Exception as exc:  # a damaged index never fails a search; it heals in the background
        search_health.index_failed(exc)
        return search_health.fallback_find(params, lang)
    # SQL fetches the rows; the index only ranks. A listing unpublished a moment ago drops out here.
    rows = result_rows(result.ids)
    listings = [rows[pid] for pid in result.ids if pid in rows]
    return Found(params, result, listings, lang)


class Published:
    __slots__ = ("id", "version", "updated_at", "data")

    def __init__(self, revision_id, version, updated_at, data):
        self.id, self.version, self.updated_at, self.data = revision_id, version, updated_at, data


class ResultRow:
    """What a result (search page, home page, API, alert digest) reads of a live listing: its ids,
    slug, dates and published data -- not an ORM Listing: 20 of those with their revisions, each
    with a dozen date columns, cost more than the rest of the page's Python."""
    __slots__ = ("id", "public_id", "slug", "published_at", "last_verified_at", "published_revision_id",
                 "published")

    def __init__(self, listing_id, public_id, slug, published_at, last_verified_at, revision_id, published):
        self.id, self.public_id, self.slug, self.published_at = listing_id, public_id, slug, published_at
        self.last_verified_at, self.published_revision_id, self.published = last_verified_at, revision_id, published


class _RevisionData:
    """Published data by (revision id, version, updated_at), one per app, least recently used
    dropped first: a published revision is never edited (an edit makes a new working revision),
    any write bumps `version` and `updated_at`, and an id SQLite hands out again after a delete
    comes with another `updated_at`, so an entry is never stale. Bounded: 10k listings' decoded
    JSON would be ~150 MB."""

    def __init__(self, size: int = 512):
        from collections import OrderedDict
        self.size, self.entries, self.lock = size, OrderedDict(), threading.Lock()

    def get_many(self, keys) -> tuple[dict, list]:
        found, missing = {}, []
        with self.lock:
            for key in keys:
                data = self.entries.get(key)
                if data is None:
                    missing.append(key)
                else:
                    self.entries.move_to_end(key)
                    found[key] = data
        return found, missing

    def put(self, key, data) -> None:
        with self.lock:
            self.entries[key] = data
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)


def revision_data() -> _RevisionData:
    app = current_app._get_current_object()
    cache = app.extensions.get("revision_data")
    if cache is None:
        cache = app.extensions.setdefault("revision_data", _RevisionData())
    return cache


# Built once, of the tables' columns: building it per search (eight columns, a join, twenty
# literal ids each with its own bound parameter) cost more than running it, and a statement of
# ORM attributes goes through the ORM's compile and result layers for plain rows. The ids are
# one expanding parameter, so the compiled SQL is cached whatever their number.
_LISTINGS, _REVISIONS = Listing.__table__, ListingRevision.__table__
_RESULT_COLUMNS = (select(_LISTINGS.c.id, _LISTINGS.c.public_id, _LISTINGS.c.slug, _LISTINGS.c.published_at,
                          _LISTINGS.c.last_verified_at, _LISTINGS.c.published_revision_id, _REVISIONS.c.version,
                          _REVISIONS.c.updated_at)
                   .join_from(_LISTINGS, _REVISIONS, _REVISIONS.c.id == _LISTINGS.c.published_revision_id)
                   .where(Listing.live_clause(), _LISTINGS.c.public_id.in_(bindparam("ids", expanding=True))))


def result_rows(public_ids) -> dict:
    """public id -> ResultRow for those of `public_ids` that are live now: one SELECT of a few
    columns, plus one for the published data of revisions not cached yet."""
    if not public_ids:
        return {}
    rows = db.session.execute(_RESULT_COLUMNS, {"ids": list(public_ids)}).all()
    keys = [(rid, version, updated_at) for *_, rid, version, updated_at in rows]
    cache = revision_data()
    data, missing = cache.get_many(keys)
    if missing:
        fetched = {}
        for rid, version, updated_at, doc in db.session.execute(
                select(ListingRevision.id, ListingRevision.version, ListingRevision.updated_at, ListingRevision.data)
                .where(ListingRevision.id.in_([rid for rid, _, _ in missing]))):
            fetched[rid] = doc = doc or {}
            cache.put((rid, version, updated_at), doc)
        for key in missing:  # written in between: the row as it is now
            data[key] = fetched.get(key[0], {})
    return {public_id: ResultRow(listing_id, public_id, slug, published_at, verified_at, key[0],
                                 Published(*key, data[key]))
            for (listing_id, public_id, slug, published_at, verified_at, *_), key in zip(rows, keys)}


def log_search(params, total: int, lang: str) -> None:
    """Remember what buyers look for, outside the request's transaction (search_log.py, S36)."""
    from directory.search import log as search_log
    search_log.record(params, total, lang)
