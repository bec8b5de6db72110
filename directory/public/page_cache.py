"""Whole search pages kept per process, for visitors the page says nothing personal to.

A search page rendered for a buyer who is not logged in, has an empty shortlist and no message
waiting is the same for every such buyer except the CSRF token in its forms. Such pages are kept,
with the token cut out, under (site root, path and query string, language, the search index's
last applied outbox change): any approval, edit, suspension or removal writes an outbox row, so
a page is never served after this node's index has moved on. Whatever reaches buyers without an
outbox row is bounded by PAGE_CACHE_SECONDS (default 30 s). A hit costs a dictionary lookup and
the visitor's own CSRF token; a miss renders as before. Search-engine crawlers and shared links
land on the same few searches, which is where this pays (docs/operations.md, "Page cache").

Never kept: a page for a logged-in user, a visitor whose session holds anything besides the CSRF
token and the language, a page answered from the database (the index rebuilding or failing), an
error, a page whose URL holds the renderer's own token.
"""
import sys
import threading
import time
from collections import OrderedDict

from flask import current_app, g, request, session
from flask_wtf.csrf import generate_csrf

# Session keys that do not change a search page (the token is put back per visitor; the
# language is part of the key). Anything else in the session makes the page the visitor's own.
IMPERSONAL_SESSION_KEYS = frozenset({"csrf_token", "lang"})
CSRF_SLOT = "\x00csrf-token\x00"


class Kept:
    __slots__ = ("html", "total", "stored_at", "size")

    def __init__(self, html: str, total: int, stored_at: float, size: int):
        self.html, self.total, self.stored_at, self.size = html, total, stored_at, size

    def page(self) -> str:
        return self.html.replace(CSRF_SLOT, generate_csrf())


class PageCache:
    """Least recently used first out, bounded by the bytes its pages and keys take in memory
    (a page with one character beyond Latin-1 is stored at 2 or 4 bytes a character)."""

    def __init__(self, max_bytes: int, ttl: float):
        self.max_bytes, self.ttl = max_bytes, ttl
        self.entries: OrderedDict = OrderedDict()
        self.bytes = 0
        self.lock = threading.Lock()

    def get(self, key) -> Kept | None:
        with self.lock:
            kept = self.entries.get(key)
            if kept is None:
                return None
            if time.monotonic() - kept.stored_at > self.ttl:
                self._drop(key)
                return None
            self.entries.move_to_end(key)
            return kept

    def put(self, key, html: str, total: int) -> None:
        size = sys.getsizeof(html) + sum(sys.getsizeof(part) for part in key)
        if size > self.max_bytes:
            return
        with self.lock:
            if key in self.entries:
                self._drop(key)
            self.entries[key] = Kept(html, total, time.monotonic(), size)
            self.bytes += size
            while self.bytes > self.max_bytes:
                self._drop(next(iter(self.entries)))

    def _drop(self, key) -> None:
        self.bytes -= self.entries.pop(key).size

    def __len__(self) -> int:
        return len(self.entries)


def _cache(app) -> PageCache | None:
    cache = app.extensions.get("page_cache")
    if cache is None:
        ttl = float(app.config.get("PAGE_CACHE_SECONDS") or 0)
        if ttl <= 0:
            return None
        cache = app.extensions.setdefault(
            "page_cache", PageCache(int(app.config["PAGE_CACHE_MB"] * 1024 * 1024), ttl))
    return cache


def impersonal() -> bool:
    """Would this visitor see exactly what any other anonymous visitor sees (bar the token)?"""
    return (request.method in ("GET", "HEAD") and g.get("user") is None
            and set(session.keys()) <= IMPERSONAL_SESSION_KEYS)


def lookup(lang: str) -> Kept | None:
    """The kept page for this request, or None; remembers the key so `keep` can store a miss."""
    g.pop("page_cache_key", None)
    app = current_app._get_current_object()
    cache = _cache(app)
    if cache is None or not impersonal():
        return None
    from directory.search import health as search_health
    from directory.search.service import get_index
    if search_health.degraded():
        return None  # answered from the database meanwhile: not what the index will say
    try:
        marker = get_index().state()
    except Exception:  # an unreadable index is the search's business (it heals); just do not cache
        return None
    key = (request.script_root, request.full_path, lang, marker)
    g.page_cache_key = key
    return cache.get(key)


def keep(html: str, total: int, csrf: str) -> None:
    """Store the page just rendered for the key `lookup` chose, the visitor's token cut out."""
    key = g.pop("page_cache_key", None)
    if key is None or not impersonal() or g.get("search_from_database"):
        return
    if html.count(csrf) != html.count('name="csrf_token"'):
        return  # the token also stands where the visitor typed it (a crafted URL): never shared
    from directory.search import health as search_health
    if search_health.degraded():
        return
    cache = _cache(current_app._get_current_object())
    if cache is not None:
        cache.put(key, html.replace(csrf, CSRF_SLOT), total)
