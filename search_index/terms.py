"""Per-token document sets and score tables, carried across commits.

Scoring in Python is only fast if a token's postings are decoded once, not on every query. A
table holds, for every document containing the token (in any text field), its BM25 term-frequency
part summed over fields (without idf, which is applied per query from the live document count)
and the best field it occurs in. A table is kept while the index changes in the usual way -- a
commit appends a small segment and marks some deletions -- by masking out deleted documents and
adding the new segment's postings.

One order everywhere: the length normalisation uses the average field lengths of the *live*
documents of the generation, rounded to a 1/16 octave grid, and idf comes from the live counts
at query time. So a table depends only on the live documents' content: a process that has run
for days, a fresh one and one reading a rebuilt index compute the same scores. When the rounded
averages move, every table is recomputed.

Tables derived from these (phrases, Chinese words, equivalence sets) are in derived.py; this
module also keeps their carried-over state (phrase and per-field masks) in step.
"""

from __future__ import annotations

import math
from array import array
from collections import OrderedDict

from . import bitsets
from .schema import FIELD_BOOSTS, FIELD_RANK, NO_FIELD, TEXT_FIELDS
from .segments import read_postings

K1, B = 1.2, 0.75  # BM25 constants
MAX_CELLS = 16_000_000  # score cells kept by default (~128 MB); least recently used go first
DICT_CELL = 12  # a dict entry costs about this many array cells
MAX_PHRASES = 2000
GRID = 16  # average lengths are rounded to 2 ** (k / GRID)


class TermTable:
    """One token (or derived alternative): live documents containing it, each one's score part
    and best field rank, for documents numbered below ``n``."""

    __slots__ = ("mask", "scores", "best", "n", "cells", "derived")

    def __init__(self, mask, scores, best, n, cells, derived=False):
        self.mask, self.scores, self.best, self.n = mask, scores, best, n
        self.cells, self.derived = cells, derived

    def df(self, live: int) -> int:
        return (self.mask & live).bit_count()


def idf(df: int, n_live: int) -> float:
    n = max(n_live, 1)
    return math.log(1.0 + (n - df + 0.5) / (df + 0.5))


def _rounded(x: float) -> float:
    return 2.0 ** (round(math.log2(x) * GRID) / GRID) if x > 0 else 1.0


