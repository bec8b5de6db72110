"""SearchIndex: open/create, apply outbox changes, rebuild, search."""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
import time
from dataclasses import dataclass, field
from typing import Callable, Iterable, Mapping

from . import analysis, storage
from ._whoosh import whoosh_index, writer_codec
from .build import build
from .query import SynonymTable
from .schema import build_schema, to_fields
from .search import run_search
from .view import View

SORTS = ("relevance", "name", "newest")
DEFAULT_FACETS = ("capability", "region", "delivered_in", "staff_size")
LANGS = ("en", "zh-Hant", "zh-Hans")  # accepted; only the order by name depends on it (NAME_COLUMNS)


@dataclass(frozen=True)
class Change:
    """One outbox row: ``op`` is "upsert" (with ``doc``) or "delete"."""

    id: int
    op: str
    doc_id: str
    doc: dict | None = None


@dataclass
class SearchResult:
    """``corrected``: nothing matched as typed, so these are the results of ``suggestion``.
    ``partial``: nobody matched every clause; ``matched_terms`` were kept, ``dropped_terms``
    dropped.  ``places``: facet values of the places named in the query ({"delivered_in":
    ["KZ"], "region": ["KZ"]}); ``where``: per result id, the places it delivered in / serves.
    ``snippets``: per result id, the matching project reference (marked HTML) or "";
    ``snippet_lines``: its line number in the document's ``reference_text`` (the app's own order).
    ``near_misses``: how many of ``total`` match only some of the clauses (ranked after every
    provider matching them all; only under ``sort="relevance"``, only when those are fewer than
    a page: search_index/near.py).  ``fuzzy`` is ``corrected`` under its old name."""

    total: int
    ids: list[str]
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    highlights: dict[str, Mapping[str, str]] = field(default_factory=dict)  # marked when read
    suggestion: str | None = None
    fuzzy: bool = False
    corrected: bool = False
    partial: bool = False
    matched_terms: list[str] = field(default_factory=list)
    dropped_terms: list[str] = field(default_factory=list)
    places: dict[str, list[str]] = field(default_factory=dict)
    where: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    snippets: dict[str, str] = field(default_factory=dict)
    snippet_lines: dict[str, int] = field(default_factory=dict)  # which reference line matched
    near_misses: int = 0


