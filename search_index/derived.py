"""Derived tables: a phrase, a Chinese word (all its bigrams), an equivalence set (any of its
alternatives: one table, so a capability word with 17 alternatives costs about one token).

They are made from the token tables (terms.py) and have the same shape.  After a commit that
only appended documents they are extended, not rebuilt: the documents numbered below a
table's ``n`` keep their content and numbers (terms.py carries the tables over only then), so
only the new documents are looked at; deletions are masked by the live set as always.  Which
alternatives a clause has depends on the query vocabulary, never on the documents.
"""

from __future__ import annotations

from array import array

from . import bitsets
from .analysis import is_cjk_gram
from .phrases import phrase_masks
from .schema import NO_FIELD, TEXT_FIELDS
from .segments import read_postings
from .terms import DICT_CELL, MAX_PHRASES, TermCache, TermTable

MAX_PREFIX_GRAMS = 200  # a lone CJK character expands to at most this many bigrams


class TableCache(TermCache):
    def alternative(self, alt: tuple[str, ...]) -> TermTable:
        """The table of one alternative: a token, an English phrase (positions checked) or a
        Chinese word (all its bigrams present)."""
        if len(alt) == 1:
            return self.term(alt[0])
        return self._derived(("alt",) + alt, lambda start: self._build_alt(alt, start))

    def group(self, alts: tuple[tuple[str, ...], ...]) -> TermTable:
        """Any of ``alts``: score and field of the best alternative a document has."""
        if len(alts) == 1:
            return self.alternative(alts[0])
        return self._derived(("any",) + alts,
                             lambda start: self._combine([self.alternative(a) for a in alts], start))

    def _derived(self, key, build) -> TermTable:
        view = self.view
        table = self.terms.get(key)
        if table is None:
            table = self._store(key, build(0))
        elif table.n != view.n_all:  # documents appended since: add theirs
            self.terms.move_to_end(key)
            new = build(table.n)  # may evict older tables, this one too
            if self.terms.get(key) is table:
                del self.terms[key]
                self.cells -= table.cells
            self._extend(table, new)
            self._store(key, table)
        else:
            self.terms.move_to_end(key)
        table.mask &= view.live
        return table

    def _extend(self, table: TermTable, new: TermTable) -> None:
        n = self.view.n_all
        scores, best = table.scores, table.best
        if isinstance(scores, array) and len(scores) < n:
            grow = n - len(scores)
            scores.extend(array("d", bytes(8 * grow)))
            best.extend(bytearray([NO_FIELD]) * grow)
        new_scores, new_best = new.scores, new.best
        for d in bitsets.to_list(new.mask):
            scores[d] = new_scores[d]
            best[d] = new_best[d]
        table.mask |= new.mask
        table.n = n
        table.cells = len(scores) if isinstance(scores, array) else DICT_CELL * len(scores)

    def _build_alt(self, alt: tuple[str, ...], start: int) -> TermTable:
        """Documents numbered ``start`` and above."""
        view = self.view
        parts = [self.term(t) for t in alt]
        mask = view.live & ~bitsets.full(start)
        for p in parts:
            mask &= p.mask
        if not mask:
            return TermTable(0, {}, {}, view.n_all, 0, derived=True)
        docs = bitsets.to_list(mask)
        if all(is_cjk_gram(t) for t in alt):
            # A Chinese word is its overlapping bigrams: all present is as good as adjacent
            # (慧城 hardly occurs outside 智慧城市) and far cheaper than positions.
            best_of = None
        else:
            field_masks = self.phrase(alt)
            found = 0
            for m in field_masks:
                found |= m
            mask &= found
            docs = bitsets.to_list(mask)
            best_of = field_masks
        scores: dict[int, float] = {}
        best: dict[int, int] = {}
        k = len(parts)
        for d in docs:
            scores[d] = sum(p.scores[d] for p in parts) / k
        if best_of is None:
            for d in docs:
                best[d] = max(p.best[d] for p in parts)
        else:
            for rank, m in enumerate(best_of):
                for d in bitsets.to_list(m & mask):
                    best.setdefault(d, rank)
        return TermTable(mask, scores, best, view.n_all, DICT_CELL * len(docs), derived=True)

    def _combine(self, parts: list[TermTable], start: int) -> TermTable:
        """Best alternative per document numbered ``start`` and above."""
        view = self.view
        mask = 0
        for p in parts:
            mask |= p.mask
        mask &= view.live & ~bitsets.full(start)
        n_docs = mask.bit_count()
        dense = n_docs * DICT_CELL > view.n_all
        scores, best = self._empty(view.n_all, dense)
        seen = {} if not dense else None
        for p in parts:
            pscores, pbest = p.scores, p.best
            for d in bitsets.to_list(p.mask & mask):
                s = pscores[d]
                if dense:
                    if s > scores[d]:
                        scores[d] = s
                    if pbest[d] < best[d]:
                        best[d] = pbest[d]
                elif d in seen:
                    if s > scores[d]:
                        scores[d] = s
                    if pbest[d] < best[d]:
                        best[d] = pbest[d]
                else:
                    seen[d] = None
                    scores[d] = s
                    best[d] = pbest[d]
        cells = view.n_all if dense else DICT_CELL * n_docs
        return TermTable(mask, scores, best, view.n_all, cells, derived=True)

    def phrase(self, tokens: tuple[str, ...]) -> list[int]:
        """Per text field (rank order): live documents with ``tokens`` at consecutive positions."""
        view = self.view
        got = self.phrases.get(tokens)
        if got is not None and got[1] == view.n_all:
            self.phrases.move_to_end(tokens)
            return [m & view.live for m in got[0]]
        start = got[1] if got is not None else 0
        mask = view.live & ~bitsets.full(start)  # only documents not checked yet
        for tok in set(tokens):  # cheap pre-check: every token must occur
            mask &= self.term(tok).mask
            if not mask:
                break
        found = phrase_masks(view.leaves, tokens, mask, start)
        if got is not None:
            found = [a | b for a, b in zip(found, got[0])]
        self.phrases[tokens] = (found, view.n_all)
        if len(self.phrases) > MAX_PHRASES:
            self.phrases.popitem(last=False)
        return [m & view.live for m in found]

    def field_mask(self, alt: tuple[str, ...], field: str) -> int:
        """Live documents holding every token of ``alt`` in ``field`` (for snippets: which
        results matched in their project references).  Cached per token and field, extended
        with the new segments after a commit."""
        view = self.view
        mask = view.live
        for tok in alt:
            got = self.fields.get((tok, field))
            if got is None or got[1] != view.n_all:
                start = got[1] if got is not None else 0
                ids: list[int] = []
                for leaf, offset, data in view.leaves:
                    if offset + data.n <= start:
                        continue
                    found, _ = read_postings(leaf, field, tok, weights=False)
                    ids.extend(d for d in (offset + d for d in found) if d >= start)
                got = ((got[0] if got is not None else 0) | bitsets.from_ids(ids), view.n_all)
                self.fields[(tok, field)] = got
                if len(self.fields) > MAX_PHRASES:
                    self.fields.pop(next(iter(self.fields)))
            mask &= got[0]
        return mask

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
