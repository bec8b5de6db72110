"""Timings the tests no longer assert (they check work bounds instead): hostile search queries
against a 2,000-document index, a decompression-bomb logo, and 10,000 demo listings.

    python bench/hostile.py

Prints figures; asserts nothing. The old limits were 1 s per query, 2 s for the bomb and 15 s
for the demo data.
"""
from __future__ import annotations

import io
import os
import struct
import sys
import tempfile
import time
import zlib

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tests", "search_index"))

from index_helpers import SYNONYMS, random_docs  # noqa: E402

from search_index import SearchIndex  # noqa: E402

QUERIES = ["*a* *b* *c* *d* *e*", "(" * 988 + "a" + ")" * 988, "a" * 10_000, "smart city " * 1_000,
           "智" * 20_000, "x" * 20_000, '"' + "智慧城市 " * 50 + '"', "a" * 40 + " b" * 100]


def bomb_png(side=30000) -> bytes:
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = zlib.compress(b"\x00" * (side // 8 + 1) * 16)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0))
            + chunk(b"IDAT", raw) + chunk(b"IEND", b""))


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        index = SearchIndex(os.path.join(tmp, "ix"), synonyms=SYNONYMS)
        index.rebuild(random_docs(2000, seed=11), 0)
        index.search("warm up")
        worst = 0.0
        for q in QUERIES:
            started = time.perf_counter()
            index.search(q, filters={"region": ["SG"]}, highlight=True)
            worst = max(worst, time.perf_counter() - started)
        index.close()
    print(f"hostile queries: slowest {worst * 1000:.0f} ms of {len(QUERIES)}")

    from directory.listings import logos
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        try:
            logos.store(io.BytesIO(bomb_png()), tmp, 2 * 1024 * 1024)
        except Exception as exc:  # refused, as it should be
            outcome = type(exc).__name__
        else:
            outcome = "stored (!)"
        print(f"decompression bomb: {outcome} in {(time.perf_counter() - started) * 1000:.0f} ms")

    from directory.demo_data import generate
    started = time.perf_counter()
    count = len(list(generate(10_000)))
    print(f"demo data: {count} listings generated in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
