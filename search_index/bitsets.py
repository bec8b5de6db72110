"""Document sets as Python ints: bit n set <=> document number n is in.

Intersections (&), unions (|) and counts (int.bit_count) run in C over the
whole set at once, which is what makes per-query facet counting cheap.
Conversions go through ASCII '0'/'1' strings so the per-document work stays
in C as much as possible.
"""

from __future__ import annotations

import re
from itertools import compress

_NONZERO = re.compile(rb"[^\x00]+")
_BYTE_BITS = [tuple(b for b in range(8) if v >> b & 1) for v in range(256)]
_ZERO_ONE = bytes.maketrans(b"01", b"\x00\x01")


def from_ids(ids, offset: int = 0) -> int:
    """Set from an iterable of document numbers (shifted by ``offset``)."""
    ids = ids if isinstance(ids, (list, tuple, set)) else list(ids)
    if not ids:
        return 0
    digits = bytearray(b"0") * (max(ids) + 1)
    for d in ids:
        digits[d] = 49  # ord("1")
    digits.reverse()  # int() reads the highest bit first
    return int(digits, 2) << offset


def to_list(mask: int) -> list[int]:
    """Sorted document numbers in ``mask``."""
    if not mask:
        return []
    if mask.bit_count() * 24 > mask.bit_length():  # dense: C-level compress
        flags = bin(mask)[:1:-1].encode("ascii").translate(_ZERO_ONE)
        return list(compress(range(len(flags)), flags))
    raw = mask.to_bytes((mask.bit_length() + 7) // 8, "little")
    out: list[int] = []
    table = _BYTE_BITS
    for m in _NONZERO.finditer(raw):  # sparse: visit non-zero bytes only
        base = m.start() * 8
        for byte in m.group():
            out.extend([base + b for b in table[byte]])
            base += 8
    return out


def member_bytes(mask: int, n: int) -> bytes:
    """Bytes for O(1) membership tests: ``b[d >> 3] >> (d & 7) & 1``."""
    return mask.to_bytes(max(1, (n + 7) // 8), "little")


def full(n: int) -> int:
    return (1 << n) - 1
