"""Per-token document sets and BM25F score tables, carried across commits.

Scoring in Python is only fast if a token's postings are decoded once, not
on every query.  A table is computed on first use and kept while the index
changes in the usual way — a commit appends a small segment and marks some
deletions — by masking out deleted documents and adding the new segment's
postings.  Collection statistics (idf, average lengths) are then those of
the moment the table was built; when the live document count has drifted by
more than STATS_DRIFT, or segments were merged, everything is recomputed.
"""

from __future__ import annotations

import math
from array import array
from collections import OrderedDict

from . import bitsets
from ._whoosh import Phrase, TermNotFound
from .schema import FIELD_BOOSTS, TEXT_FIELDS
from .segments import read_postings

K1, B = 1.2, 0.75  # BM25 constants
MAX_CELLS = 16_000_000  # 4-byte score cells kept (~64 MB); least recently used go first
DICT_CELL = 25  # a dict entry costs about 25 array cells
MAX_PHRASES = 2000
MAX_PREFIX_GRAMS = 200  # a lone CJK character expands to at most this many bigrams
STATS_DRIFT = 0.10


class TermTable:
    """One token: live documents containing it (in any text field) and each
    one's BM25F contribution, for documents numbered below ``n``."""

    __slots__ = ("mask", "scores", "idf", "n", "cells")

    def __init__(self, mask, scores, idf, n, cells):
        self.mask, self.scores, self.idf, self.n, self.cells = mask, scores, idf, n, cells


