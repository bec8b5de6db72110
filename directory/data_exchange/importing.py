"""Import listings from the contract's CSV (CONTRACT section 4; S22): validate all, then write.

:func:`check` parses and validates the whole file (:mod:`directory.data_exchange.csv_import`), then checks it
against the directory: an unknown ``listing_id``, a BR number that belongs to another listing, two
rows for one listing.  It plans every row -- create, update or unchanged -- and writes nothing.
:func:`run_import` writes only when there is no error at all: one invalid row, nothing written.

Writing goes through the same services as the member's editor and the review desk
(``listings.create / save_draft / submit``, ``review.approve``), so every change has its audit row
and search outbox row.  A row lands *submitted* (awaiting review), or *approved* with ``publish``.

* An empty ``listing_id`` with a BR number already in the directory updates that listing.
* Keys the CSV does not carry (references, languages, logo) keep the listing's values.
* A row equal to the listing's published version (or to its revision already waiting for
  review) is *unchanged*: no revision, no audit row, and a member's pending edit is left alone.
  A file that changes nothing leaves no trace at all (re-importing an export changes nothing).
* New listings need an owner account.  They belong to one holder account,
  :data:`IMPORTS_OWNER` (a confirmed member account with a random password nobody knows),
  not to the secretariat user who uploads: members' pages stay for members, and the secretariat
  can tell imported listings apart.  The acting user is still recorded on every revision and
  audit row (from the command line the holder account acts, and the file-level audit row has
  no actor, like other command-line work).
* A company name very similar (difflib ratio >= 0.9, legal suffixes ignored) to a name already in
  the directory is reported as a possible duplicate: a warning, never an error
  (:mod:`directory.data_exchange.duplicates`).
* Import = form (issue 10): with ``publish`` every changing row must meet the submit rule of
  :mod:`directory.listings.fields` (a gap is an error at its column); without it an incomplete
  row is submitted all the same and the review queue shows what is missing.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select

from directory import taxonomy
from directory.data_exchange.csv_import import (ImportError_, ImportReport, format_error, missing_columns,
                                               parse_listing_csv)
from directory.data_exchange.csv_messages import N_
from directory.data_exchange.duplicates import normalise_name  # noqa: F401 (the import's name rule)
from directory.data_exchange import duplicates
from directory.data_exchange.exports.hktdc_csv import COLUMNS
from directory.core.extensions import db
from directory.models import Listing, User
from directory.accounts import operations as accounts
from directory.core import audit
from directory.listings import operations as listings
from directory.listings import fields
from directory.listings import review

IMPORTS_OWNER = accounts.IMPORTS_OWNER
_CHUNK = 500


#: Checks against the directory, in the same ``{placeholder}`` style as csv_import.MESSAGES.
DIRECTORY_MESSAGES: dict[str, str] = {
    "unknown_listing_id": N_("Listing id “{value}” is not in the directory. Leave listing_id "
                             "empty to add a new listing."),
    "br_other_listing": N_("Business Registration number {value} already belongs to another "
                           "listing in the directory ({other})."),
    "same_listing_twice": N_("This row changes the same listing as line {first_line}."),
    "possible_duplicate": N_("“{name}” is very similar to “{existing}” (listing {other}), which is "
                             "already in the directory. Is it the same company?"),
    "draft_not_submittable": N_("The member's pending draft of this listing holds input that must be "
                                "corrected first ({fields}), so the import cannot submit it. Ask the "
                                "member to correct or discard the draft, then import again."),
    "publish_required": N_("A published listing needs {columns}; this row leaves it empty. Fill it in, "
                           "or import without publishing: the row then waits for review."),
    "publish_required_one_of": N_("A published listing needs at least one of {columns}; this row leaves "
                                  "them empty. Fill one in, or import without publishing: the row then "
                                  "waits for review."),
}
LOCATED = N_("Line {line}, column {column}: {message}")
LOCATED_LINE = N_("Line {line}: {message}")


class _Defaulting(dict):
    def __missing__(self, key):
        return "{" + key + "}"


def describe(err: ImportError_, gettext: Callable[[str], str] = lambda s: s) -> str:
    """The problem in the reader's language (*gettext* translates the template)."""
    template = DIRECTORY_MESSAGES.get(err.code)
    if template is None:
        return format_error(err, gettext)
    return gettext(template).format_map(_Defaulting(err.params))


def located(err: ImportError_, gettext: Callable[[str], str] = lambda s: s) -> str:
    """``Line 3, column br_number: …`` -- for the command line."""
    message = describe(err, gettext)
    if err.column:
        return gettext(LOCATED).format(line=err.line, column=err.column, message=message)
    return gettext(LOCATED_LINE).format(line=err.line, message=message)


