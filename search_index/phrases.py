"""English phrases: documents with the tokens at consecutive positions, per text field.

Whoosh's Phrase query walks span objects posting by posting (a few hundred ms the first time a
common two-word phrase is used at 10k listings).  Here every token's posting blocks are read
once, positions are decoded only for the documents that hold all the tokens in that field, and
adjacency is a set lookup.  Same answer as Whoosh's ``Phrase(field, tokens)`` (slop 1):
tests/search_index/test_whoosh_touch_points.py compares the two.
"""

from __future__ import annotations

from . import bitsets
from .schema import TEXT_FIELDS
from .segments import read_positions


def phrase_masks(leaves, tokens: tuple[str, ...], mask: int, start: int = 0) -> list[int]:
    """Per text field (rank order): documents of ``mask`` (numbered from ``start`` on) with
    ``tokens`` at consecutive positions in that field.  ``leaves``: (reader, offset, data)."""
    found = [0] * len(TEXT_FIELDS)
    if not mask:
        return found
    for leaf, offset, data in leaves:
        if offset + data.n <= start:
            continue
        local = (mask >> offset) & bitsets.full(data.n)
        if not local:
            continue
        wanted = set(bitsets.to_list(local))
        for rank, field in enumerate(TEXT_FIELDS):
            hits = _in_leaf(leaf, field, tokens, wanted)
            if hits:
                found[rank] |= bitsets.from_ids(hits, offset)
    return found


def _in_leaf(leaf, field: str, tokens: tuple[str, ...], wanted: set[int]) -> list[int]:
    cands = wanted
    per_token: dict[str, dict[int, list[int]]] = {}
    for tok in sorted(set(tokens), key=tokens.index):
        got = read_positions(leaf, field, tok, cands)
        if not got:
            return []
        per_token[tok] = got
        cands = got.keys() & cands
    out = []
    first = per_token[tokens[0]]
    rest = [(i, per_token[t]) for i, t in enumerate(tokens) if i]
    for d in sorted(cands):
        later = [(i, set(poses[d])) for i, poses in rest]
        for p in first[d]:
            if all(p + i in s for i, s in later):
                out.append(d)
                break
    return out
