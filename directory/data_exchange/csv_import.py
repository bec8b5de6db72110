"""Parse and validate the listing CSV (CONTRACT section 4) -- nothing is written here.

Import = form (issue 10): every column is checked by its field's rules in
:mod:`directory.listings.fields` -- the member form's lengths, formats and codes -- so a row
holds nothing the form would refuse (a 3,000-character name, ``http://localhost``).  The submit
rule is :func:`missing_columns` (the importer refuses ``--publish`` rows that break it).

Pure: no Flask app, no database (the field declarations' messages are lazy).  :func:`parse_listing_csv` reads the whole file, validates every
row and collects *every* error (it never stops at the first), so the app can refuse the whole
import when ``report.ok`` is false (S22) and show each bad line and column.

What the app still has to do (it needs the database):

* ``row.listing_id`` is the stable id from the file, or ``None`` when empty.  An id the
  directory does not know makes the row invalid; an empty id with a BR number already in the
  directory means "update that listing".
* ``row.data`` holds every key the CSV carries, in the data shape of docs/listing-data.md:
  strings (``""`` when empty), ``year_established`` as ``int`` or ``None``, the three lists
  (``[]`` when empty) and ``hktdc_consent`` as ``bool``.  Keys the CSV does not carry --
  ``references``, ``languages``, ``logo``, ``consent_at`` -- are *absent*: absent means "keep
  what the listing already has".  When consent turns from ``False`` to ``True`` the app sets
  ``consent_at`` itself.
* The derived columns ``countries_delivered``, ``last_updated`` and ``profile_url`` are ignored.
* Messages are English templates in :data:`MESSAGES`, keyed by ``error.code``; the app
  translates with ``format_error(err, gettext)`` / ``format_report(report, gettext)``.

Cell clean-up, on every cell before validation: C0 controls other than TAB/CR/LF are
removed, then the formula guard ``'`` added by the export is removed (``unsafe_cell``), so a
phone exported as ``'+85221234567`` is read back as ``+85221234567``.  Code-like columns
(BR number, e-mail, phone, website, year, staff size, codes, consent, ids) are stripped of
surrounding whitespace; free text (names, addresses, summaries, descriptions, contact
fields) is kept exactly, so export → import changes nothing -- except that single-line fields
(names, contact fields) have line breaks turned into a space, as every save does
(:mod:`directory.listings.normalise`).

Normalisation: ``br_number`` loses inner spaces (``1234 5678`` → ``12345678``); ``phone`` is
stored in E.164 (default region HK); capability and region codes are lower-cased and country
codes upper-cased; duplicate list entries are dropped (first kept).  A certification cannot
contain ``;`` (it is the list separator).
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field

from directory.listings import fields
from directory.listings import normalise as listing_fields
from directory.data_exchange.exports.cells import strip_controls, unsafe_cell
from directory.data_exchange.exports.hktdc_csv import BOM, COLUMNS, DERIVED_COLUMNS, LIST_SEPARATOR

from directory.data_exchange.csv_messages import LOCATION_MESSAGES, MESSAGES, format_error, format_report, render  # noqa: F401

__all__ = ["ImportReport", "ImportRow", "ImportError_", "MESSAGES", "parse_listing_csv", "format_error",
           "format_report", "missing_columns"]

_NONE = "—"


@dataclass
class ImportError_:
    """One problem: where (``line``, ``column``; ``""`` for file-level) and what (``code``)."""
    line: int
    column: str
    code: str
    message: str
    params: dict = field(default_factory=dict)


@dataclass
class ImportRow:
    """One well-formed record: ``line`` is the physical line where it starts (1 = header).

    Fields that failed validation are left out of ``data``; use rows only when the report is
    ``ok``.
    """
    line: int
    listing_id: str | None
    data: dict


@dataclass
class ImportReport:
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[ImportError_] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def bad_lines(self) -> list[int]:
        return sorted({e.line for e in self.errors})

    def add(self, line: int, column: str, code: str, **params) -> None:
        self.errors.append(ImportError_(line, column, code, render(MESSAGES[code], params),
                                        params))


# --------------------------------------------------------------------------- reading

def _read_bytes(source) -> bytes | str:
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source)
    if isinstance(source, str):
        return source
    data = source.read()
    return data if isinstance(data, str) else bytes(data)


def _decode(raw: bytes | str, report: ImportReport) -> str | None:
    if isinstance(raw, str):
        text = raw
    else:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw.count(b"\n", 0, exc.start) + 1
            report.add(line, "", "encoding", offset=exc.start)
            return None
    if text.startswith(BOM):
        text = text[1:]
    return text


def _records(text: str, report: ImportReport):
    """Yield (start_line, fields) for each record; csv syntax errors go to the report."""
    reader = csv.reader(io.StringIO(text, newline=""), dialect="excel", strict=True)
    it = iter(reader)
    previous_end = 0
    while True:
        start = previous_end + 1
        try:
            fields = next(it)
        except StopIteration:
            return
        except csv.Error as exc:
            report.add(start, "", "csv_syntax", detail=str(exc))
            previous_end = reader.line_num
            continue
        previous_end = reader.line_num
        yield start, fields


def _check_header(line: int, header: list[str], report: ImportReport) -> bool:
    if header == list(COLUMNS):
        return True
    expected = list(COLUMNS)
    missing = [c for c in expected if c not in header]
    unexpected = [c for c in header if c not in expected]
    position = next((i for i in range(max(len(header), len(expected)))
                     if i >= len(header) or i >= len(expected) or header[i] != expected[i]))
    report.add(line, "", "bad_header",
               missing=", ".join(missing) or _NONE,
               unexpected=", ".join(unexpected) or _NONE,
               position=position + 1,
               found=header[position] if position < len(header) else _NONE,
               expected=expected[position] if position < len(expected) else _NONE)
    return False


# --------------------------------------------------------------------------- validating

def _split(value: str) -> list[str]:
    seen: list[str] = []
    for part in value.split(LIST_SEPARATOR):
        part = part.strip()
        if part and part not in seen:
            seen.append(part)
    return seen


# What the member form's rule codes (fields.check / fields.parse) are called here, per kind.
_FORMAT_CODES = {"br": "br_format", "url": "website", "email": "email", "phone": "phone"}  # else "rule"


def _validate_row(line: int, cells: dict[str, str], *, capabilities: set[str],
                  regions: set[str], countries: set[str], report: ImportReport) -> dict:
    """One row → the data shape, each column by its field's rules (directory/listings/fields.py,
    the rules of the member's form); every refused cell is reported at its column."""
    data: dict = {}

    def error(column: str, code: str, **params) -> None:
        report.add(line, column, code, **params)

    def refused(column: str, f, problem) -> None:
        params = dict(problem.params)
        if problem.code == "too_long":
            error(column, "too_long", length=params.get("length"), max=params.get("max", f.max_length))
        elif problem.code == "one_line":
            error(column, "one_line")
        elif problem.code == "range":
            error(column, "year", value=cells[column].strip(), min=f.minimum, max=f.maximum())
        elif problem.code == "unknown_code":
            error(column, "staff_size", value=cells[column].strip(), allowed=", ".join(f.codes()))
        else:
            error(column, _FORMAT_CODES.get(f.kind, "rule"), value=cells[column].strip())

    for column in fields.CSV_COLUMNS:
        f = fields.csv_field(column)
        if f is None:
            continue  # listing_id and the derived columns
        cell = cells[column]
        if f.kind == "multiline":  # kept exactly as in the file: export → import changes nothing
            value, problem = cell, fields.check(f, cell)
        elif f.kind == "text":
            # A line break in a name becomes a space (as every save does); a summary must hold
            # one line, as the export writes it.
            value = cell if f.required == "summary" else listing_fields.one_line(cell)
            problem = fields.check(f, value)
        elif f.kind in ("codes", "bool"):
            continue  # below: vocabularies given by the caller; Y/N
        elif f.kind == "text_list":  # split as the form splits: ; (CONTRACT §4), full-width ；, line breaks
            value, problem = fields.parse(f, cell)
        else:
            value, problem = fields.parse(f, cell)
        if problem is not None:
            refused(column, f, problem)
        else:
            data[column] = "" if value is None and f.kind not in ("int", "code") else value
    if "staff_size" in data:
        data["staff_size"] = data["staff_size"] or ""

    if not (cells["company_name_en"].strip() or cells["company_name_zh"].strip()):
        error("company_name_en", "name_required")
    for column in ("br_number", "email"):  # CONTRACT §4: required in every import
        if not cells[column].strip():
            error(column, "required")
            data.pop(column, None)

    caps, bad = [], False
    for code in _split(cells["capabilities"]):
        if code.lower() in capabilities:
            if code.lower() not in caps:
                caps.append(code.lower())
        else:
            bad = True
            error("capabilities", "unknown_capability", value=code)
    if not caps and not bad:
        error("capabilities", "required")
    elif not bad:
        data["capabilities"] = caps

    served, bad = [], False
    for code in _split(cells["regions_served"]):
        if code.lower() in regions:
            code = code.lower()
        elif code.upper() in countries:
            code = code.upper()
        else:
            bad = True
            error("regions_served", "unknown_region", value=code)
            continue
        if code not in served:
            served.append(code)
    if not bad:
        data["regions_served"] = served

    consent = cells["hktdc_consent"].strip().upper()
    if consent in ("Y", "N"):
        data["hktdc_consent"] = consent == "Y"
    else:
        error("hktdc_consent", "consent", value=cells["hktdc_consent"].strip())

    return listing_fields.normalise(data)  # one-line fields on one line, codes once (as save_draft)