class SearchIndex:
    """A Whoosh index in folder ``path`` (see storage.py for the layout).

    One instance may be shared by the threads of a process: searches are
    serialised by a lock (each takes milliseconds).  Several processes may
    apply changes at once; they queue on a file lock for up to
    ``lock_timeout`` seconds before IndexBusy is raised.
    """

    def __init__(self, path, synonyms=None, lock_timeout: float = 30.0,
                 rebuild_procs: int | None = None, related=None, places=None,
                 table_mb: float = 128):
        self.path = os.path.abspath(os.fspath(path))
        # worker processes for big rebuilds; 1 keeps everything in-process
        self.rebuild_procs = rebuild_procs or min(2, os.cpu_count() or 1)
        self.lock_timeout = float(lock_timeout)
        # memory for per-token score tables: about 8 bytes per document per cached table
        self.max_cells = max(1, int(table_mb * 2**20 / 8))
        # equivalence sets; related term -> capability codes; (place names, {group: codes})
        self.synonyms = SynonymTable(synonyms or (), related or {}, places or ())
        self._lock = threading.RLock()
        self._gen_name: str | None = None
        self._ix = None
        self._searcher = None
        self._view: View | None = None
        self._seg_cache: dict = {}
        os.makedirs(self.path, exist_ok=True)
        with contextlib.suppress(storage.IndexUnreadable):  # still usable for rebuild()
            self._current_gen()

    # --- folders ---------------------------------------------------------------

    def _gen_dir(self, name: str) -> str:
        return os.path.join(self.path, name)

    def _current_gen(self, locked: bool = False) -> str:
        """Name of the live generation, creating an empty one if needed."""
        name = storage.current_name(self.path)
        if name and os.path.isdir(self._gen_dir(name)):
            return name
        if not os.path.isdir(self.path) or storage.read_small(os.path.join(self.path, storage.CURRENT)) is not None:
            # A CURRENT naming no generation is a lost index, not a new one: never serve it empty.
            raise storage.IndexUnreadable("search index %s: no readable generation" % self.path)
        if not locked:
            with storage.write_lock(self.path, self.lock_timeout):
                return self._current_gen(locked=True)
        gen_dir = storage.new_folder(self.path, "gen")
        whoosh_index.create_in(gen_dir, build_schema())
        storage.write_vocab(gen_dir, {})
        storage.write_last_applied(gen_dir, 0)
        name = os.path.basename(gen_dir)
        storage.set_current(self.path, name)
        return name

    def last_applied(self) -> int:
        return storage.read_last_applied(self._gen_dir(self._current_gen()))

    def state(self) -> tuple[str, int]:
        """(live generation's name, last applied change id): what a search can answer changes
        only when this does -- an apply moves the id, a rebuild the name."""
        name = self._current_gen()
        return name, storage.read_last_applied(self._gen_dir(name))

    # --- writing ---------------------------------------------------------------

    def apply(self, changes: Iterable[Change]) -> int:
        """Apply the changes newer than last_applied() in one commit.

        Safe to call from several processes at once and to replay: the
        LAST_APPLIED file is read and written while holding the write lock,
        so each change is applied once, in id order; for a document changed
        several times in the batch only its last change is written.
        """
        changes = sorted((_check_change(c) for c in changes), key=lambda c: c.id)
        seen = self.last_applied()
        if not changes or changes[-1].id <= seen:
            return 0
        # Analyse outside the lock: it is the slow part.
        prepared = {
            c.id: to_fields(dict(c.doc, id=c.doc_id))
            for c in changes if c.op == "upsert" and c.id > seen
        }
        with storage.write_lock(self.path, self.lock_timeout):
            gen_dir = self._gen_dir(self._current_gen(locked=True))
            done = storage.read_last_applied(gen_dir)
            todo = [c for c in changes if c.id > done]
            if not todo:
                return 0
            final: dict[str, Change] = {}
            for c in todo:
                final.pop(c.doc_id, None)
                final[c.doc_id] = c
            ix = whoosh_index.open_dir(gen_dir)
            vocab = storage.read_vocab(gen_dir)
            writer = ix.writer(timeout=self.lock_timeout, delay=0.05, codec=writer_codec())
            try:
                for c in final.values():
                    if c.op == "delete":
                        writer.delete_by_term("id", c.doc_id)
                    else:
                        if c.id not in prepared:  # a rebuild lowered LAST_APPLIED
                            prepared[c.id] = to_fields(dict(c.doc, id=c.doc_id))
                        fields, words = prepared[c.id]
                        if any(name not in ix.schema for name in fields):  # built before a field existed
                            fields = {k: v for k, v in fields.items() if k in ix.schema}
                        writer.update_document(**fields)
                        for w in words:
                            vocab[w] = vocab.get(w, 0) + 1
            except BaseException:
                writer.cancel()
                raise
            writer.commit()
            storage.write_vocab(gen_dir, vocab)
            storage.write_last_applied(gen_dir, todo[-1].id)
        return len(todo)

    def rebuild(self, docs: Iterable[dict], last_change_id: int,
                progress: Callable[[int], None] | None = None) -> int:
        """Index ``docs`` into a new folder, then swap it in atomically.

        The new generation records ``last_change_id``; changes applied to the
        old generation meanwhile are re-applied by the next apply() catch-up
        (the app calls apply() with outbox rows past last_applied()).
        """
        tmp = storage.new_folder(self.path, "tmp")
        try:
            count, vocab = build(tmp, docs, self.rebuild_procs, progress)
            storage.write_vocab(tmp, vocab)
            storage.write_last_applied(tmp, int(last_change_id))
            final = storage.new_folder(self.path, "gen")
            os.rmdir(final)  # only wanted a fresh unique name
            os.rename(tmp, final)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        name = os.path.basename(final)
        with storage.write_lock(self.path, self.lock_timeout):
            old = storage.current_name(self.path)
            storage.set_current(self.path, name)
            if old and old != name:
                storage.retire(self._gen_dir(old))
        storage.remove_old(self.path, keep=name)
        if progress:
            progress(count)
        return count

    # --- reading ---------------------------------------------------------------

    def _get_view(self) -> View:
        """The view of the latest generation; reopened when anything changed."""
        name = self._current_gen()
        previous = None
        if name != self._gen_name:
            self._close_searcher()
            self._ix = whoosh_index.open_dir(self._gen_dir(name))
            self._gen_name = name
            self._seg_cache = {}
        elif self._searcher is not None and not self._searcher.up_to_date():
            previous = self._view
            self._close_searcher(keep_index=True)
        if self._searcher is None:
            # A fresh reader rather than searcher.refresh(): refresh() reuses
            # segment readers whose deletion lists may be out of date.
            self._searcher = self._ix.searcher()
            gen = self._searcher.reader().generation()
            self._view = View(self._searcher, self._seg_cache, (name, gen),
                              self._gen_dir(name), previous, self.max_cells)
            live = {key for key in self._seg_cache if key[0] == name}
            segs = {(name, leaf.segment().segment_id())
                    for leaf, _ in self._searcher.reader().leaf_readers() if leaf.segment()}
            for key in live - segs:
                del self._seg_cache[key]
        return self._view

    def _close_searcher(self, keep_index: bool = False) -> None:
        if self._searcher is not None:
            with contextlib.suppress(Exception):  # files already closed: nothing to release
                self._searcher.close()
        self._searcher = None
        self._view = None
        if not keep_index:
            self._ix = None

    def close(self) -> None:
        with self._lock:
            self._close_searcher()
            self._gen_name = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def doc_count(self) -> int:
        with self._lock:
            return self._get_view().n_live

    def versions(self) -> dict[str, str]:
        with self._lock:
            view = self._get_view()
            reader = view.reader
            out: dict[str, str] = {}
            for docnum in reader.all_doc_ids():
                stored = reader.stored_fields(docnum)
                out[stored["id"]] = stored.get("version", "")
            return out

    def warm(self, texts: Iterable[str] = ()) -> float:
        """Pay a fresh process's one-off costs now rather than in its first search: open the
        live generation, read the facet sets, sort keys and field lengths of its segments and
        the spelling vocabulary, load OpenCC's dictionaries; then search each of ``texts``
        (say, the most frequent searches) so their words' tables are built too.  For a web
        worker to call once after fork; harmless to call again.  Returns seconds."""
        started = time.perf_counter()
        analysis.to_hk("简")  # OpenCC's dictionaries: loaded on first use
        with self._lock:
            view = self._get_view()
            for group in DEFAULT_FACETS:
                view.facet_masks(group)
            view.ids(), view.names(), view.published()
            for field in view.cache.avgdl:
                view.cache.norm(field)
            view.speller(self.synonyms.frozen_words)
        for text in texts:
            self.search(text, per_page=1, facets=(), highlight=False)
        return time.perf_counter() - started

    def search(self, text: str = "", filters: dict | None = None, sort: str = "relevance",
               page: int = 1, per_page: int = 20, facets=DEFAULT_FACETS, lang: str = "en",
               highlight: bool = True, spell: bool = True) -> SearchResult:
        if sort not in SORTS:
            raise ValueError("sort must be one of %s" % (SORTS,))
        page, per_page = int(page), int(per_page)
        if page < 1 or per_page < 1:
            raise ValueError("page and per_page start at 1")
        with self._lock:
            view = self._get_view()
            found = run_search(view, self.synonyms, text, filters, sort, page,
                               per_page, tuple(facets or ()), highlight, spell=spell, lang=lang)
        return SearchResult(**found)


def _check_change(c) -> Change:
    if not isinstance(c, Change):
        c = Change(**c) if isinstance(c, dict) else Change(*c)
    if c.op not in ("upsert", "delete"):
        raise ValueError("change %r: op must be upsert or delete" % (c.id,))
    if c.op == "upsert" and not isinstance(c.doc, dict):
        raise ValueError("change %r: upsert needs a doc" % (c.id,))
    if not c.doc_id:
        raise ValueError("change %r: no doc_id" % (c.id,))
    return Change(int(c.id), c.op, str(c.doc_id), c.doc)
