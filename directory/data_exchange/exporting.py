"""Exports of approved listings (hktdc-csv, xlsx, hsds): which listings, and the export log.

The writers in :mod:`directory.data_exchange.exports` are pure; this module picks the listings, feeds the
writers row by row and records each export (ExportLog + an audit row).  It flushes, never
commits.

Which listings (S11): only :func:`directory.listings.live.public_query` -- approved and not suspended.
``hktdc-csv`` and ``xlsx`` carry the contact e-mail and phone, so they hold only listings whose
member gave HKTDC consent; ``hsds`` carries only what the public profile shows and holds every
public listing.  Filters follow the search facets: OR within a group, AND across groups, the
region rule of :func:`directory.taxonomy.expand_served`.  "Changed since" compares the time the
published revision was approved.

Memory stays flat: rows come from the database ``yield_per`` (plain columns, no ORM objects)
and go straight to the writer.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import BinaryIO

from sqlalchemy import func, select

from directory import taxonomy
from directory.data_exchange.exports import hktdc_csv
from directory.data_exchange.exports.hsds import HsdsListing, write_hsds
from directory.data_exchange.exports.xlsx import write_xlsx
from directory.core.extensions import db
from directory.models import ExportLog, Listing, ListingRevision, User, utcnow
from directory.listings.live import public_query
from directory.core.web import external_url
from directory.core import audit
from directory.data_exchange import xlsx_layout

FORMATS = ("hktdc-csv", "xlsx", "hsds")
CONSENT_FORMATS = frozenset({"hktdc-csv", "xlsx"})
FILTER_GROUPS = ("capability", "region", "delivered_in", "staff_size")
BATCH = 500  # rows fetched and decoded at a time: bounds the export's memory
_SLUG = "__slug__"


@dataclass
class ExportRequest:
    """What to export. Filter values are codes already validated by the form or the CLI."""
    format: str
    capability: list[str] = field(default_factory=list)
    region: list[str] = field(default_factory=list)
    delivered_in: list[str] = field(default_factory=list)
    staff_size: list[str] = field(default_factory=list)
    changed_since: datetime | None = None
    since_last_export: bool = False
    lang: str = "en"  # headings and labels of the xlsx workbook

    def __post_init__(self):
        if self.format not in FORMATS:
            raise ValueError(f"unknown export format {self.format!r}")

    def filters(self) -> dict:
        """The filters as logged: only the groups in use."""
        chosen = {group: list(getattr(self, group)) for group in FILTER_GROUPS if getattr(self, group)}
        if self.since_last_export:
            chosen["since_last_export"] = True
        return chosen


@dataclass
class ExportItem:
    public_id: str
    slug: str
    data: dict
    last_updated: datetime | None


# ---- choosing the listings ------------------------------------------------------------------

def last_export(fmt: str) -> ExportLog | None:
    return db.session.scalars(select(ExportLog).where(ExportLog.format == fmt)
                              .order_by(ExportLog.at.desc(), ExportLog.id.desc()).limit(1)).first()


def effective_since(request: ExportRequest) -> datetime | None:
    """The later of the given date and, when asked, the time of the last export of this format.

    With "since the last export" and no export yet, everything is exported.
    """
    moments = [request.changed_since] if request.changed_since else []
    if request.since_last_export:
        previous = last_export(request.format)
        if previous is not None:
            moments.append(previous.at)
    return max(moments) if moments else None


def _approved_at():
    return func.coalesce(ListingRevision.reviewed_at, Listing.published_at)


def _statement(since: datetime | None):
    stmt = (public_query()
            .with_only_columns(Listing.public_id, Listing.slug, ListingRevision.data, _approved_at())
            .select_from(Listing)
            .join(ListingRevision, ListingRevision.id == Listing.published_revision_id))
    if since is not None:
        stmt = stmt.where(_approved_at() >= since)
    return stmt


def candidate_count(since: datetime | None) -> int:
    """How many public listings the scan will look at (for progress bars)."""
    return db.session.scalar(select(func.count()).select_from(_statement(since).subquery())) or 0


def matches(request: ExportRequest, data: dict) -> bool:
    if request.format in CONSENT_FORMATS and not hktdc_csv.exportable(data):
        return False
    if request.capability and not set(data.get("capabilities") or ()) & set(request.capability):
        return False
    if request.region and not taxonomy.expand_served(data.get("regions_served") or ()) & set(request.region):
        return False
    if request.delivered_in and not set(hktdc_csv.countries_delivered(data)) & set(request.delivered_in):
        return False
    if request.staff_size and (data.get("staff_size") or "") not in request.staff_size:
        return False
    return True


def iter_items(request: ExportRequest, since: datetime | None,
               on_scan: Callable[[int], None] | None = None) -> Iterator[ExportItem]:
    """The matching listings in id order, streamed in batches of :data:`BATCH`."""
    result = db.session.execute(_statement(since).order_by(Listing.id)
                                .execution_options(yield_per=BATCH))
    for public_id, slug, data, approved in result:
        if on_scan is not None:
            on_scan(1)
        data = data or {}
        if matches(request, data):
            yield ExportItem(public_id, slug or public_id, data, approved)


# ---- URLs in the files ------------------------------------------------------------------------

def _external(endpoint: str, **values) -> str:
    """An absolute URL on BASE_URL, whoever asks for the export."""
    return external_url(endpoint, **values)


@dataclass(frozen=True)
class Links:
    base_url: str
    profile_template: str
    logo_template: str

    @classmethod
    def build(cls) -> "Links":
        return cls(_external("public.home").rstrip("/"),
                   _external("public.profile", slug=_SLUG), _external("public.logo", name=_SLUG))

    def profile(self, slug: str) -> str:
        return self.profile_template.replace(_SLUG, slug)

    def logo(self, name: str | None) -> str:
        return self.logo_template.replace(_SLUG, name) if name else ""


# ---- writing ---------------------------------------------------------------------------------

def _rows(items, links: Links):
    for item in items:
        yield item, hktdc_csv.listing_to_row(item.public_id, item.data, last_updated=item.last_updated,
                                             profile_url=links.profile(item.slug))


def write(request: ExportRequest, target, items, links: Links | None = None) -> int:
    """Write *items* in the request's format; *target* is a binary file (a folder for hsds)."""
    links = links or Links.build()
    if request.format == "hktdc-csv":
        return hktdc_csv.write_csv((row for _item, row in _rows(items, links)), target)
    if request.format == "xlsx":
        return write_xlsx(((row, item.data.get("references") or ()) for item, row in _rows(items, links)),
                          target, columns=xlsx_layout.listing_columns(request.lang),
                          reference_columns=xlsx_layout.reference_columns(request.lang))
    return write_hsds((HsdsListing(item.public_id, item.data, item.last_updated, links.profile(item.slug),
                                   links.logo(item.data.get("logo"))) for item in items),
                      target, base_url=links.base_url, created=utcnow())


