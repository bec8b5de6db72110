"""The one place for the spreadsheet formula-safety rule (CONTRACT section 4, S19).

Every exported text cell goes through :func:`safe_cell`; every imported cell goes
through :func:`unsafe_cell` (after :func:`strip_controls`).  Nothing else in the code base
may re-implement the rule.

Export (``safe_cell``):

1. C0 control characters other than TAB, CR and LF are removed (U+0000..U+001F minus
   U+0009, U+000A, U+000D).  This happens *first*: LibreOffice drops a leading NUL and would
   then evaluate ``"\\x00=1+1"``, so it must become ``"'=1+1"``.
2. If the first character is a trigger -- ``= + - @`` TAB CR LF or the full-width
   ``＝ ＋ － ＠`` -- the cell is written with a leading apostrophe ``'``.

Import (``unsafe_cell``) removes that one apostrophe again, so export → import is lossless:
``unsafe_cell(safe_cell(x)) == strip_controls(x)`` for every string ``x``.

One refinement keeps that promise for every string: a value that *itself* starts with
apostrophes followed by a trigger (``"'=x"``, ``"''+1"``) also receives one more
apostrophe on export, and import removes exactly one.  For every value a person is likely to
type this is the plain rule above.

A consequence worth knowing: phone numbers in E.164 (``+85221234567``) start with ``+``, so
they are exported as ``'+85221234567``; a spreadsheet shows them as text (which also keeps
the ``+`` and any leading zeros) and the importer removes the apostrophe again.
"""
from __future__ import annotations

import re

__all__ = ["TRIGGERS", "safe_cell", "unsafe_cell", "strip_controls", "needs_guard"]

#: First characters that make a spreadsheet treat a cell as a formula (or mangle it).
TRIGGERS = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")

#: C0 controls except TAB (09), LF (0A) and CR (0D).
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")

#: One or more apostrophes followed by a trigger character.
_GUARDED = re.compile("'+[=+\\-@\t\r\n\uff1d\uff0b\uff0d\uff20]")


def strip_controls(value: str) -> str:
    """Remove C0 control characters other than TAB, CR and LF."""
    return _CONTROLS.sub("", value)


def needs_guard(text: str) -> bool:
    """True when *text* (already free of controls) must be written with a leading ``'``."""
    if not text:
        return False
    first = text[0]
    # _GUARDED only matches from an apostrophe: test the first character before the regex.
    return first in TRIGGERS or (first == "'" and _GUARDED.match(text) is not None)


def safe_cell(value: object) -> str:
    """Return *value* as a cell text a spreadsheet will never evaluate.

    ``None`` becomes ``""``; other non-strings are converted with ``str()``.
    """
    if value is None:
        return ""
    # Inlined strip_controls/needs_guard: this runs for every cell of a 100k-row export.
    text = _CONTROLS.sub("", value if isinstance(value, str) else str(value))
    if text and (text[0] in TRIGGERS or (text[0] == "'" and _GUARDED.match(text) is not None)):
        return "'" + text
    return text


def unsafe_cell(text: str) -> str:
    """The import-side inverse of :func:`safe_cell`: remove the one guarding apostrophe.

    A cell that starts with ``'`` followed by a trigger character (possibly after more
    apostrophes) loses its first ``'``; any other cell is returned unchanged.
    """
    if text.startswith("'") and _GUARDED.match(text) is not None:
        return text[1:]
    return text
