"""The index heals itself (issue 8 row 8, S37).

The Whoosh index is a cache of the database. When a search or a catch-up finds it missing,
unreadable or damaged (a deleted folder, a truncated segment, garbage in CURRENT, a TOC,
LAST_APPLIED or VOCAB.json), this process:

* answers searches from the database until the index is good again (:func:`fallback_find`:
  SQL LIKE over the published listings' names and summaries, the index's own filter definitions
  from ``search.document``; logged as degraded) -- never a 5xx;
* rebuilds the index from the database in one background thread. Only one rebuild runs per
  process (a thread lock) and per machine (``heal.lock``, an OS file lock in the index folder:
  a process that finds it held answers from the database too, then re-checks the index once the
  holder is done instead of rebuilding again). The new generation is swapped in atomically by
  ``SearchIndex.rebuild``, so every process switches on its next search.

A failure that is not the index's fault (a query that trips a bug) must not rebuild over and
over: a heal first checks whether a freshly opened index is readable and complete, and heals
start at most once per ``MIN_HEAL_INTERVAL_S`` per process.
"""
from __future__ import annotations

import fcntl
import logging
import os
import threading
import time

from flask import current_app, g, has_request_context
from sqlalchemy import or_, select
from sqlalchemy.orm import aliased

from search_index import SearchIndex, SearchResult, storage

from directory import taxonomy
from directory.search import service as search
from directory.core.extensions import db
from directory.models import Listing, ListingRevision

log = logging.getLogger(__name__)
HEAL_LOCK = "heal.lock"
MIN_HEAL_INTERVAL_S = 30.0
FALLBACK_SCAN = 5000  # most rows a degraded search looks at (text matches, before filters)
TEXT_KEYS = ("company_name_en", "company_name_zh", "summary_en", "summary_zh")
GROUPS = ("capability", "region", "delivered_in", "staff_size")


class _Health:
    def __init__(self):
        self.lock = threading.Lock()
        self.thread: threading.Thread | None = None
        self.last_start = float("-inf")
        self.heals = 0  # rebuilds done by this process (tests and /healthz may read it)
        self.verified = False  # the files a query may not touch were read once (verify())


def _health(app) -> _Health:
    return app.extensions.setdefault("search_health", _Health())


def _heal_lock_path(app) -> str:
    return os.path.join(app.config["INDEX_DIR"], HEAL_LOCK)


def _rebuilding_elsewhere(app) -> bool:
    """Is another process holding heal.lock exclusively (rebuilding) right now? The probe takes it
    shared: two probes at once must not see each other as a rebuild."""
    try:
        fd = os.open(_heal_lock_path(app), os.O_RDWR)
    except OSError:
        return False  # no folder or no lock file: nobody is healing
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)  # closing releases a lock we just took
    return False


def degraded(app=None) -> bool:
    """True while the index is being rebuilt here or elsewhere: search the database instead."""
    app = app or current_app._get_current_object()
    health = _health(app)
    if not health.verified:
        health.verified = True
        threading.Thread(target=_verify, args=(app,), name="search-verify", daemon=True).start()
    thread = health.thread
    return (thread is not None and thread.is_alive()) or _rebuilding_elsewhere(app)


def _verify(app) -> None:
    """Once per process, read what a given query may never read (VOCAB.json, LAST_APPLIED)."""
    with app.app_context():
        try:
            if index_exists(app):
                with SearchIndex(app.config["INDEX_DIR"], synonyms=taxonomy.synonym_sets()) as index:
                    probe(index, light=True)
        except Exception as exc:
            index_failed(exc, app)
        finally:
            db.session.remove()


def index_failed(exc: BaseException, app=None) -> None:
    """A search or catch-up could not use the index: heal in the background."""
    app = app or current_app._get_current_object()
    log.warning("search index unusable (%s: %s); answering from the database and rebuilding",
                type(exc).__name__, exc)
    start_heal(app, f"{type(exc).__name__}: {exc}")


def start_heal(app, reason: str) -> bool:
    """Start the background rebuild unless one runs or started a moment ago."""
    health = _health(app)
    with health.lock:
        if health.thread is not None and health.thread.is_alive():
            return False
        if time.monotonic() - health.last_start < MIN_HEAL_INTERVAL_S:
            return False
        health.last_start = time.monotonic()
        health.thread = threading.Thread(target=_heal, args=(app, reason), name="search-heal", daemon=True)
        health.thread.start()
        return True


def wait(app, timeout: float | None = None) -> None:
    """Block until this process's heal (if any) is over: for tests and the command line."""
    thread = _health(app).thread
    if thread is not None:
        thread.join(timeout)


def drop_index(app) -> None:
    """Forget this process's open index, so the next use opens the folder afresh."""
    index = app.extensions.pop("search_index", None)
    if index is not None:
        try:
            index.close()
        except Exception:  # a damaged index may fail to close; it is dropped all the same
            log.debug("closing a damaged index failed", exc_info=True)


