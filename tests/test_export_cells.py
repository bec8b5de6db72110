"""The formula-safety rule (CONTRACT section 4, S19): directory/data_exchange/exports/cells.py."""
import itertools

import pytest

from directory.data_exchange.exports.cells import TRIGGERS, safe_cell, strip_controls, unsafe_cell

C0_REMOVED = [chr(c) for c in range(0x20) if chr(c) not in "\t\r\n"]


@pytest.mark.parametrize("value, expected", [
    ("=1+1", "'=1+1"),
    ("+1", "'+1"),
    ("-1", "'-1"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1+1", "'\t=1+1"),
    ("\r=1+1", "'\r=1+1"),
    ("\n=1+1", "'\n=1+1"),
    ("\uff1d1+1", "'\uff1d1+1"),   # ＝
    ("\uff0b1", "'\uff0b1"),        # ＋
    ("\uff0d1", "'\uff0d1"),        # －
    ("\uff20SUM(A1)", "'\uff20SUM(A1)"),  # ＠
    ("\x00=1+1", "'=1+1"),          # NUL removed first, then guarded
    ("\x00\x01\x1f+1", "'+1"),
    ("+85221234567", "'+85221234567"),
    ("Acme Ltd", "Acme Ltd"),
    ("a=b", "a=b"),
    ("中文=1", "中文=1"),
    ("", ""),
    ("'", "'"),
    ("'x", "'x"),
    ("'=1+1", "''=1+1"),            # an apostrophe-then-trigger value keeps its own '
    ("line1\nline2", "line1\nline2"),
    ("a\x07b\x1bc", "abc"),
    (" =1+1", " =1+1"),
])
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected


def test_safe_cell_non_strings():
    assert safe_cell(None) == ""
    assert safe_cell(1999) == "1999"
    assert safe_cell(-5) == "'-5"


@pytest.mark.parametrize("text, expected", [
    ("'=1+1", "=1+1"),
    ("'+85221234567", "+85221234567"),
    ("'\uff20x", "\uff20x"),
    ("'\tx", "\tx"),
    ("''=1", "'=1"),
    ("'x", "'x"),            # not a guard: kept
    ("'", "'"),
    ("''", "''"),
    ("=1+1", "=1+1"),        # an unguarded formula from a hand-made file is data, not a guard
    ("", ""),
])
def test_unsafe_cell(text, expected):
    assert unsafe_cell(text) == expected


def test_strip_controls_keeps_tab_cr_lf():
    assert strip_controls("".join(C0_REMOVED) + "\t\r\n x\x7f") == "\t\r\n x\x7f"


def _tricky_strings():
    alphabet = sorted(TRIGGERS) + ["'", "\x00", "\x01", "\x1f", "a", " ", "中", '"', ",", ";"]
    for n in range(0, 4):
        for combo in itertools.product(alphabet, repeat=n):
            yield "".join(combo)
    yield from ["=HYPERLINK(\"http://x\",\"y\")", "\",\"=1+1", "'''''=x", "\x00" * 5 + "=1",
                "@" * 10, "\u3000=1", "\ufeff=1", "+852 2123 4567", "- item\n- item"]


def test_round_trip_property():
    count = 0
    for x in _tricky_strings():
        guarded = safe_cell(x)
        assert unsafe_cell(guarded) == strip_controls(x), repr(x)
        # what is written never starts with a trigger and never contains a removed control
        assert not guarded or guarded[0] not in TRIGGERS, repr(x)
        assert not any(c in guarded for c in C0_REMOVED), repr(x)
        count += 1
    assert count > 9000


def test_guarding_is_injective():
    seen = {}
    for x in _tricky_strings():
        clean = strip_controls(x)
        guarded = safe_cell(clean)
        assert seen.setdefault(guarded, clean) == clean, (repr(x), repr(seen[guarded]))
