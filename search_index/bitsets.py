"""Document sets as Python ints: bit n set <=> document number n is in.

Intersections (&), unions (|) and counts (int.bit_count) run in C over the
whole set at once, which is what makes per-query facet counting cheap.
"""

from __future__ import annotations

import re

_NONZERO = re.compile(rb"[^\x00]+")
_BYTE_BITS = [tuple(b for b in range(8) if v >> b & 1) for v in range(256)]


def from_ids(ids, offset: int = 0) -> int:
    """Set from an iterable of document numbers (shifted by ``offset``)."""
    ids = list(ids)
    if not ids:
        return 0
    top = max(ids)
    buf = bytearray(top // 8 + 1)
    for d in ids:
        buf[d >> 3] |= 1 << (d & 7)
    return int.from_bytes(buf, "little") << offset


def to_list(mask: int) -> list[int]:
    """Sorted document numbers in ``mask``."""
    if not mask:
        return []
    raw = mask.to_bytes((mask.bit_length() + 7) // 8, "little")
    out: list[int] = []
    extend = out.extend
    table = _BYTE_BITS
    for m in _NONZERO.finditer(raw):
        base = m.start() * 8
        for byte in m.group():
            extend([base + b for b in table[byte]])
            base += 8
    return out


def member_bytes(mask: int, n: int) -> bytes:
    """Bytes for O(1) membership tests: ``b[d >> 3] >> (d & 7) & 1``."""
    return mask.to_bytes(max(1, (n + 7) // 8), "little")


def full(n: int) -> int:
    return (1 << n) - 1
