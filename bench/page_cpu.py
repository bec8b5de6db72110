"""CPU per request of the buyer pages, and how much of it is spent outside the search index.

    python bench/page_cpu.py [--count 1000] [--requests 200] [--instance DIR] [--profile]
                             [--page-cache] [--save-pages DIR]

Builds (or reuses) an instance with COUNT demo listings, then sends REQUESTS requests per route
through Flask's test client in this process and prints, per route: CPU ms per request, of which
inside SearchIndex.search, and the rest ("beyond the index": SQL, templates, links). --profile
adds the top functions by own time (cProfile) per route. The search page's whole-page cache is
off (every request does the page's work, which is what these figures are about); --page-cache
leaves it as configured, to see what a hit costs. --save-pages writes each route's last body
to DIR (compare a change's pages with the ones before it). Prints figures; asserts nothing.
"""
from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)  # not bench/: bench/http.py would shadow the standard library's http


def make_app(instance: Path, count: int, page_cache: bool = False):
    from directory import create_app
    config = {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance / 'directory.sqlite3'}",
              "INDEX_DIR": str(instance / "search-index"), "MAIL_OUTBOX": str(instance / "outbox"),
              "UPLOAD_DIR": str(instance / "uploads"), "SECRET_KEY": "bench", "INSTANCE_PATH": str(instance),
              "RATELIMIT_ENABLED": False, "SEARCH_AUTO_APPLY": False}
    if not page_cache:
        config["PAGE_CACHE_SECONDS"] = 0
    app = create_app(config)
    if not (instance / "directory.sqlite3").exists():
        runner = app.test_cli_runner()
        for args in (["db", "upgrade"], ["demo", "load", "--count", str(count)], ["search", "reindex"]):
            started = time.monotonic()
            result = runner.invoke(args=args)
            assert result.exit_code == 0, result.output
            print(f"flask {' '.join(args)}: {time.monotonic() - started:.1f} s", flush=True)
    return app


def _timed(spent: dict, key: str, fn):
    def timed(*args, **kwargs):
        started = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            spent[key] += time.process_time() - started
    return timed


def timed_parts(app) -> dict:
    """Wrap the index's search, the page's find() and template rendering, so a request's CPU can
    be split into index / rows and facets / templates / the rest."""
    from directory.search import service as search
    from directory.api import views as api_views
    from directory.public import views as public_views
    with app.app_context():
        index = search.get_index()
    spent = {"index": 0.0, "find": 0.0, "render": 0.0, "marks": 0.0}
    index.search = _timed(spent, "index", index.search)
    try:  # highlights are marked when the template reads them: index work done during rendering
        from search_index import highlight
        highlight.Marks.__getitem__ = _timed(spent, "marks", highlight.Marks.__getitem__)
    except (ImportError, AttributeError):
        pass
    public_views.find = _timed(spent, "find", public_views.find)
    if hasattr(api_views, "find"):
        api_views.find = _timed(spent, "find", api_views.find)
    public_views.render_template = _timed(spent, "render", public_views.render_template)
    return spent


def routes(app) -> dict[str, str]:
    from directory.core.extensions import db
    from directory.models import Listing
    with app.app_context():
        slug = db.session.scalar(db.select(Listing.slug).where(Listing.live_clause()).limit(1))
    return {"search q=iot": "/search?q=iot", "search 物联网 + capability": "/search?q=物联网&capability=iot",
            "search, no query": "/search", "api q=fintech": "/api/v1/providers?q=fintech",
            "profile": f"/providers/{slug}", "home": "/", "sitemap.xml": "/sitemap.xml"}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--instance", type=Path)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--page-cache", action="store_true", help="leave the whole-page cache on")
    parser.add_argument("--save-pages", type=Path, metavar="DIR", help="write each route's last body here")
    args = parser.parse_args()
    instance = args.instance or Path(tempfile.mkdtemp(prefix="page-cpu-"))
    instance.mkdir(parents=True, exist_ok=True)
    app = make_app(instance, args.count, page_cache=args.page_cache)
    if args.save_pages:
        args.save_pages.mkdir(parents=True, exist_ok=True)
    spent = timed_parts(app)
    client = app.test_client()
    print(f"{'route':28} {'CPU ms/req':>10} {'index':>8} {'beyond':>8} {'rows+facets':>11} {'templates':>9} {'rest':>6}")
    print("(index: SearchIndex.search plus the highlights the template asks it to mark; templates: the rest of rendering)")
    for name, url in routes(app).items():
        for _ in range(5):  # warm caches and templates
            assert client.get(url).status_code == 200, url
        spent.update(index=0.0, find=0.0, render=0.0, marks=0.0)
        profiler = cProfile.Profile() if args.profile else None
        started = time.process_time()
        if profiler:
            profiler.enable()
        for _ in range(args.requests):
            response = client.get(url)
        if profiler:
            profiler.disable()
        if args.save_pages:
            (args.save_pages / (name.replace(" ", "_").replace(",", "").replace("+", "and") + ".html")
             ).write_bytes(response.get_data())
        total = (time.process_time() - started) * 1000 / args.requests
        index, find, render, marks = (spent[k] * 1000 / args.requests for k in ("index", "find", "render", "marks"))
        rows = find - index if find else 0.0
        index, render = index + marks, render - marks
        print(f"{name:28} {total:10.2f} {index:8.2f} {total - index:8.2f} {rows:11.2f} {render:9.2f} "
              f"{total - index - rows - render:6.2f}", flush=True)
        if profiler:
            pstats.Stats(profiler).sort_stats("tottime").print_stats(30)
    if not args.instance:
        print(f"(instance kept in {instance}; pass --instance to reuse it)")


if __name__ == "__main__":
    os.environ.setdefault("DIRECTORY_ENV", "development")
    main()
