"""What a listing's data may hold, whoever writes it (the member's form, the CSV importer, demo data).

Pure: no Flask, no database. `normalise` is applied where a listing is saved
(listings.operations.save_draft) and where the importer reads a row (csv_import), so both paths
store the same thing (S34, S35):

* single-line fields hold one line: CR, LF, VT, FF, the file/group/record separators, NEL,
  U+2028 and U+2029 (everything str.splitlines() breaks on) and TAB become one space — a company
  name can never carry a mail header or break a CSV row;
* multi-line fields (addresses, descriptions, a reference's description) are kept exactly as
  typed: a postal address has lines, and export → import must change nothing;
* code lists and certifications lose duplicates, first one kept, order kept.

Which fields are multi-line and which are lists comes from the declaration
(directory/listings/fields.py: kinds ``multiline``, ``codes``, ``text_list``).
"""
import re
from functools import lru_cache


@lru_cache(maxsize=1)
def _kinds() -> tuple[frozenset, frozenset, frozenset]:
    """(multi-line keys, a reference's multi-line keys, list keys), read from the declaration
    when first needed (fields.py imports this module)."""
    from directory.listings import fields
    multi = frozenset(f.name for f in fields.FIELDS if f.kind == "multiline")
    reference = frozenset({"description"}) | {f.name for f in fields.REFERENCE_FIELDS if f.kind == "multiline"}
    lists = frozenset(f.name for f in fields.FIELDS if f.kind in ("codes", "text_list"))
    return multi, reference, lists


# The characters str.splitlines() treats as line boundaries, plus TAB.
_LINE_BREAKS = "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_BREAK_RUN = re.compile(f"[\t{_LINE_BREAKS}]+")


def one_line(text: str) -> str:
    """`text` on one line: each run of line breaks (and tabs) becomes a single space."""
    return _BREAK_RUN.sub(" ", text).strip() if isinstance(text, str) else text


def unique(values) -> list:
    """`values` without repeats, first occurrence kept, order kept."""
    return list(dict.fromkeys(values))


def _reference(ref):
    if not isinstance(ref, dict):
        return ref
    return {key: (value if key in _kinds()[1] else one_line(value))
            for key, value in ref.items()}


def normalise(data: dict) -> dict:
    """A copy of listing `data` (docs/listing-data.md) with the rules above applied."""
    multi_line, _reference_keys, lists = _kinds()
    out = {}
    for key, value in data.items():
        if isinstance(value, str):
            value = value if key in multi_line else one_line(value)
        elif key in lists and isinstance(value, list):
            value = unique(one_line(v) for v in value if not isinstance(v, str) or one_line(v))
        elif key == "references" and isinstance(value, list):
            value = [_reference(ref) for ref in value]
        out[key] = value
    return out