class TermCache:
    def __init__(self, view, previous: TermCache | None = None, max_cells: int | None = None):
        self.view = view
        self.max_cells = max_cells or MAX_CELLS
        self.avgdl = self._average_lengths()
        # Documents below ``keep`` are numbered as in the previous generation.
        self.keep = self._kept(previous) if previous is not None else 0
        if self.keep:
            if self.keep < previous.view.n_all:
                previous.truncate(self.keep)
            self.terms = previous.terms
            self.cells = previous.cells
            self.phrases = previous.phrases
            self.fields = previous.fields
            self.norms = previous.norms
        else:
            self.terms: OrderedDict = OrderedDict()
            self.cells = 0
            self.phrases: OrderedDict[tuple, tuple[list[int], int]] = OrderedDict()
            self.fields: dict[tuple[str, str], tuple[int, int]] = {}  # (token, field) -> (docs, n)
            self.norms: dict[str, list[float]] = {}
        self.prefix: dict[str, list[str]] = {}

    def _average_lengths(self) -> dict[str, float]:
        """Average length of each field over the live documents, rounded (see module doc)."""
        view = self.view
        dead = bitsets.to_list(bitsets.full(view.n_all) & ~view.live)
        out = {}
        for field in TEXT_FIELDS:
            total = 0
            lengths: list[int] = []
            for _leaf, _offset, data in view.leaves:
                lengths.extend(data.lengths(field))
            total = sum(lengths) - sum(lengths[d] for d in dead)
            out[field] = _rounded(total / max(view.n_live, 1))
        return out

    def _kept(self, prev: TermCache) -> int:
        """How many leading documents keep their numbers and scores: the old segments still
        present at the same offsets (Whoosh merges only small, recent segments), provided the
        rounded average lengths did not move.  0 when nothing can be carried over."""
        old, new = prev.view, self.view
        if old.key[0] != new.key[0] or prev.avgdl != self.avgdl:
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
                for part in (table.scores, table.best):
                    if isinstance(part, dict):
                        for d in [d for d in part if d >= keep]:
                            del part[d]
                    else:
                        del part[keep:]
                self._recount(table)
                table.n = keep
        for tokens, (masks, n) in list(self.phrases.items()):
            if n > keep:
                self.phrases[tokens] = ([m & low for m in masks], keep)
        for key, (mask, n) in list(self.fields.items()):
            if n > keep:
                self.fields[key] = (mask & low, keep)
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
        """Per field, in rank order: (field, doc numbers, term frequencies) for docs >= start."""
        out = []
        for field in TEXT_FIELDS:
            ids_all: list[int] = []
            tfs_all: list[float] = []
            for leaf, offset, data in self.view.leaves:
                if offset + data.n <= start:
                    continue
                ids, tfs = read_postings(leaf, field, token)
                if ids:
                    if offset:
                        ids = [offset + d for d in ids]
                    if ids[0] < start:
                        keep = [i for i, d in enumerate(ids) if d >= start]
                        ids, tfs = [ids[i] for i in keep], [tfs[i] for i in keep]
                    ids_all.extend(ids)
                    tfs_all.extend(tfs)
            if ids_all:
                out.append((field, ids_all, tfs_all))
        return out

    def _add(self, scores, best, postings) -> None:
        dense = not isinstance(best, dict)
        for field, ids, tfs in postings:
            norm = self.norm(field)
            w = FIELD_BOOSTS[field] * (K1 + 1)
            rank = FIELD_RANK[field]
            for d, tf in zip(ids, tfs):
                scores[d] += w * tf / (tf + norm[d])
                if dense:
                    if best[d] > rank:
                        best[d] = rank
                elif d not in best:  # fields come in rank order: the first is the best
                    best[d] = rank

    def _recount(self, table: TermTable) -> None:
        size = len(table.scores)
        cells = size if isinstance(table.scores, array) else DICT_CELL * size
        self.cells += cells - table.cells
        table.cells = cells

    def _store(self, key, table: TermTable) -> TermTable:
        old = self.terms.get(key)
        if old is not None:
            self.cells -= old.cells
        self.terms[key] = table
        self.terms.move_to_end(key)
        self.cells += table.cells
        self._evict()
        return table

    def _evict(self) -> None:
        while self.cells > self.max_cells and len(self.terms) > 1:
            _, gone = self.terms.popitem(last=False)
            self.cells -= gone.cells

    def _empty(self, n_docs: int, dense: bool):
        if dense:
            return array("d", bytes(8 * n_docs)), bytearray([NO_FIELD]) * n_docs
        return {}, {}

    # --- tokens ------------------------------------------------------------------------

    def term(self, token: str) -> TermTable:
        view = self.view
        table = self.terms.get(token)
        if table is None:
            table = self._store(token, self._build(token))
        else:
            self.terms.move_to_end(token)
            if table.n < view.n_all:  # documents added since: extend
                postings = self._postings(token, table.n)
                if isinstance(table.scores, array):
                    grow = view.n_all - table.n
                    table.scores.extend(array("d", bytes(8 * grow)))
                    table.best.extend(bytearray([NO_FIELD]) * grow)
                else:
                    for _f, ids, _t in postings:
                        table.scores.update(dict.fromkeys(ids, 0.0))
                self._add(table.scores, table.best, postings)
                self._recount(table)
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
            return TermTable(0, {}, {}, view.n_all, 0)
        dense = len(docs) * DICT_CELL > view.n_all
        scores, best = self._empty(view.n_all, dense)
        if not dense:
            scores.update(dict.fromkeys(sorted(docs), 0.0))
        self._add(scores, best, postings)
        cells = view.n_all if dense else DICT_CELL * len(docs)
        return TermTable(bitsets.from_ids(docs) & view.live, scores, best, view.n_all, cells)
