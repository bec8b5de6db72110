"""A worker's first search as fast as its hundredth: open the index, fill its caches, compile
the templates and load the catalogs before the worker takes its first request.

Called by gunicorn.conf.py in each worker (post_worker_init). The warm-up requests go through
the real app (so nothing is missed), ask for page 2 — never recorded as a buyer's search — and
are left out of the request log.
"""
import logging
import time

from directory.ops.request_log import ENVIRON_WARMUP

log = logging.getLogger("directory.warmup")
# English, Chinese, a typo (the suggestion path), filters, each sort, each language, the API.
PATHS = ("/search?q=iot&page=2", "/search?q=%E7%89%A9%E8%81%94%E7%BD%91&capability=iot&page=2",
         "/search?q=fintech&page=2&lang=zh-Hant", "/search?q=blockchian&page=2",
         "/search?q=smart+city+sensors&region=SG&page=2&lang=zh-Hans",
         "/search?q=data&sort=newest&page=2", "/search?sort=name&page=2",
         "/api/v1/providers?q=fintech&page=2")


def warm_up(app) -> float:
    """Seconds it took; failures are logged, never raised (a cold worker still serves)."""
    started = time.perf_counter()
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
