"""Realistic, varied bilingual demo listings (plain dicts in the shape of docs/listing-data.md).

``generate(count, seed)`` is deterministic for a seed (every choice comes from one
``random.Random(seed)``; nothing depends on set order, the clock or the hash seed).

The companies are fictional Hong Kong smart-city firms: names combine many roots (Cantonese
trade names such as 永豐 Wing Fung and English ones such as Lion Rock 獅子山) with a sector
word and a company form, so no template repeats; websites and e-mails use ``.example.hk`` /
``.example.com`` domains, never a real company's.  Summaries, descriptions and project
references are composed from per-capability phrases in English and Traditional Chinese, so
what a listing says fits what it offers, and project references are set in real cities of
countries the listing serves.

Coverage is guaranteed by construction: with ``count >= 20`` every capability and every
region code appears at least once, and with ``count >= 6`` every staff-size band (smaller
counts spread the capabilities over up to four per listing, as far as they go).
"""
from __future__ import annotations

from directory.demo_data.generator import REFERENCE_SHAPE, SHAPE, Generator

__all__ = ["KEYS", "REFERENCE_KEYS", "generate"]

#: Every key of the listing data shape, in the declaration's order (listings/fields.py).
KEYS: tuple[str, ...] = SHAPE
REFERENCE_KEYS: tuple[str, ...] = REFERENCE_SHAPE


def generate(count: int = 40, seed: int = 7) -> list[dict]:
    """``count`` demo listings in the data shape of docs/listing-data.md, the same for a seed.

    With ``count >= 20`` every capability and every region code occurs at least once (for
    fewer listings up to four capabilities and three regions a listing are used to cover as
    many as possible); with ``count >= 6`` every staff-size band.  BR numbers, SCC member
    numbers, company names (English and Chinese), websites and phone numbers are unique.
    """
    if count < 0:
        raise ValueError("count must not be negative")
    generator = Generator(count, seed)
    return [generator.listing(i) for i in range(count)]