def _problem(line: int, column: str, code: str, **params) -> ImportError_:
    return ImportError_(line, column, code, describe(ImportError_(line, column, code, "", params)), params)


@dataclass
class Planned:
    line: int
    action: str  # create | update | unchanged
    listing: Listing | None
    data: dict

    @property
    def name(self) -> str:
        return self.data.get("company_name_en") or self.data.get("company_name_zh") or ""


@dataclass
class ImportResult:
    report: ImportReport
    plan: list[Planned] = field(default_factory=list)
    warnings: list[ImportError_] = field(default_factory=list)
    incomplete: list[int] = field(default_factory=list)  # lines submitted with gaps (no publish)
    dry_run: bool = False
    publish: bool = False
    written: bool = False

    @property
    def ok(self) -> bool:
        return self.report.ok

    @property
    def errors(self) -> list[ImportError_]:
        order = {column: i for i, column in enumerate(COLUMNS)}
        return sorted(self.report.errors, key=lambda e: (e.line, order.get(e.column, -1)))

    @property
    def counts(self) -> Counter:
        return Counter({"create": 0, "update": 0, "unchanged": 0, **Counter(p.action for p in self.plan)})

    @property
    def changes(self) -> list[Planned]:
        return [p for p in self.plan if p.action != "unchanged"]


# ---- comparing -------------------------------------------------------------------------------

def _blank(value):
    """Empty values compare equal whatever their type: None, "", [], False (no consent)."""
    return None if value is None or value is False or value == "" or value == [] else value


def same_data(current: dict, incoming: dict) -> bool:
    return all(_blank(current.get(key)) == _blank(value) for key, value in incoming.items())


def _action(listing: Listing, data: dict, publish: bool) -> str:
    """create/update/unchanged for a row naming an existing listing.

    A row equal to the published version is unchanged even when the member has a pending edit:
    re-importing an export must not overwrite (or submit) work the member has not finished.
    """
    working, published = listing.working, listing.published
    if published is not None and same_data(published.data or {}, data):
        return "unchanged"
    if working is not None and same_data(working.data or {}, data) \
            and working.state == "submitted" and not publish:
        return "unchanged"  # already waiting for review with exactly this content
    return "update"


# ---- checking --------------------------------------------------------------------------------

def _load(column, values) -> dict:
    found, values = {}, sorted(v for v in values if v)
    for start in range(0, len(values), _CHUNK):
        chunk = values[start:start + _CHUNK]
        for listing in db.session.scalars(select(Listing).where(column.in_(chunk))):
            found[getattr(listing, column.key)] = listing
    return found


def check(raw, *, publish: bool = False) -> ImportResult:
    """Validate every row and plan the import; writes nothing."""
    report = parse_listing_csv(raw, taxonomy.CAPABILITY_CODES, taxonomy.REGION_CODES,
                               taxonomy.country_codes())
    result = ImportResult(report=report, publish=publish)
    if not report.rows:
        return result
    by_id = _load(Listing.public_id, {row.listing_id for row in report.rows})
    by_br = _load(Listing.br_number, {row.data.get("br_number") for row in report.rows})
    first_line: dict[int, int] = {}
    for row in report.rows:
        br = row.data.get("br_number")
        holder = by_br.get(br)
        if row.listing_id:
            target = by_id.get(row.listing_id)
            if target is None:
                report.errors.append(_problem(row.line, "listing_id", "unknown_listing_id",
                                              value=row.listing_id))
                continue
            if holder is not None and holder.id != target.id:
                report.errors.append(_problem(row.line, "br_number", "br_other_listing", value=br,
                                              other=holder.public_id))
                continue
        else:
            target = holder
        if target is not None:
            if target.id in first_line:
                report.errors.append(_problem(row.line, "listing_id" if row.listing_id else "br_number",
                                              "same_listing_twice", first_line=first_line[target.id]))
                continue
            first_line[target.id] = row.line
        action = "create" if target is None else _action(target, row.data, publish)
        result.plan.append(Planned(row.line, action, target, row.data))
    _check_pending_drafts(result)
    _check_submit_rule(result)
    result.warnings = [_problem(line, column, "possible_duplicate", **params)
                       for line, column, params in duplicates.possible_duplicates(result.plan)]
    return result


def _base_data(listing: Listing | None) -> dict:
    """What a row is merged over when written: the member's working copy, else the published one."""
    base = (listing.working or listing.published) if listing is not None else None
    return dict(base.data or {}) if base is not None else {}


