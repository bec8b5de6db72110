"""Parse and validate the listing CSV (CONTRACT section 4) -- nothing is written here.

Pure: no Flask, no database.  :func:`parse_listing_csv` reads the whole file, validates every
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
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlsplit

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from directory.listings import normalise as listing_fields
from directory.data_exchange.exports.cells import strip_controls, unsafe_cell
from directory.data_exchange.exports.hktdc_csv import BOM, COLUMNS, DERIVED_COLUMNS, LIST_SEPARATOR

from directory.data_exchange.csv_messages import LOCATION_MESSAGES, MESSAGES, format_error, format_report, render  # noqa: F401

__all__ = ["ImportReport", "ImportRow", "ImportError_", "MESSAGES", "STAFF_SIZES",
           "parse_listing_csv", "format_error", "format_report"]

STAFF_SIZES: tuple[str, ...] = ("1-10", "11-50", "51-200", "201-500", "501-1000", "1001+")
YEAR_MIN = 1800
SUMMARY_MAX = 200
DESCRIPTION_MAX = 5000

_NONE = "—"
_WHITESPACE = re.compile(r"\s+")
_BR = re.compile(r"[0-9]{8}")
_YEAR = re.compile(r"[0-9]{1,4}")

_FREE_TEXT = ("company_name_en", "company_name_zh", "address_en", "address_zh",
              "summary_en", "summary_zh", "description_en", "description_zh",
              "contact_name", "contact_title")


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


def _valid_website(value: str) -> bool:
    if _WHITESPACE.search(value):
        return False
    try:
        parts = urlsplit(value)
        host = parts.hostname
        parts.port  # noqa: B018 -- raises ValueError on a bad port
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(host)


def _validate_row(line: int, cells: dict[str, str], *, capabilities: set[str],
                  regions: set[str], countries: set[str], report: ImportReport) -> dict:
    data: dict = {}

    def error(column: str, code: str, **params) -> None:
        report.add(line, column, code, **params)

    for column in _FREE_TEXT:
        data[column] = cells[column]
    if not (cells["company_name_en"].strip() or cells["company_name_zh"].strip()):
        error("company_name_en", "name_required")

    br = _WHITESPACE.sub("", cells["br_number"])
    if not br:
        error("br_number", "required")
    elif not _BR.fullmatch(br):
        error("br_number", "br_format", value=cells["br_number"].strip())
    else:
        data["br_number"] = br

    year = cells["year_established"].strip()
    if not year:
        data["year_established"] = None
    else:
        max_year = date.today().year
        if _YEAR.fullmatch(year) and YEAR_MIN <= int(year) <= max_year:
            data["year_established"] = int(year)
        else:
            error("year_established", "year", value=year, min=YEAR_MIN, max=max_year)

    staff = cells["staff_size"].strip()
    if staff and staff not in STAFF_SIZES:
        error("staff_size", "staff_size", value=staff, allowed=", ".join(STAFF_SIZES))
    else:
        data["staff_size"] = staff

    website = cells["website"].strip()
    if website and not _valid_website(website):
        error("website", "website", value=website)
    else:
        data["website"] = website

    email = cells["email"].strip()
    if not email:
        error("email", "required")
    else:
        try:
            validate_email(email, check_deliverability=False)
        except EmailNotValidError:
            error("email", "email", value=email)
        else:
            data["email"] = email

    phone = cells["phone"].strip()
    if not phone:
        data["phone"] = ""
    else:
        try:
            number = phonenumbers.parse(phone, "HK")
            valid = phonenumbers.is_valid_number(number)
        except phonenumbers.NumberParseException:
            valid = False
        if valid:
            data["phone"] = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        else:
            error("phone", "phone", value=phone)

    for column, limit in (("summary_en", SUMMARY_MAX), ("summary_zh", SUMMARY_MAX),
                          ("description_en", DESCRIPTION_MAX),
                          ("description_zh", DESCRIPTION_MAX)):
        text = cells[column]
        if len(text) > limit:
            error(column, "too_long", length=len(text), max=limit)
            data.pop(column, None)
        elif column.startswith("summary") and ("\n" in text or "\r" in text):
            error(column, "one_line")
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

    data["certifications"] = _split(cells["certifications"])
    data["scc_member_no"] = cells["scc_member_no"].strip()

    consent = cells["hktdc_consent"].strip().upper()
    if consent in ("Y", "N"):
        data["hktdc_consent"] = consent == "Y"
    else:
        error("hktdc_consent", "consent", value=cells["hktdc_consent"].strip())

    return listing_fields.normalise(data)  # one-line fields on one line, codes once (as save_draft)


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
