"""Mark matched words in stored text, HTML-escaping everything else.

The app renders the result as trusted HTML, so the only markup that may come
out of here is our own <mark>…</mark>; every character of the document goes
through html.escape.  Matching uses the same analysis as the index (token
spans map back to offsets in the original text), so a Simplified query marks
the Traditional words it found, and a phrase is marked only where its tokens
stand next to each other.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping

from .analysis import token_spans

# Characters that must not reach a page; replaced one-for-one so offsets hold.
_UNSAFE = re.compile("[\ud800-\udfff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

MAX_CHARS = 600  # longer texts are cut to a window around the first match


def _spans(text: str, terms: set[tuple[str, ...]]) -> list[tuple[int, int]]:
    toks = token_spans(text)
    if not toks:
        return []
    words = [t for t, _s, _e in toks]
    singles = {t[0] for t in terms if len(t) == 1}
    phrases = [t for t in terms if len(t) > 1]
    spans = [(s, e) for t, s, e in toks if t in singles]
    for ph in phrases:
        n = len(ph)
        first = ph[0]
        for i, w in enumerate(words):
            if w == first and tuple(words[i : i + n]) == ph:
                spans.append((toks[i][1], toks[i + n - 1][2]))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:  # bigrams overlap: join touching/overlapping marks
        if merged and s <= merged[-1][1]:
            if e > merged[-1][1]:
                merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    return merged


def highlight(text: str, terms: set[tuple[str, ...]]) -> str:
    """``text`` as safe HTML with matches wrapped in <mark>."""
    text = _UNSAFE.sub(" ", text or "")
    spans = _spans(text, terms) if terms else []
    start, end = 0, len(text)
    if end > MAX_CHARS:
        first = spans[0][0] if spans else 0
        start = max(0, min(first - MAX_CHARS // 4, end - MAX_CHARS))
        end = start + MAX_CHARS
    out = ["…"] if start > 0 else []
    pos = start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        out.append(html.escape(text[pos:s]))
        out.append("<mark>%s</mark>" % html.escape(text[s:e]))
        pos = e
    out.append(html.escape(text[pos:end]))
    if end < len(text):
        out.append("…")
    return "".join(out)


class Marks(Mapping):
    """One document's texts as highlighted HTML, each marked the first time it is read: a
    result page shows one or two of them, and marking costs a tokenization per text."""

    __slots__ = ("_stored", "_terms", "_fields", "_done")

    def __init__(self, stored: dict, terms: set[tuple[str, ...]], fields: tuple[str, ...]):
        self._stored, self._terms, self._fields, self._done = stored, terms, fields, {}

    def __getitem__(self, name: str) -> str:
        got = self._done.get(name)
        if got is None:
            if name not in self._fields:
                raise KeyError(name)
            got = self._done[name] = highlight(self._stored.get(name, ""), self._terms)
        return got

    def __iter__(self):
        return iter(self._fields)

    def __len__(self) -> int:
        return len(self._fields)
