"""Everything derived from one index generation (one Whoosh searcher).

Built lazily.  Facts that only depend on a segment live in SegmentData
(cached by segment id); token tables and sort orders are carried over from
the previous generation when it was only extended (see terms.py).
"""

from __future__ import annotations

import bisect

from . import bitsets, storage
from .analysis import word_term
from .schema import EXACT_FIELD, FACET_FIELDS, NAME_COLUMNS
from .segments import SegmentData
from .spelling import Speller
from .derived import TableCache
from .terms import TermTable

REORDER_LIMIT = 1000  # more new documents than this: sort again instead of inserting


class View:
    def __init__(self, searcher, seg_cache: dict, key, gen_dir: str,
                 previous: View | None = None, max_cells: int | None = None):
        self.gen_dir = gen_dir
        self.searcher = searcher
        self.reader = reader = searcher.reader()
        self.key = key
        self.leaves: list[tuple[object, int, SegmentData]] = []
        for leaf, offset in reader.leaf_readers():
            seg = leaf.segment()
            segkey = (key[0], seg.segment_id()) if seg is not None else None
            data = seg_cache.get(segkey) if segkey else None
            if data is None:
                data = SegmentData(leaf)
                if segkey:
                    seg_cache[segkey] = data
            data.reader = leaf  # same files; use the newly opened reader
            self.leaves.append((leaf, offset, data))
        self.n_all = reader.doc_count_all()
        self.has_exact = EXACT_FIELD in reader.schema  # indexes built before it: one tier
        live = bitsets.full(self.n_all)
        for leaf, offset, _ in self.leaves:
            if leaf.has_deletions():
                live &= ~bitsets.from_ids(leaf.deleted_docs_set, offset)
        self.live = live
        self.n_live = live.bit_count()
        self.cache = TableCache(self, previous.cache if previous else None, max_cells)
        keep = self.cache.keep
        self._orders = {}
        if keep and previous is not None:  # old documents keep their places
            self._orders = {kind: order if len(order) <= keep else [d for d in order if d < keep]
                            for kind, order in previous._orders.items()}
        self._facets: dict[str, dict[str, int]] = {}
        self._names: dict[str, list[bytes]] = {}
        self._ids: list[bytes] | None = None
        self._published: list[float] | None = None
        self._speller: Speller | None = None
        self._speller_known: frozenset | None = None

    # --- text ----------------------------------------------------------------

    def term(self, token: str) -> TermTable:
        return self.cache.term(token)

    def phrase(self, tokens: tuple[str, ...]) -> int:
        mask = 0
        for m in self.cache.phrase(tokens):
            mask |= m
        return mask

    def prefix_grams(self, char: str) -> list[str]:
        return self.cache.prefix_grams(char)

    # --- facets ----------------------------------------------------------------

    def facet_masks(self, group: str) -> dict[str, int]:
        """value -> live documents carrying it."""
        got = self._facets.get(group)
        if got is None:
            if group not in FACET_FIELDS:
                raise ValueError("unknown facet %r" % group)
            merged: dict[str, int] = {}
            for _leaf, offset, data in self.leaves:
                for value, local in data.facet_masks(group).items():
                    merged[value] = merged.get(value, 0) | (local << offset)
            live = self.live
            got = {v: m & live for v, m in merged.items() if m & live}
            self._facets[group] = got
        return got

    # --- sorting -----------------------------------------------------------------

    def names(self, column: str = "sort_name") -> list[bytes]:
        got = self._names.get(column)
        if got is None:
            got = self._names[column] = [n for _l, _o, data in self.leaves for n in data.sort_names(column)]
        return got

    def ids(self) -> list[bytes]:
        if self._ids is None:
            self._ids = [i for _l, _o, data in self.leaves for i in data.ids()]
        return self._ids

    def published(self) -> list[float]:
        if self._published is None:
            self._published = [p for _l, _o, data in self.leaves for p in data.published()]
        return self._published

    def sort_key(self, kind: str):
        """``name`` (English), ``name:zh-Hant``, ``name:zh-Hans`` or ``newest``."""
        ids = self.ids()
        if kind.startswith("name"):
            names = self.names(NAME_COLUMNS.get(kind.partition(":")[2] or "en", "sort_name"))
            return lambda d: (names[d], ids[d])
        names = self.names()
        pub = self.published()
        return lambda d: (-pub[d], names[d], ids[d])

    def order(self, kind: str) -> list[int]:
        """All document numbers (deleted ones included) in ``kind`` order."""
        got = self._orders.get(kind)
        key = self.sort_key(kind)
        if got is None or self.n_all - len(got) > REORDER_LIMIT:
            got = sorted(range(self.n_all), key=key)
        elif len(got) < self.n_all:  # a commit added a few: insert them
            got = list(got)
            for d in range(len(got), self.n_all):
                bisect.insort(got, d, key=key)
        self._orders[kind] = got
        return got

    # --- spelling and stored fields -------------------------------------------------

    def speller(self, known: frozenset = frozenset()) -> Speller:
        """Spelling help from the generation's vocabulary file plus ``known`` words (the query
        vocabulary's); an index word counts as known only while a live document contains it."""
        if self._speller is None or self._speller_known is not known:
            vocab = storage.read_vocab(self.gen_dir)
            for word in known:
                vocab.setdefault(word, 0)
            self._speller_known = known
            self._speller = Speller(vocab, lambda w: w in known or self._word_live(w))
        return self._speller

    def _word_live(self, word: str) -> bool:
        term = word_term(word)
        return bool(term and self.term(term).mask)

    @staticmethod
    def term_for_word(word: str) -> str | None:
        return word_term(word)

    def stored(self, docnum: int) -> dict:
        return self.reader.stored_fields(docnum)
