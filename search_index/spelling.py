"""Typo tolerance from the index's own (unstemmed) words.

Distance is optimal-string-alignment: insert, delete, substitute, or swap two
neighbours, so "blockchian" is one edit from "blockchain".  Candidates must
share the first letter ("prefix 1") and be within the distance in length,
which keeps the scan over the vocabulary short.
"""

from __future__ import annotations

import re

from . import analysis
from .query import clean_query

_WORD = re.compile(r"[A-Za-z]+")
MAX_VARIANTS = 8


def osa_distance(a: str, b: str, limit: int) -> int:
    """Edit distance with adjacent swaps; returns limit + 1 when larger."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    if a == b:
        return 0
    prev2: list[int] | None = None
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        ai = a[i - 1]
        best = cur[0]
        for j in range(1, len(b) + 1):
            cost = 0 if ai == b[j - 1] else 1
            v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if prev2 is not None and i > 1 and j > 1 and ai == b[j - 2] and a[i - 2] == b[j - 1]:
                v = min(v, prev2[j - 2] + 1)
            cur[j] = v
            if v < best:
                best = v
        if best > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[len(b)]


class Speller:
    """Words of one index generation, bucketed by first letter."""

    def __init__(self, vocab: dict[str, int], is_live=None):
        self.vocab = vocab
        self._is_live = is_live or (lambda word: True)
        self._buckets: dict[str, list[str]] = {}
        for word in vocab:
            self._buckets.setdefault(word[0], []).append(word)

    def candidates(self, word: str, maxdist: int) -> list[tuple[int, int, str]]:
        """(distance, -document count, word) for known words near ``word``."""
        out = []
        n = len(word)
        for cand in self._buckets.get(word[0], ()):
            if abs(len(cand) - n) > maxdist or cand == word:
                continue
            d = osa_distance(word, cand, maxdist)
            if d <= maxdist:
                out.append((d, -self.vocab[cand], cand))
        out.sort()
        return out

    def variants(self, word: str) -> list[str]:
        """Known words one edit away, most common first."""
        if not analysis.spell_word(word):
            return []
        found = [w for _d, _f, w in self.candidates(word, 1) if self._is_live(w)]
        return found[:MAX_VARIANTS]

    def correct(self, word: str) -> str | None:
        if not analysis.spell_word(word) or self._is_live(word):
            return None
        for maxdist in (1, 2) if len(word) >= 6 else (1,):
            for _d, _f, cand in self.candidates(word, maxdist):
                if self._is_live(cand):
                    return cand
        return None

    def suggest(self, cleaned: str) -> str | None:
        """The query with unknown words replaced by the closest known ones."""
        changed = False

        def fix(m: re.Match) -> str:
            nonlocal changed
            word = m.group().casefold()
            better = self.correct(word)
            if better is None:
                return m.group()
            changed = True
            return better

        text = _WORD.sub(fix, clean_query(cleaned))
        return text if changed else None
