"""The ``hktdc-csv`` listing export (CONTRACT section 4).

Pure: no Flask, no database.  The columns come from the field declaration (CSV_COLUMNS).  The app selects the listings (approved, with consent -- see
:func:`exportable`), turns each one into a row with :func:`listing_to_row` and streams
:func:`iter_csv` to the response or writes it to a file with :func:`write_csv`.

The file: UTF-8 with BOM, RFC 4180, every field quoted, ``\\r\\n`` line ends, one header row with
:data:`COLUMNS`, every cell passed through :func:`directory.data_exchange.exports.cells.safe_cell`.
"""
from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime, timezone
from typing import BinaryIO

from directory.data_exchange.exports.cells import safe_cell
from directory.listings import fields

__all__ = ["COLUMNS", "DERIVED_COLUMNS", "LIST_SEPARATOR", "BOM", "listing_to_row",
           "iter_csv", "write_csv", "exportable", "countries_delivered", "format_timestamp"]

#: The contract's columns, in order (declared with the fields, directory/listings/fields.py).
#: Changing this is a breaking change.
COLUMNS: tuple[str, ...] = fields.CSV_COLUMNS

#: Written on export, ignored on import (the import reads ``listing_id``).
DERIVED_COLUMNS: frozenset[str] = frozenset(fields.DERIVED_COLUMNS) - {"listing_id"}

#: Columns holding lists (values joined by ``;``).
LIST_COLUMNS: tuple[str, ...] = tuple(
    c for c in COLUMNS if (f := fields.csv_field(c)) is not None and f.kind in ("codes", "text_list"))

#: Plain text columns copied from the data shape as they are.
TEXT_COLUMNS: tuple[str, ...] = tuple(
    c for c in COLUMNS if (f := fields.csv_field(c)) is not None and f.kind not in ("codes", "text_list", "int", "bool"))

_INT_COLUMNS = tuple(c for c in COLUMNS if (f := fields.csv_field(c)) is not None and f.kind == "int")
_BOOL_COLUMNS = tuple(c for c in COLUMNS if (f := fields.csv_field(c)) is not None and f.kind == "bool")

LIST_SEPARATOR = ";"
BOM = "\ufeff"


def exportable(data: Mapping) -> bool:
    """True when the listing's data allows it into the ``hktdc-csv`` export (consent given).

    The app's query must also keep to *approved* listings; this only checks the data.
    """
    return data.get("hktdc_consent") is True


def countries_delivered(data: Mapping) -> list[str]:
    """The sorted distinct ISO country codes of the listing's project references."""
    found = set()
    for ref in data.get("references") or ():
        country = (ref.get("country") or "").strip().upper() if isinstance(ref, Mapping) else ""
        if country:
            found.add(country)
    return sorted(found)


def format_timestamp(moment: datetime) -> str:
    """ISO 8601 in UTC with ``Z``, whole seconds (a naive datetime is taken to be UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def _text(value) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


def _join(values) -> str:
    if not values:
        return ""
    if isinstance(values, str):
        return values
    return LIST_SEPARATOR.join(_text(v) for v in values if v is not None and _text(v) != "")


def listing_to_row(listing_id: str, data: Mapping, *, last_updated: datetime,
                   profile_url: str) -> dict[str, str]:
    """Map one listing's data dict (docs/listing-data.md) to a row keyed by :data:`COLUMNS`.

    Values are plain strings, not yet formula-guarded: :func:`iter_csv` applies
    :func:`safe_cell` to every cell, so the row can also feed other writers.
    """
    row: dict[str, str] = {"listing_id": _text(listing_id)}
    for column in TEXT_COLUMNS:
        row[column] = _text(data.get(column))
    for column in _INT_COLUMNS:
        number = data.get(column)
        if number is None or number == "":
            row[column] = ""
        elif isinstance(number, bool):  # bool is an int; never a year
            raise TypeError(f"{column} must be an int, not bool")
        else:
            row[column] = str(int(number))
    for column in LIST_COLUMNS:
        row[column] = _join(data.get(column))
    for column in _BOOL_COLUMNS:
        row[column] = "Y" if data.get(column) is True else "N"
    row["countries_delivered"] = LIST_SEPARATOR.join(countries_delivered(data))
    row["last_updated"] = format_timestamp(last_updated) if last_updated is not None else ""
    row["profile_url"] = _text(profile_url)
    return {column: row[column] for column in COLUMNS}


class _LineBuffer:
    """A write target for csv.writer that hands back what was written since the last take()."""

    __slots__ = ("_parts",)

    def __init__(self) -> None:
        self._parts: list[str] = []

    def write(self, text: str) -> int:
        self._parts.append(text)
        return len(text)

    def take(self) -> str:
        text = "".join(self._parts)
        self._parts.clear()
        return text


def iter_csv(rows: Iterable[Mapping]) -> Iterator[str]:
    """Stream the CSV as text chunks: BOM + header line first, then one chunk per row.

    Each row is a mapping keyed by :data:`COLUMNS` (as made by :func:`listing_to_row`); a
    missing key is an empty cell, an unknown key is a ``ValueError``.  Memory stays flat: rows
    are consumed one at a time.
    """
    buffer = _LineBuffer()
    writer = csv.writer(buffer, dialect="excel", quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    yield BOM + buffer.take()
    known = frozenset(COLUMNS)
    for row in rows:
        extra = set(row) - known
        if extra:
            raise ValueError(f"unknown column(s) in export row: {', '.join(sorted(extra))}")
        writer.writerow([safe_cell(row.get(column)) for column in COLUMNS])
        yield buffer.take()


def write_csv(rows: Iterable[Mapping], fileobj: BinaryIO) -> int:
    """Write the CSV as UTF-8 bytes to a binary file object; return the number of rows."""
    count = -1  # the header chunk is not a row
    for chunk in iter_csv(rows):
        fileobj.write(chunk.encode("utf-8"))
        count += 1
    return count