def _check_pending_drafts(result: ImportResult) -> None:
    """A row written over a member's draft: the CSV's values supersede what the member typed
    for those columns (their flagged input is dropped); anything else the draft holds that the
    submit rule refuses (flagged input of a project reference, say) makes the row invalid --
    the import could not submit it."""
    for planned in result.plan:
        if planned.action == "unchanged" or planned.listing is None:
            continue
        base = _base_data(planned.listing)
        flagged = base.get("invalid_input") or {}
        if flagged:
            kept = {name: raw for name, raw in flagged.items() if name not in planned.data}
            planned.data = {**planned.data, "invalid_input": kept or None}
        merged = {**base, **planned.data}
        missing = {m.field for m in fields.missing_to_submit(merged)}
        refused = list(dict.fromkeys(key for key, _message in fields.problems_to_submit(merged)
                                     if key not in missing))
        if refused:
            result.report.errors.append(_problem(planned.line, "", "draft_not_submittable",
                                                 fields=", ".join(refused)))


def _check_submit_rule(result: ImportResult) -> None:
    """``--publish``: every row that changes a listing must meet the submit rule (the form's), or
    it is invalid, named by line and column (a column already reported for its format is not
    reported twice). Without it, such rows are only counted (``result.incomplete``)."""
    reported = {(e.line, e.column) for e in result.report.errors}
    for planned in result.plan:
        if planned.action == "unchanged":
            continue  # already published exactly so: nothing is written
        missing = missing_columns({**_base_data(planned.listing), **planned.data})
        if missing and not result.publish:
            result.incomplete.append(planned.line)
            continue
        for columns in missing:
            if (planned.line, columns[0]) in reported:
                continue
            if len(columns) == 1:
                result.report.errors.append(_problem(planned.line, columns[0], "publish_required",
                                                     columns=columns[0]))
            else:
                result.report.errors.append(_problem(planned.line, columns[0], "publish_required_one_of",
                                                     columns=", ".join(columns)))


# ---- writing ---------------------------------------------------------------------------------

def imports_owner() -> User:
    """The holder account that owns listings created by an import (made on first use)."""
    return accounts.system_account(IMPORTS_OWNER)


def _write(planned: Planned, actor: User, reviewer: User | None, publish: bool) -> None:
    listing = planned.listing
    if listing is None:
        listing = listings.create(imports_owner())
        defaults = {"references": [], "languages": [], "logo": None}  # what the CSV does not carry
        listings.save_draft(listing, {**defaults, **planned.data}, actor)
        planned.listing = listing
    else:
        working = listing.working
        if working is None or working.state == "rejected" or not same_data(working.data or {}, planned.data):
            listings.save_draft(listing, planned.data, actor)  # a new working copy, or merged into it
    if listing.working is not None and listing.working.state == "draft":
        # Without --publish an incomplete row waits for review (the queue shows what is missing);
        # with it, check() has already refused every row the submit rule refuses.
        listings.submit(listing, actor, allow_incomplete=not publish)
    if publish and listing.working is not None and listing.working.state == "submitted":
        review.approve(listing, reviewer)


def apply(result: ImportResult, *, actor: User | None, filename: str = "",
          on_write: Callable[[int], None] | None = None) -> ImportResult:
    """Write every planned change of a checked, error-free import (flush, no commit).

    *actor* is the secretariat user; None means the command line: the holder account acts and
    a ``publish`` approval is the system's.
    """
    if not result.ok:
        raise ValueError("an import with errors writes nothing")
    if result.changes:  # nothing to change: nothing written at all, not even the holder account
        writer = actor or imports_owner()
        for planned in result.changes:
            _write(planned, writer, actor, result.publish)
            if on_write is not None:
                on_write(1)
        counts = result.counts
        audit.record("listing.import", actor=actor, details={
            "file": (filename or "")[:200], "rows": len(result.plan), "created": counts["create"],
            "updated": counts["update"], "unchanged": counts["unchanged"], "published": result.publish,
            "possible_duplicates": len(result.warnings)})
    db.session.flush()
    result.written = True
    return result


def run_import(raw, *, actor: User | None, dry_run: bool = False, publish: bool = False,
               filename: str = "") -> ImportResult:
    """Check the file; unless it has an error or this is a dry run, write every planned change."""
    result = check(raw, publish=publish)
    result.dry_run = dry_run
    if result.ok and not dry_run:
        apply(result, actor=actor, filename=filename)
    return result