class TermCache:
    def __init__(self, view, previous: TermCache | None = None):
        self.view = view
        # Documents below ``keep`` are numbered as in the previous generation.
        self.keep = self._kept(previous) if previous is not None else 0
        if self.keep:
            if self.keep < previous.view.n_all:
                previous.truncate(self.keep)
            self.terms = previous.terms
            self.cells = previous.cells
            self.phrases = previous.phrases
            self.avgdl = previous.avgdl
            self.norms = previous.norms
            self.n_live_stats = previous.n_live_stats
        else:
            self.terms: OrderedDict[str, TermTable] = OrderedDict()
            self.cells = 0
            self.phrases: OrderedDict[tuple, tuple[int, int]] = OrderedDict()
            n = max(view.n_all, 1)
            self.avgdl = {f: (view.reader.field_length(f) / n) or 1.0 for f in TEXT_FIELDS}
            self.norms: dict[str, list[float]] = {}
            self.n_live_stats = view.n_live
        self.prefix: dict[str, list[str]] = {}

    def _kept(self, prev: TermCache) -> int:
        """How many leading documents keep their numbers: the old segments
        still present at the same offsets (Whoosh merges only small, recent
        segments).  0 when nothing can be carried over."""
        old, new = prev.view, self.view
        base = max(prev.n_live_stats, 1)
        if old.key[0] != new.key[0] or abs(new.n_live - prev.n_live_stats) / base > STATS_DRIFT:
            return 0
        keep = 0
        for (_, off_a, data_a), (_, off_b, data_b) in zip(old.leaves, new.leaves):
            if off_a != off_b or data_a is not data_b:
                break
            keep = off_a + data_a.n
        return keep

    def truncate(self, keep: int) -> None:
        """Forget everything about documents numbered ``keep`` and above."""
        low = (1 << keep) - 1
        for table in self.terms.values():
            if table.n > keep:
                table.mask &= low
                if isinstance(table.scores, array):
                    del table.scores[keep:]
                else:
                    for d in [d for d in table.scores if d >= keep]:
                        del table.scores[d]
                self._recount(table)
                table.n = keep
        for tokens, (mask, n) in list(self.phrases.items()):
            if n > keep:
                self.phrases[tokens] = (mask & low, keep)
        for lengths in self.norms.values():
            del lengths[keep:]

    # --- building blocks ---------------------------------------------------------

    def norm(self, field: str) -> list[float]:
        """k1 * (1 - b + b * length / average) for every document."""
        got = self.norms.get(field)
        if got is None:
            got = []
            self.norms[field] = got
        if len(got) < self.view.n_all:
            avg = self.avgdl[field]
            for _leaf, offset, data in self.view.leaves:
                if offset + data.n > len(got):
                    lengths = data.lengths(field)[len(got) - offset:]
                    got.extend([K1 * (1 - B + B * dl / avg) for dl in lengths])
        return got

    def _postings(self, token: str, start: int):
        """Per field: (doc numbers, term frequencies) for documents >= start."""
        out = []
        for field in TEXT_FIELDS:
            ids_all: list[int] = []
            tfs_all: list[float] = []
            for leaf, offset, data in self.view.leaves:
                if offset + data.n <= start:
                    continue
                ids, tfs = read_postings(leaf, field, token)
                if ids:
                    ids_all.extend([offset + d for d in ids] if offset else ids)
                    tfs_all.extend(tfs)
            if ids_all:
                out.append((field, ids_all, tfs_all))
        return out

    def _add_scores(self, scores, postings, idf) -> None:
        for field, ids, tfs in postings:
            norm = self.norm(field)
            w = FIELD_BOOSTS[field] * idf * (K1 + 1)
            for d, tf in zip(ids, tfs):
                scores[d] += w * tf / (tf + norm[d])

    def _recount(self, table: TermTable) -> None:
        size = len(table.scores)
        cells = size if isinstance(table.scores, array) else DICT_CELL * size
        self.cells += cells - table.cells
        table.cells = cells

    # --- tokens and phrases ------------------------------------------------------

    def term(self, token: str) -> TermTable:
        view = self.view
        table = self.terms.get(token)
        if table is None:
            table = self._build(token)
            self.terms[token] = table
            self.cells += table.cells
            while self.cells > MAX_CELLS and len(self.terms) > 1:
                _, old = self.terms.popitem(last=False)
                self.cells -= old.cells
        else:
            self.terms.move_to_end(token)
            if table.n < view.n_all:  # documents added since: extend
                postings = self._postings(token, table.n)
                if isinstance(table.scores, array):
                    table.scores.extend(array("f", bytes(4 * (view.n_all - table.n))))
                else:
                    for _f, ids, _t in postings:
                        table.scores.update(dict.fromkeys(ids, 0.0))
                self._recount(table)
                self._add_scores(table.scores, postings, table.idf)
                new = {d for _f, ids, _t in postings for d in ids}
                table.mask |= bitsets.from_ids(new)
                table.n = view.n_all
        table.mask &= view.live
        return table

    def _build(self, token: str) -> TermTable:
        view = self.view
        postings = self._postings(token, 0)
        docs = {d for _f, ids, _t in postings for d in ids}
        if not docs:
            return TermTable(0, {}, 0.0, view.n_all, 0)
        mask = bitsets.from_ids(docs) & view.live
        df = mask.bit_count()
        n = max(view.n_live, 1)
        idf = math.log(1.0 + (n - df + 0.5) / (df + 0.5))
        dense = len(docs) * DICT_CELL > view.n_all
        scores = array("f", bytes(4 * view.n_all)) if dense else dict.fromkeys(docs, 0.0)
        self._add_scores(scores, postings, idf)
        cells = view.n_all if dense else DICT_CELL * len(docs)
        return TermTable(mask, scores, idf, view.n_all, cells)

    def phrase(self, tokens: tuple[str, ...]) -> int:
        """Live documents with ``tokens`` at consecutive positions in one field."""
        view = self.view
        got = self.phrases.get(tokens)
        if got is not None and got[1] == view.n_all:
            self.phrases.move_to_end(tokens)
            return got[0] & view.live
        start = got[1] if got is not None else 0
        mask = view.live & ~((1 << start) - 1)  # only documents not checked yet
        for tok in set(tokens):  # cheap pre-check: every token must occur
            mask &= self.term(tok).mask
            if not mask:
                break
        found = 0
        if mask:
            # Whoosh checks the positions; after a commit only in new segments
            if start:
                searchers = [(s, o) for s, o in view.searcher.leaf_searchers() if o >= start]
            else:
                searchers = [(view.searcher, 0)]
            ids: list[int] = []
            for searcher, offset in searchers:
                for field in TEXT_FIELDS:
                    try:
                        m = Phrase(field, list(tokens)).matcher(searcher)
                    except TermNotFound:
                        continue
                    while m.is_active():
                        ids.append(offset + m.id())
                        m.next()
            found = bitsets.from_ids(ids) & mask
        if got is not None:
            found |= got[0]
        self.phrases[tokens] = (found, view.n_all)
        if len(self.phrases) > MAX_PHRASES:
            self.phrases.popitem(last=False)
        return found & view.live

    def prefix_grams(self, char: str) -> list[str]:
        """Bigrams in the index that start with one CJK character."""
        got = self.prefix.get(char)
        if got is None:
            found: set[str] = set()
            for field in TEXT_FIELDS:
                for btext in self.view.reader.expand_prefix(field, char):
                    text = btext.decode("utf-8") if isinstance(btext, bytes) else btext
                    if len(text) == 2:
                        found.add(text)
                    if len(found) >= MAX_PREFIX_GRAMS:
                        break
            got = sorted(found)
            self.prefix[char] = got
        return got
