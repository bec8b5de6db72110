"""The ``xlsx`` listing export: the hktdc-csv columns plus a sheet of project references.

Pure: no Flask, no database.  openpyxl's *write-only* mode streams each row to a temporary
file and writes strings inline (no shared-string table), so memory stays flat however many
listings there are.

Formula safety (S19): every cell is text.  Its value passes through
:func:`directory.exports.cells.safe_cell` -- the one rule, shared with the CSV -- so it never
starts with ``=``; a text openpyxl would take for an error value (``#N/A``) is typed string
(``"s"``) explicitly.  No cell can become a formula, number, date or error value.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.styles import Font

from .cells import safe_cell
from .hktdc_csv import COLUMNS

__all__ = ["LISTINGS_SHEET", "REFERENCES_SHEET", "REFERENCE_COLUMNS", "write_xlsx"]

LISTINGS_SHEET = "Listings"
REFERENCES_SHEET = "Project references"

#: The second sheet: one row per project reference, tied to its listing by ``listing_id``.
REFERENCE_COLUMNS: tuple[str, ...] = (
    "listing_id", "company_name_en", "company_name_zh", "title_en", "title_zh", "country",
    "city", "year", "client_type", "role", "description",
)

_BOLD = Font(bold=True)


def _text_cell(sheet, value, bold: bool = False):
    """The cell for *value*: formula-guarded text, never anything openpyxl could read otherwise.

    After safe_cell no text starts with ``=``, so openpyxl types a plain string as text; the
    only other guess it makes is an error value (``#N/A``, ``#REF!`` ...), and those -- and header
    cells -- get an explicit cell typed ``"s"``.  Plain strings keep the writer fast.
    """
    text = safe_cell(value)
    if not text and not bold:
        return None  # an empty cell is simply not written
    if not bold and text not in ERROR_CODES:
        return text
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"  # always text: never a formula, number, date or error value
    if bold:
        cell.font = _BOLD
    return cell


def _header(sheet, columns) -> None:
    sheet.freeze_panes = "A2"
    sheet.append([_text_cell(sheet, name, bold=True) for name in columns])


def write_xlsx(listings: Iterable[tuple[Mapping, Iterable[Mapping]]], fileobj: BinaryIO) -> int:
    """Write the workbook to *fileobj*; return the number of listing rows.

    *listings* yields ``(row, references)`` pairs: *row* keyed by
    :data:`directory.exports.hktdc_csv.COLUMNS` (as made by ``listing_to_row``), *references*
    the listing's project references in the data shape of docs/listing-data.md.
    """
    book = Workbook(write_only=True)
    main = book.create_sheet(LISTINGS_SHEET)
    refs = book.create_sheet(REFERENCES_SHEET)
    _header(main, COLUMNS)
    _header(refs, REFERENCE_COLUMNS)
    known = frozenset(COLUMNS)
    count = 0
    for row, references in listings:
        extra = set(row) - known
        if extra:
            raise ValueError(f"unknown column(s) in export row: {', '.join(sorted(extra))}")
        main.append([_text_cell(main, row.get(column)) for column in COLUMNS])
        owner = {"listing_id": row.get("listing_id"), "company_name_en": row.get("company_name_en"),
                 "company_name_zh": row.get("company_name_zh")}
        for ref in references or ():
            if not isinstance(ref, Mapping):
                continue
            values = {**{k: ref.get(k) for k in REFERENCE_COLUMNS}, **owner}
            refs.append([_text_cell(refs, values.get(column)) for column in REFERENCE_COLUMNS])
        count += 1
    book.save(fileobj)
    return count
