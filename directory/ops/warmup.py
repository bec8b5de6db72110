"""A worker's first search as fast as its hundredth, and as little memory per worker as we can.

Two steps, both called by gunicorn.conf.py:

- `load_shared(app)` in the gunicorn master, before it forks the workers (preload_app): what
  every worker needs and no worker changes -- OpenCC's dictionaries (~45 MB of C++ tables), ICU
  collators, the vocabularies and place names, Babel's catalogs and locale data, the compiled
  templates. Forked workers share those pages copy-on-write (their PSS drops; RSS counts shared
  pages in every process). Nothing here opens a file handle or a connection: the index and the
  database are opened by each worker itself.
- `warm_up(app)` in each worker (post_worker_init): open the index and pay its one-off costs
  (SearchIndex.warm, with the most frequent recent searches), then a few searches and an API
  call through the real app (so nothing is missed: templates, catalogs, caches). They ask for
  page 2 -- never recorded as a buyer's search -- and are left out of the request log.
"""
import gc
import logging
import time
from datetime import timedelta

from directory.ops.request_log import ENVIRON_WARMUP

log = logging.getLogger("directory.warmup")
# English, Chinese, a typo (the suggestion path), filters, each sort, each language, the API.
PATHS = ("/search?q=iot&page=2", "/search?q=%E7%89%A9%E8%81%94%E7%BD%91&capability=iot&page=2",
         "/search?q=fintech&page=2&lang=zh-Hant", "/search?q=blockchian&page=2",
         "/search?q=smart+city+sensors&region=SG&page=2&lang=zh-Hans",
         "/search?q=data&sort=newest&page=2", "/search?sort=name&page=2",
         "/api/v1/providers?q=fintech&page=2")
FREQUENT = 30  # most frequent searches of the last RECENT days, warmed in the index
RECENT = timedelta(days=30)
TEMPLATES = ("public/search.html", "public/_result_card.html", "public/profile.html", "public/home.html",
             "public/_alert_form.html", "public/_search_notice.html", "base.html", "macros.html",
             "_bilingual.html", "errors/error.html")


def load_shared(app) -> float:
    """Seconds it took; failures are logged, never raised (a worker loads what is missing)."""
    started = time.perf_counter()
    try:
        from search_index import analysis
        from directory import taxonomy
        from directory.core import collation
        from directory.core.i18n import CATALOG, LANGS, in_script
        analysis.to_hk("简")  # the index's converter (s2hk)...
        for lang in LANGS:
            in_script("简體", lang)  # ...and the display converters (s2hk, hk2s): one set of tables
            collation.sort_key(lang)("a")
            taxonomy.country_choices(lang), taxonomy.region_choices(lang), taxonomy.capability_choices(lang)
        taxonomy.synonym_sets(), taxonomy.related_terms(), taxonomy.place_names()
        with app.test_request_context("/", base_url=app.config["BASE_URL"]):
            from flask_babel import force_locale, get_translations
            for catalog in CATALOG.values():
                with force_locale(catalog):
                    get_translations()
        for name in TEMPLATES:
            try:
                app.jinja_env.get_template(name)
            except Exception:  # a template renamed: the worker compiles what it uses
                log.warning("template %s not preloaded", name)
    except Exception:
        log.exception("shared preload failed; each worker loads what it needs itself")
    # Objects made so far never become garbage: keep the collector from writing to their pages
    # (which would copy them into every worker).
    gc.freeze()
    return time.perf_counter() - started


def frequent_searches(app, limit: int = FREQUENT) -> list[str]:
    from sqlalchemy import func, select
    from directory.core.extensions import db
    from directory.models import SearchLog, utcnow
    with app.app_context():
        try:
            rows = db.session.execute(
                select(SearchLog.query).where(SearchLog.at >= utcnow() - RECENT, SearchLog.query != "")
                .group_by(SearchLog.query).order_by(func.count().desc()).limit(limit)).scalars().all()
        finally:
            db.session.remove()
    return [q for q in rows if q]


def warm_up(app) -> float:
    """Seconds it took; failures are logged, never raised (a cold worker still serves)."""
    started = time.perf_counter()
    try:
        from directory.search import service as search
        with app.app_context():
            index = search.get_index(app)
        if hasattr(index, "warm"):
            index.warm(search.join_codes(q) for q in frequent_searches(app))
    except Exception:
        log.exception("index warm-up failed; this worker's first searches will be slower")
    client = app.test_client()
    for path in PATHS:
        try:
            response = client.get(path, base_url=app.config["BASE_URL"],
                                  environ_overrides={ENVIRON_WARMUP: True})
            if response.status_code >= 500:
                log.warning("warm-up request %s answered %s", path, response.status_code)
        except Exception:
            log.exception("warm-up request %s failed; this worker's first requests will be slower", path)
    return time.perf_counter() - started
