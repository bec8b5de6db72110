"""One rebuild worker's segment, written without Whoosh's posting pool.

Whoosh's SegmentWriter sends every posting through a generic path: the field
format re-counts positions token by token, each posting becomes a 5-tuple in a
pool, the pool sorts millions of tuples and ``add_postings`` walks them again.
That was three quarters of a rebuild.  Our text fields arrive as token lists,
so here a posting is three list appends into ``{term: (docs, weights,
values)}``, and at the end each term's postings go to Whoosh's own field
writer in order (sorted terms, ascending documents: what the pool would have
produced).  Whoosh still writes every file -- segment, stored fields, lengths,
columns, term index, posting blocks -- so the index holds exactly what
SegmentWriter writes (a little smaller: pickle shares repeated position
values); tests/search_index/test_whoosh_touch_points.py compares the two.
"""

from __future__ import annotations

from itertools import chain
from operator import sub
from pickle import dumps
from struct import Struct

from ._whoosh import SegmentWriter
from .schema import TEXT_FIELDS

_ONE_POS_CACHE = 4096  # encoded "one occurrence at position p" values, shared
# A term with this few postings is written as one uncompressed block: zlib's set-up (about
# 40 us a call) costs more than the few bytes it would save, and most terms are rare.  Whoosh
# reads the block's compression flag, so its readers and ours read either kind.
SMALL_TERM = 16


class FastSegmentWriter:
    """``add(fields)`` per document (the output of schema.to_fields), then ``finish()`` -> the
    new Whoosh segment (not yet listed in any table of contents)."""

    def __init__(self, ix, codec):
        self.postings = 0  # held in memory so far (the caller starts a new segment past a limit)
        # SegmentWriter only for its new segment and its per-document and field writers.
        self._w = SegmentWriter(ix, _lk=False, codec=codec)
        self.schema = ix.schema
        self.docnum = 0
        self._names = sorted(self.schema.names())
        self._terms: dict[str, dict[bytes, tuple[list, list, list]]] = {}
        self._one: dict[str, list[bytes]] = {}  # field -> value bytes of [p], by p
        self._counted: dict[str, dict[int, tuple]] = {}  # field -> n -> (freq, weight, value)
        self._other: dict[str, dict[str, list]] = {}  # field -> term -> [(index, made[n])], n > 1
        self._weights = [float(i) for i in range(64)]

    def add(self, fields: dict) -> None:
        schema, pdw, docnum = self.schema, self._w.perdocwriter, self.docnum
        pdw.start_doc(docnum)
        for name in self._names:
            value = fields.get(name)
            if value is None:
                continue
            field = schema[name]
            length = 0
            if field.indexed:
                terms = self._terms.get(name)
                if terms is None:
                    terms = self._terms[name] = {}
                if name in TEXT_FIELDS and isinstance(value, list):
                    if value:
                        length = self._add_tokens(name, field, terms, value, docnum)
                elif isinstance(value, list):  # facet codes, exact words
                    if value:
                        length = self._add_counted(name, field, terms, value, docnum)
                else:  # the id: Whoosh's own path
                    for btext, freq, weight, vbytes in field.index(value):
                        if field.scorable:
                            length += freq
                        entry = terms.get(btext)
                        if entry is None:
                            entry = terms[btext] = ([], [], [])
                        entry[0].append(docnum)
                        entry[1].append(weight)
                        entry[2].append(vbytes)
            pdw.add_field(name, field, value if field.stored else None, length)
            if field.column_type:
                pdw.add_column_value(name, field.column_type, field.to_column_value(value))
        pdw.finish_doc()
        self.docnum += 1

    def _add_tokens(self, name, field, terms, tokens: list[str], docnum: int) -> int:
        """Postings of one token-list field (Whoosh's Positions format: weight = frequency,
        value = its encoding of the position list).  Terms are kept as str (encoded once, in
        finish(): UTF-8 sorts like code points)."""
        positions: dict[str, list[int]] = {}
        for i, tok in enumerate(tokens):
            got = positions.get(tok)
            if got is None:
                positions[tok] = [i]
            else:
                got.append(i)
        one = self._one.get(name)
        if one is None:
            one = self._one[name] = [field.format.encode([p]) for p in range(_ONE_POS_CACHE)]
        encode, weights = _encoder(field.format), self._weights
        fb = field.format.field_boost
        if fb != 1.0:
            weights = [w * fb for w in weights]
        get = terms.get
        for tok, poses in positions.items():
            entry = get(tok)
            if entry is None:
                entry = terms[tok] = ([], [], [])
            entry[0].append(docnum)
            if len(poses) == 1 and poses[0] < _ONE_POS_CACHE:
                entry[1].append(weights[1])
                entry[2].append(one[poses[0]])
            else:
                n = len(poses)
                entry[1].append(weights[n] if n < 64 else float(n) * fb)
                entry[2].append(encode(poses))
        self.postings += len(positions)
        return len(tokens)

    def _add_counted(self, name, field, terms, tokens: list[str], docnum: int) -> int:
        """Postings of a token-list field without positions: the value and weight of a token
        occurring n times are what Whoosh's format makes of it (asked once per n).  A term's
        entry is just its documents: the weight and value of one occurrence are the field's
        (schema.to_fields gives each token once); a token given n > 1 times is noted aside."""
        made = self._counted.get(name)
        if made is None:
            made = self._counted[name] = {}
        if 1 not in made:
            made[1] = self._made(field, 1)
        get = terms.get
        if len(set(tokens)) == len(tokens):
            for tok in tokens:
                ids = get(tok)
                if ids is None:
                    ids = terms[tok] = []
                ids.append(docnum)
            self.postings += len(tokens)
            return len(tokens) * made[1][0] if field.scorable else 0
        counts: dict[str, int] = {}
        for tok in tokens:
            counts[tok] = counts.get(tok, 0) + 1
        other = self._other.setdefault(name, {})
        length = 0
        for tok, n in counts.items():
            got = made.get(n)
            if got is None:
                got = made[n] = self._made(field, n)
            ids = get(tok)
            if ids is None:
                ids = terms[tok] = []
            ids.append(docnum)
            if n != 1:
                other.setdefault(tok, []).append((len(ids) - 1, got))
            if field.scorable:
                length += got[0]
        self.postings += len(counts)
        return length

    @staticmethod
    def _made(field, n: int) -> tuple:
        ((_text, freq, weight, vbytes),) = list(field.index(["x"] * n))
        return freq, weight, vbytes

    def finish(self):
        w = self._w
        w.perdocwriter.close()
        fw = w.fieldwriter
        add = fw.add
        for name in sorted(self._terms):
            terms = self._terms[name]
            if not terms:
                continue
            fw.start_field(name, self.schema[name])
            counted = self._counted.get(name)
            other = self._other.get(name, {})
            for term in sorted(terms):
                entry = terms.pop(term)
                if counted is not None:  # a keyword field: documents only
                    ids = entry
                    _freq, weight, vbytes = counted[1]
                    weights, values = [weight] * len(ids), [vbytes] * len(ids)
                    for i, (_f, wt, vb) in other.get(term, ()):
                        weights[i], values[i] = wt, vb
                else:
                    ids, weights, values = entry
                fw.start_term(term if type(term) is bytes else term.encode("utf-8"))
                pw = getattr(fw, "_postwriter", None)
                if _can_bulk(pw):
                    if "_mini_ids" not in vars(pw):
                        _fast_minis(pw)
                    comp = pw._compression
                    if len(ids) <= SMALL_TERM:
                        pw._compression = 0
                    try:
                        _bulk_add(pw, ids, weights, values)
                        fw.finish_term()
                    finally:
                        pw._compression = comp
                    continue
                for i in range(len(ids)):  # Whoosh's public per-posting call
                    add(ids[i], weights[i], values[i] or b"", 0)
                fw.finish_term()
            fw.finish_field()
        w.docnum = self.docnum
        w._close_segment()
        w._assemble_segment()
        return w.get_segment()

    def cancel(self) -> None:
        self._w._close_segment()