def index_exists(app) -> bool:
    return os.path.exists(os.path.join(app.config["INDEX_DIR"], storage.CURRENT))


def probe(index: SearchIndex, light: bool = False) -> dict[str, str]:
    """Read every kind of file a generation has (raises when one is damaged); the versions."""
    index.last_applied()  # LAST_APPLIED
    versions = {} if light else index.versions()  # TOC, segments, every stored document
    index.search("", per_page=1)  # TOC, segments
    index.search("qzxjv")  # an unknown word: the spelling help reads VOCAB.json
    return versions


def looks_complete(app) -> bool:
    """A freshly opened index that is readable and holds every published listing."""
    if not index_exists(app):
        return False
    try:
        with SearchIndex(app.config["INDEX_DIR"], synonyms=taxonomy.synonym_sets()) as index:
            indexed = set(probe(index))
    except Exception:
        return False
    return indexed == set(search.expected_versions())


class _HealLock:
    def __init__(self, app):
        os.makedirs(app.config["INDEX_DIR"], exist_ok=True)
        self.fd = os.open(_heal_lock_path(app), os.O_RDWR | os.O_CREAT, 0o600)

    def __enter__(self):
        fcntl.flock(self.fd, fcntl.LOCK_EX)  # waits while another process rebuilds
        return self

    def __exit__(self, *exc):
        os.close(self.fd)


def heal(app, reason: str = "") -> int | None:
    """Rebuild unless the index is (or has just been made) good; returns the count or None."""
    with _HealLock(app):
        if looks_complete(app):  # another process healed it, or the failure was not the index's
            drop_index(app)
            log.info("search index is readable and complete; not rebuilt (%s)", reason)
            return None
        drop_index(app)
        count = search.rebuild()
        drop_index(app)
    search.catch_up(app)  # changes committed while the rebuild read the database
    _health(app).heals += 1
    log.warning("search index rebuilt from the database: %d listings (after %s)", count, reason)
    return count


def _heal(app, reason: str) -> None:
    with app.app_context():
        try:
            heal(app, reason)
        except Exception:
            log.exception("rebuilding the search index failed; searches use the database meanwhile")
        finally:
            db.session.remove()


# ---- answering from the database --------------------------------------------------------------

def _words(text: str) -> list[str]:
    cleaned = "".join(" " if ch in "\"'" else ch for ch in (text or "")[:200])
    return [w for w in cleaned.split() if w][:12]


def _like(word: str) -> str:
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _matches(doc: dict, filters: dict) -> bool:
    for group, values in filters.items():
        have = doc.get(group)
        have = {have} if isinstance(have, str) else set(have or ())
        if not have & set(values):
            return False
    return True


def _facets(docs: list[dict], filters: dict) -> dict[str, dict[str, int]]:
    """Disjunctive counts, as the index computes them: each group over the other groups' filters."""
    out = {}
    for group in GROUPS:
        others = {g: v for g, v in filters.items() if g != group}
        counts: dict[str, int] = {}
        for doc in docs:
            if _matches(doc, others):
                values = doc.get(group)
                for value in ({values} if isinstance(values, str) else set(values or ())):
                    if value:
                        counts[value] = counts.get(value, 0) + 1
        out[group] = counts
    return out


def fallback_find(params, lang: str):
    """Degraded search straight from the database: only live listings, the same filters."""
    started = time.perf_counter()
    if has_request_context():
        g.search_from_database = True  # a weaker answer: never kept for other visitors (page_cache)
    revision = aliased(ListingRevision)
    stmt = (select(Listing).join(revision, revision.id == Listing.published_revision_id)
            .where(Listing.live_clause()))
    for word in _words(params.q):
        stmt = stmt.where(or_(*(revision.data[key].as_string().ilike(_like(word), escape="\\")
                                for key in TEXT_KEYS)))
    listings = db.session.scalars(stmt.order_by(Listing.id).limit(FALLBACK_SCAN)).all()
    docs = {listing.public_id: search.document(listing) for listing in listings}
    filters = {k: v for k, v in params.filters.items() if v}
    hits = [listing for listing in listings if _matches(docs[listing.public_id], filters)]
    if params.sort == "newest":
        hits.sort(key=lambda item: (-docs[item.public_id]["published_at"], docs[item.public_id]["sort_name"]))
    else:  # relevance needs the index; name order is the honest substitute
        hits.sort(key=lambda item: docs[item.public_id]["sort_name"])
    first = (params.page - 1) * params.per_page
    page = hits[first:first + params.per_page]
    result = SearchResult(total=len(hits), ids=[item.public_id for item in page],
                          facets=_facets(list(docs.values()), filters))
    log.warning("degraded search from the database (index unavailable): %d results in %.0f ms",
                result.total, (time.perf_counter() - started) * 1000)
    return search.Found(params, result, page, lang)
