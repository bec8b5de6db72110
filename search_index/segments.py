"""Bulk reads from one Whoosh segment, cached by segment id.

A Whoosh segment never changes once written (a delete only marks documents),
so what we derive from it — per-value document sets, field lengths, sort
keys — is computed once per segment and reused by every later index
generation that still contains it.  That keeps "a change becomes searchable"
cheap: only the new small segment has to be read.
"""

from __future__ import annotations

import sys
from array import array

from . import bitsets
from ._whoosh import (
    LENGTHS_COLUMN,
    FilterMatcher,
    TermNotFound,
    W3LeafMatcher,
    byte_to_length,
)

_LENGTH_TABLE = [byte_to_length(b) for b in range(256)]
# Decoded position lists by their encoding (read-only, shared): most postings are one
# occurrence at a small position, so a few thousand entries serve nearly every lookup.
_DECODED: dict[type, dict[bytes, list[int]]] = {}
MAX_DECODED = 50_000


def read_postings(reader, field: str, text: str, weights: bool = True):
    """(doc numbers, term frequencies) of one term in one leaf reader.

    Deleted documents are included; callers mask them out with the live set.
    Whoosh's own matcher costs a few Python calls per posting; reading its
    decoded blocks directly is about ten times faster.
    """
    try:
        m = reader.postings(field, text)
    except TermNotFound:
        return [], []
    if isinstance(m, FilterMatcher):
        m = m.child
    ids: list[int] = []
    tfs: list[float] = []
    if isinstance(m, W3LeafMatcher) and hasattr(m, "_read_ids"):
        while m.is_active():
            m._read_ids()
            ids.extend(m._ids)
            if weights:
                m._read_weights()
                tfs.extend(m._weights)
            m._next_block()
        return ids, tfs
    while m.is_active():  # generic path (e.g. postings inlined in the term info)
        ids.append(m.id())
        if weights:
            tfs.append(m.weight())
        m.next()
    return ids, tfs


def read_positions(reader, field: str, text: str, wanted) -> dict[int, list[int]]:
    """Positions of one term in one leaf reader, for the document numbers in ``wanted`` only
    (decoding positions is the expensive part).  Fast path: whole decoded blocks, as above."""
    try:
        m = reader.postings(field, text)
    except TermNotFound:
        return {}
    if isinstance(m, FilterMatcher):
        m = m.child
    out: dict[int, list[int]] = {}
    if isinstance(m, W3LeafMatcher) and hasattr(m, "_read_values"):
        decode = m.format.decode_positions
        cache = _DECODED.setdefault(type(m.format), {})
        while m.is_active():
            m._read_ids()
            ids = m._ids
            hit = [i for i, d in enumerate(ids) if d in wanted]
            if hit:
                m._read_values()
                values = m._values
                for i in hit:
                    got = cache.get(values[i])
                    if got is None:
                        got = decode(values[i])
                        if len(cache) < MAX_DECODED:
                            cache[values[i]] = got
                    out[ids[i]] = got
            m._next_block()
        return out
    while m.is_active():  # generic path
        d = m.id()
        if d in wanted:
            out[d] = list(m.value_as("positions"))
        m.next()
    return out


class SegmentData:
    """Lazily computed, immutable facts about one segment."""

    def __init__(self, reader):
        self.reader = reader
        self.n = reader.doc_count_all()
        self._lengths: dict[str, list[int]] = {}
        self._facets: dict[str, dict[str, int]] = {}
        self._sort_names: dict[str, list[bytes]] = {}
        self._ids: list[bytes] | None = None
        self._published: list[float] | None = None

    def lengths(self, field: str) -> list[int]:
        got = self._lengths.get(field)
        if got is None:
            got = self._read_lengths(field)
            self._lengths[field] = got
        return got

    def _read_lengths(self, field: str) -> list[int]:
        r = self.reader
        perdoc = getattr(r, "_perdoc", None)
        creader = None
        if perdoc is not None and hasattr(perdoc, "_cached_reader"):
            creader = perdoc._cached_reader("_%s_len" % field, LENGTHS_COLUMN)
        if creader is not None and hasattr(creader, "_basepos"):
            count = min(creader._count, self.n)
            raw = creader._dbfile.get(creader._basepos, count) if count else b""
            table = _LENGTH_TABLE
            out = [table[b] for b in raw]
            out.extend([0] * (self.n - len(out)))
            return out
        return [r.doc_field_length(d, field, 0) or 0 for d in range(self.n)]

    def facet_masks(self, field: str) -> dict[str, int]:
        got = self._facets.get(field)
        if got is None:
            got = {}
            r = self.reader
            try:
                values = [v.decode("utf-8") if isinstance(v, bytes) else v
                          for v in r.lexicon(field)]
            except TermNotFound:
                values = []
            for value in values:
                ids, _ = read_postings(r, field, value, weights=False)
                if ids:
                    got[value] = bitsets.from_ids(ids)
            self._facets[field] = got
        return got

    def sort_names(self, column: str = "sort_name") -> list[bytes]:
        got = self._sort_names.get(column)
        if got is None:
            got = self._sort_names[column] = self._bytes_column(column)
        return got

    def ids(self) -> list[bytes]:
        """Each document's id (bytes): the last, stable tie-break of every order."""
        if self._ids is None:
            self._ids = self._bytes_column("id")
        return self._ids

    def _bytes_column(self, name: str) -> list[bytes]:
        r = self.reader
        vals = list(r.column_reader(name, translate=False)) if r.has_column(name) else []
        vals = [v if isinstance(v, bytes) else str(v).encode("utf-8") for v in vals]
        vals.extend([b""] * (self.n - len(vals)))
        return vals[: self.n]

    def published(self) -> list[float]:
        if self._published is None:
            r = self.reader
            vals: list[float] = []
            if r.has_column("published_at"):
                creader = r.column_reader("published_at", translate=False)
                if hasattr(creader, "_basepos") and creader._fixedlen == 8:
                    count = min(creader._count, self.n)
                    arr = array("d")
                    arr.frombytes(creader._dbfile.get(creader._basepos, count * 8))
                    if sys.byteorder == "little":  # stored big-endian
                        arr.byteswap()
                    vals = arr.tolist()
                else:
                    vals = list(creader)
            vals.extend([0.0] * (self.n - len(vals)))
            self._published = vals[: self.n]
        return self._published