_pack_uint = Struct("!I").pack


def _encode_positions(poses: list[int]) -> bytes:
    """Whoosh's ``Positions.encode`` (the count, then the pickled deltas) without its Python
    loop: the same bytes (pinned by a test)."""
    return _pack_uint(len(poses)) + dumps(list(map(sub, poses, chain((0,), poses))), 2)


def _encoder(fmt):
    """Whoosh's own Positions format (not a subclass) gets the fast encoder."""
    kind = type(fmt)
    if kind.__name__ == "Positions" and kind.__module__ == "whoosh.formats":
        return _encode_positions
    return fmt.encode


_BLOCK_ATTRS = ("_ids", "_weights", "_values", "_maxweight", "_blocklimit", "_write_block", "_byteids",
                "_compression", "_mini_ids", "_mini_weights")


def _can_bulk(pw) -> bool:
    """Whoosh 2.7's W3PostingsWriter buffers a block in these attributes (pinned by a test)."""
    return pw is not None and all(hasattr(pw, a) for a in _BLOCK_ATTRS) and not pw._byteids


def _bulk_add(pw, ids, weights, values) -> None:
    """What ``add_posting`` does per posting (append to the block buffer, write a full block
    before the next posting), one block slice at a time: a third of a rebuild's time was
    that call's type checks."""
    limit = pw._blocklimit
    for s in range(0, len(ids), limit):
        if len(pw._ids) >= limit:
            pw._write_block()
        ws = weights[s : s + limit]
        pw._ids.extend(ids[s : s + limit])
        pw._weights.extend(ws)
        top = max(ws)
        if top > pw._maxweight:
            pw._maxweight = top
        vs = values[s : s + limit]
        pw._values.extend([v for v in vs if v] if b"" in vs else vs)


def _fast_minis(pw) -> None:
    """The block writer's ``_mini_ids`` (deltas) and ``_mini_weights`` (None when all 1.0, one
    float when all equal, else a tuple), with C-level loops instead of generators: the same
    values, so the same block bytes (pinned by a test against Whoosh's methods)."""

    def mini_ids():
        ids = pw._ids
        return tuple(map(sub, ids, chain((0,), ids)))

    def mini_weights():
        weights = pw._weights
        n = len(weights)
        if weights.count(1.0) == n:
            return None
        if weights.count(weights[0]) == n:
            return weights[0]
        return tuple(weights)

    pw._mini_ids = mini_ids
    pw._mini_weights = mini_weights
