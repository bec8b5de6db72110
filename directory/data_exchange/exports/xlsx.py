"""The ``xlsx`` listing export: a workbook people read, plus a sheet of project references.

Pure: no Flask, no database.  openpyxl's *write-only* mode streams each row to a temporary
file and writes strings inline (no shared-string table), so memory stays flat however many
listings there are.

The caller describes the sheets with :class:`Column` (heading, width, and for code columns a
function that turns a code into a label, written in a column of its own beside the codes), so
the secretariat gets headings and labels in the language it chose; the defaults are the
hktdc-csv column names, for machines.

Formula safety (S19): every cell is a *typed text cell* (``t="inlineStr"``), which no
spreadsheet evaluates, so -- unlike the CSV -- no leading apostrophe is needed and phone numbers
read ``+85221234567``.  C0 control characters are removed (the rule of
:func:`directory.data_exchange.exports.cells.strip_controls`, shared with the CSV).  A text openpyxl would
take for a formula (``=…``) or an error value (``#N/A``) is written as an explicit text cell.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import BinaryIO

from directory.listings import fields
from directory.listings.reference_text import upgraded
from directory.data_exchange.exports.cells import strip_controls
from directory.data_exchange.exports.hktdc_csv import COLUMNS, LIST_SEPARATOR

__all__ = ["LISTINGS_SHEET", "REFERENCES_SHEET", "REFERENCE_COLUMNS", "Column", "write_xlsx"]

LISTINGS_SHEET = "Listings"
REFERENCES_SHEET = "Project references"

#: The second sheet: one row per project reference, tied to its listing by ``listing_id``.
REFERENCE_COLUMNS: tuple[str, ...] = (
    "listing_id", "company_name_en", "company_name_zh", *(f.name for f in fields.REFERENCE_FIELDS))


@dataclass(frozen=True)
class Column:
    """One column of a sheet: *key* in the row mapping, what its header says, how wide it is.

    With *label*, the column holds codes (``;``-joined, as in the CSV) and is followed by a
    column headed *label_heading* with each code's label, joined by *separator*."""
    key: str
    heading: str | None = None
    width: float = 16
    label: Callable[[str], str] | None = None
    label_heading: str | None = None
    separator: str = "; "


def _plain(keys: Sequence[str]) -> tuple[Column, ...]:
    return tuple(Column(key) for key in keys)


# openpyxl (~8 MB a process) is imported by the first export, not by every web worker that
# imports this module: _load_openpyxl() binds these names (module globals: the per-cell code
# stays as fast as with top-level imports).
Workbook = WriteOnlyCell = get_column_letter = _BOLD = _WRAP = None
ERROR_CODES: tuple = ()


def _load_openpyxl() -> None:
    global Workbook, WriteOnlyCell, ERROR_CODES, get_column_letter, _BOLD, _WRAP
    if Workbook is not None:
        return
    from openpyxl import Workbook as workbook
    from openpyxl.cell import WriteOnlyCell as write_only_cell
    from openpyxl.cell.cell import ERROR_CODES as error_codes
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter as column_letter
    _BOLD, _WRAP = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    WriteOnlyCell, ERROR_CODES, get_column_letter = write_only_cell, error_codes, column_letter
    Workbook = workbook  # last: the "already loaded" mark


def _text_cell(sheet, value, bold: bool = False):
    """The cell for *value*: text, never anything a spreadsheet could evaluate.

    Plain strings keep the writer fast: openpyxl types them as text except when they start with
    ``=`` (formula) or are an error code, and those -- and header cells -- get an explicit cell
    typed ``"s"``.
    """
    if value is None:
        text = ""
    else:
        text = strip_controls(value if isinstance(value, str) else str(value))
    if not text and not bold:
        return None  # an empty cell is simply not written
    if not bold and not text.startswith("=") and text not in ERROR_CODES:
        return text
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"  # always text: never a formula, number, date or error value
    if bold:
        cell.font = _BOLD
        cell.alignment = _WRAP
    return cell


def _expanded(columns: Sequence[Column]) -> list[tuple[Column, bool]]:
    """Each column, and after a code column its label column: (column, is_label)."""
    out = []
    for column in columns:
        out.append((column, False))
        if column.label is not None:
            out.append((column, True))
    return out


def _start(sheet, columns: Sequence[Column]) -> list[tuple[Column, bool]]:
    layout = _expanded(columns)
    for number, (column, is_label) in enumerate(layout, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = column.width
    sheet.freeze_panes = "A2"  # the header row stays in view while scrolling
    sheet.append([_text_cell(sheet, (column.label_heading or f"{column.heading or column.key} (labels)")
                             if is_label else (column.heading or column.key), bold=True)
                  for column, is_label in layout])
    return layout


def _value(row: Mapping, column: Column, is_label: bool):
    value = row.get(column.key)
    if not is_label or value in (None, ""):
        return value
    codes = [code for code in str(value).split(LIST_SEPARATOR) if code]
    return column.separator.join(column.label(code) for code in codes)


def write_xlsx(listings: Iterable[tuple[Mapping, Iterable[Mapping]]], fileobj: BinaryIO, *,
               columns: Sequence[Column] | None = None,
               reference_columns: Sequence[Column] | None = None) -> int:
    """Write the workbook to *fileobj*; return the number of listing rows.

    *listings* yields ``(row, references)`` pairs: *row* keyed by
    :data:`directory.data_exchange.exports.hktdc_csv.COLUMNS` (as made by ``listing_to_row``), *references*
    the listing's project references in the data shape of docs/listing-data.md.  *columns* and
    *reference_columns* choose and describe the columns (default: every key, headed by its name).
    """
    columns = tuple(columns) if columns is not None else _plain(COLUMNS)
    reference_columns = tuple(reference_columns) if reference_columns is not None else _plain(REFERENCE_COLUMNS)
    unknown = {c.key for c in columns} - set(COLUMNS)
    if unknown:
        raise ValueError(f"unknown column(s) for the listings sheet: {', '.join(sorted(unknown))}")
    _load_openpyxl()
    book = Workbook(write_only=True)
    main = book.create_sheet(LISTINGS_SHEET)
    refs = book.create_sheet(REFERENCES_SHEET)
    layout = _start(main, columns)
    ref_layout = _start(refs, reference_columns)
    known = frozenset(COLUMNS)
    count = 0
    for row, references in listings:
        extra = set(row) - known
        if extra:
            raise ValueError(f"unknown column(s) in export row: {', '.join(sorted(extra))}")
        main.append([_text_cell(main, _value(row, column, is_label)) for column, is_label in layout])
        owner = {"listing_id": row.get("listing_id"), "company_name_en": row.get("company_name_en"),
                 "company_name_zh": row.get("company_name_zh")}
        for ref in references or ():
            if not isinstance(ref, Mapping):
                continue
            values = {**upgraded(ref), **owner}  # two-language keys, old data too (reference_text)
            refs.append([_text_cell(refs, _value(values, column, is_label)) for column, is_label in ref_layout])
        count += 1
    book.save(fileobj)
    return count