def export(request: ExportRequest, target: BinaryIO | str, *, actor: User | None,
           on_scan: Callable[[int], None] | None = None) -> ExportLog:
    """Run one export into *target* and log it (who, when, format, filters, row count).

    *actor* None means the command line.  The log's time is taken before the scan starts, so a
    listing approved during the export is picked up again by "changed since the last export".
    """
    started = utcnow()
    since = effective_since(request)
    count = write(request, target, iter_items(request, since, on_scan))
    log = ExportLog(at=started, actor_id=getattr(actor, "id", None), format=request.format,
                    filters=request.filters(), changed_since=since, row_count=count)
    db.session.add(log)
    db.session.flush()
    audit.record("listing.export", actor=actor, details={
        "export_id": log.id, "format": request.format, "filters": request.filters(),
        "changed_since": hktdc_csv.format_timestamp(since) if since else None, "rows": count})
    return log


def history(limit: int = 50) -> list[ExportLog]:
    return db.session.scalars(select(ExportLog).order_by(ExportLog.at.desc(), ExportLog.id.desc())
                              .limit(limit)).all()


def file_name(fmt: str, moment: datetime) -> str:
    stamp = moment.strftime("%Y%m%d-%H%M%S")
    suffix = {"hktdc-csv": "csv", "xlsx": "xlsx", "hsds": "zip"}[fmt]
    return f"directory-{fmt}-{stamp}.{suffix}"
