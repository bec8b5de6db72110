"""Everything derived from one index generation (one Whoosh searcher).

Built lazily and thrown away when the index changes; the expensive parts
that only depend on a segment live in SegmentData and carry over.
"""

from __future__ import annotations

import math
from array import array
from collections import OrderedDict

from . import bitsets
from ._whoosh import Phrase, TermNotFound
from . import storage
from .schema import FACET_FIELDS, FIELD_BOOSTS, TEXT_FIELDS
from .analysis import word_term
from .segments import SegmentData, read_postings
from .spelling import Speller

K1, B = 1.2, 0.75  # BM25 constants
TERM_CACHE_CELLS = 8_000_000  # ~32 MB of score cells kept per generation
MAX_PREFIX_GRAMS = 200  # a lone CJK character expands to at most this many bigrams


class TermTable:
    """One index token: the live documents containing it (in any text field)
    and each one's BM25F contribution."""

    __slots__ = ("mask", "scores", "cells")

    def __init__(self, mask: int, scores, cells: int):
        self.mask = mask
        self.scores = scores  # dict or dense array, indexed by doc number
        self.cells = cells


class View:
    def __init__(self, searcher, seg_cache: dict, key, gen_dir: str):
        self.gen_dir = gen_dir
        self.searcher = searcher
        self.reader = reader = searcher.reader()
        self.key = key
        self.leaves: list[tuple[object, int, SegmentData]] = []
        for leaf, offset in reader.leaf_readers():
            segkey = (key[0], leaf.segment().segment_id()) if leaf.segment() else None
            data = seg_cache.get(segkey) if segkey else None
            if data is None:
                data = SegmentData(leaf)
                if segkey:
                    seg_cache[segkey] = data
            data.reader = leaf  # the same files; keep the open reader
            self.leaves.append((leaf, offset, data))
        self.n_all = reader.doc_count_all()
        live = bitsets.full(self.n_all)
        for leaf, offset, _ in self.leaves:
            if leaf.has_deletions():
                live &= ~bitsets.from_ids(leaf.deleted_docs_set, offset)
        self.live = live
        self.n_live = live.bit_count()
        self._avgdl = {
            f: (reader.field_length(f) / self.n_all if self.n_all else 0.0) or 1.0
            for f in TEXT_FIELDS
        }
        self._norms: dict[str, list[float]] = {}
        self._terms: OrderedDict[str, TermTable] = OrderedDict()
        self._term_cells = 0
        self._phrases: OrderedDict[tuple, int] = OrderedDict()
        self._prefix: dict[str, list[str]] = {}
        self._facets: dict[str, dict[str, int]] = {}
        self._name_rank: list[int] | None = None
        self._newest: list[int] | None = None
        self._name_order: list[int] | None = None
        self._newest_pos: list[int] | None = None
        self._speller: Speller | None = None

    # --- scoring tables ------------------------------------------------------

    def _norm(self, field: str) -> list[float]:
        got = self._norms.get(field)
        if got is None:
            avg = self._avgdl[field]
            lengths: list[int] = []
            for _leaf, _off, data in self.leaves:
                lengths.extend(data.lengths(field))
            got = [K1 * (1 - B + B * dl / avg) for dl in lengths]
            self._norms[field] = got
        return got

    def term(self, token: str) -> TermTable:
        got = self._terms.get(token)
        if got is not None:
            self._terms.move_to_end(token)
            return got
        got = self._build_term(token)
        self._terms[token] = got
        self._term_cells += got.cells
        while self._term_cells > TERM_CACHE_CELLS and len(self._terms) > 1:
            _, old = self._terms.popitem(last=False)
            self._term_cells -= old.cells
        return got

    def _build_term(self, token: str) -> TermTable:
        per_field = []
        docs: set[int] = set()
        for field in TEXT_FIELDS:
            ids_all: list[int] = []
            tfs_all: list[float] = []
            for leaf, offset, _ in self.leaves:
                ids, tfs = read_postings(leaf, field, token)
                if ids:
                    ids_all.extend([offset + d for d in ids] if offset else ids)
                    tfs_all.extend(tfs)
            if ids_all:
                per_field.append((field, ids_all, tfs_all))
                docs.update(ids_all)
        if not docs:
            return TermTable(0, {}, 0)
        mask = bitsets.from_ids(docs) & self.live
        df = mask.bit_count()
        n = max(self.n_live, 1)
        idf = math.log(1.0 + (n - df + 0.5) / (df + 0.5))
        dense = len(docs) * 25 > self.n_all
        scores = array("f", bytes(4 * self.n_all)) if dense else dict.fromkeys(docs, 0.0)
        for field, ids, tfs in per_field:
            norm = self._norm(field)
            w = FIELD_BOOSTS[field] * idf * (K1 + 1)
            for d, tf in zip(ids, tfs):
                scores[d] += w * tf / (tf + norm[d])
        return TermTable(mask, scores, self.n_all if dense else 2 * len(docs))

    def phrase(self, tokens: tuple[str, ...]) -> int:
        """Live documents with ``tokens`` at consecutive positions in one field."""
        got = self._phrases.get(tokens)
        if got is not None:
            self._phrases.move_to_end(tokens)
            return got
        # Only documents holding every token can match: skip Whoosh if none.
        mask = self.live
        for tok in set(tokens):
            mask &= self.term(tok).mask
            if not mask:
                break
        if mask:
            found: list[int] = []
            for field in TEXT_FIELDS:
                try:
                    found.extend(Phrase(field, list(tokens)).docs(self.searcher))
                except TermNotFound:
                    continue
            mask &= bitsets.from_ids(found)
        self._phrases[tokens] = mask
        if len(self._phrases) > 2000:
            self._phrases.popitem(last=False)
        return mask

    def prefix_grams(self, char: str) -> list[str]:
        """Bigrams in the index that start with one CJK character."""
        got = self._prefix.get(char)
        if got is None:
            found: set[str] = set()
            for field in TEXT_FIELDS:
                for btext in self.reader.expand_prefix(field, char):
                    text = btext.decode("utf-8") if isinstance(btext, bytes) else btext
                    if len(text) == 2:
                        found.add(text)
                    if len(found) >= MAX_PREFIX_GRAMS:
                        break
            got = sorted(found)
            self._prefix[char] = got
        return got

    # --- facets and sorting --------------------------------------------------

    def facet_masks(self, group: str) -> dict[str, int]:
        got = self._facets.get(group)
        if got is None:
            if group not in FACET_FIELDS:
                raise ValueError("unknown facet %r" % group)
            got = {}
            for _leaf, offset, data in self.leaves:
                for value, local in data.facet_masks(group).items():
                    got[value] = got.get(value, 0) | (local << offset)
            live = self.live
            got = {v: m & live for v, m in got.items() if m & live}
            self._facets[group] = got
        return got

    def name_rank(self) -> list[int]:
        """Position of every document in name order."""
        if self._name_rank is None:
            names: list[bytes] = []
            for _leaf, _off, data in self.leaves:
                names.extend(data.sort_names())
            order = sorted(range(self.n_all), key=names.__getitem__)
            rank = [0] * self.n_all
            for i, d in enumerate(order):
                rank[d] = i
            self._name_rank = rank
        return self._name_rank

    def newest_order(self) -> list[int]:
        if self._newest is None:
            pub: list[float] = []
            for _leaf, _off, data in self.leaves:
                pub.extend(data.published())
            rank = self.name_rank()
            self._newest = sorted(range(self.n_all), key=lambda d: (-pub[d], rank[d]))
        return self._newest

    def name_order(self) -> list[int]:
        if self._name_order is None:
            order = [0] * self.n_all
            for d, r in enumerate(self.name_rank()):
                order[r] = d
            self._name_order = order
        return self._name_order

    def newest_position(self) -> list[int]:
        if self._newest_pos is None:
            pos = [0] * self.n_all
            for i, d in enumerate(self.newest_order()):
                pos[d] = i
            self._newest_pos = pos
        return self._newest_pos

    # --- spelling ------------------------------------------------------------

    def speller(self) -> Speller:
        """Spelling help from the generation's vocabulary file (unstemmed
        words); a word counts as known only while some live document
        still contains it."""
        if self._speller is None:
            self._speller = Speller(storage.read_vocab(self.gen_dir), self._word_live)
        return self._speller

    def _word_live(self, word: str) -> bool:
        term = word_term(word)
        return bool(term and self.term(term).mask)

    @staticmethod
    def term_for_word(word: str) -> str | None:
        return word_term(word)

    # --- stored fields ---------------------------------------------------------

    def stored(self, docnum: int) -> dict:
        return self.reader.stored_fields(docnum)