def missing_columns(data: dict) -> list[tuple[str, ...]]:
    """What *data* still lacks to be submitted or published (the submit rule of
    directory/listings/fields.py), each item as the CSV columns it is about (a group -- "a name
    in English or Chinese" -- as all of its columns)."""
    out = []
    for item in fields.missing_to_submit(data):
        f = fields.field(item.field)
        group = [g for g in fields.FIELDS if g.required == f.required] if isinstance(f.required, str) else [f]
        out.append(tuple(g.csv_column for g in group if g.csv_column))
    return out


def parse_listing_csv(fileobj_or_bytes, capabilities: Iterable[str], regions: Iterable[str],
                      countries: Iterable[str]) -> ImportReport:
    """Parse and validate a listing CSV; never raises for bad content, never stops early.

    *fileobj_or_bytes*: ``bytes`` or a binary file object (a ``str`` / text file also works).
    *capabilities*, *regions*: the vocabulary's codes; *countries*: ISO 3166-1 alpha-2 codes.
    """
    report = ImportReport()
    capabilities = {c.lower() for c in capabilities}
    regions = {r.lower() for r in regions}
    countries = {c.upper() for c in countries}

    text = _decode(_read_bytes(fileobj_or_bytes), report)
    if text is None:
        return report

    records = _records(text, report)
    header = None
    for line, fields in records:
        if fields:
            header = (line, fields)
            break
    if header is None:
        if report.ok:
            report.add(1, "", "empty")
        return report
    header_line, header_fields = header
    if not _check_header(header_line, header_fields, report):
        return report

    width = len(COLUMNS)
    seen_br: dict[str, int] = {}
    seen_id: dict[str, int] = {}
    for line, fields in records:
        if not fields or all(f == "" for f in fields):
            continue  # blank line, or a row of empty cells a spreadsheet left behind
        if len(fields) != width:
            report.add(line, "", "column_count", found=len(fields), expected=width)
            continue
        cells = {column: unsafe_cell(strip_controls(value))
                 for column, value in zip(COLUMNS, fields) if column not in DERIVED_COLUMNS}
        listing_id = cells["listing_id"].strip() or None
        data = _validate_row(line, cells, capabilities=capabilities, regions=regions,
                             countries=countries, report=report)
        br = data.get("br_number")
        if br:
            if br in seen_br:
                report.add(line, "br_number", "duplicate_br_in_file", value=br,
                           first_line=seen_br[br])
            else:
                seen_br[br] = line
        if listing_id:
            if listing_id in seen_id:
                report.add(line, "listing_id", "duplicate_listing_id_in_file", value=listing_id,
                           first_line=seen_id[listing_id])
            else:
                seen_id[listing_id] = line
        report.rows.append(ImportRow(line=line, listing_id=listing_id, data=data))
    return report
