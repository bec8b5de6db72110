"""Read-only queries of the secretariat's pages: listings by status, by name or BR number.

Status follows Listing.status (draft, submitted, approved, rejected, suspended), written in SQL so
that filters and counts work on thousands of listings without loading them.
"""
import re
from datetime import datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import aliased, selectinload

from directory.core.extensions import db
from directory.models import Listing, ListingRevision
from directory.listings.freshness import STALE_AFTER

STATUSES = ("draft", "submitted", "approved", "rejected", "suspended")
Working = aliased(ListingRevision, name="working_rev")
Published = aliased(ListingRevision, name="published_rev")


def with_revisions(query):
    return query.options(selectinload(Listing.working), selectinload(Listing.published),
                         selectinload(Listing.owner))


def status_condition(status: str, now: datetime):
    """A WHERE clause for one status; the query must outer-join Working on the working revision."""
    live = Listing.suspended_at.is_(None)
    if status == "suspended":
        return Listing.suspended_at.is_not(None)
    if status == "approved":
        return and_(live, Listing.working_revision_id.is_(None), Listing.published_revision_id.is_not(None))
    if status == "draft":
        return and_(live, or_(Working.state == "draft", and_(Listing.working_revision_id.is_(None),
                                                              Listing.published_revision_id.is_(None))))
    if status == "stale":  # live, whatever is pending, and not verified for STALE_AFTER
        return and_(Listing.live_clause(),
                    or_(Listing.last_verified_at.is_(None), Listing.last_verified_at < now - STALE_AFTER))
    return and_(live, Working.state == status)


def name_condition(text: str):
    """Match a listing id, a BR number, or part of a company name in either language, published
    or pending. The names are read from the JSON data with the database's own JSON functions."""
    text = " ".join(text.split())[:200]
    digits = re.sub(r"\s", "", text)
    names = [rev.data[key].as_string().icontains(text, autoescape=True)
             for rev in (Working, Published) for key in ("company_name_en", "company_name_zh")]
    # A draft claims no BR number (S35), so the pending revision's number is matched too.
    return or_(Listing.public_id == text.lower(), Listing.br_number == digits,
               Working.data["br_number"].as_string() == digits, *names)


def listings_query(q: str = "", status: str = "", now: datetime | None = None):
    query = (select(Listing).outerjoin(Working, Listing.working_revision_id == Working.id)
             .outerjoin(Published, Listing.published_revision_id == Published.id))
    if status:
        query = query.where(status_condition(status, now))
    if q.strip():
        query = query.where(name_condition(q))
    return query


def listing_ids_matching(q: str):
    """A subquery of listing ids for a name / BR / id search (the audit trail's listing filter)."""
    return listings_query(q).with_only_columns(Listing.id).scalar_subquery()


def status_counts() -> dict[str, int]:
    rows = db.session.execute(
        select(Listing.suspended_at.is_not(None), Working.state, Listing.published_revision_id.is_not(None),
               func.count()).select_from(Listing)
        .outerjoin(Working, Listing.working_revision_id == Working.id)
        .group_by(Listing.suspended_at.is_not(None), Working.state, Listing.published_revision_id.is_not(None)))
    counts = dict.fromkeys(STATUSES, 0)
    for suspended, working_state, published, n in rows:
        status = "suspended" if suspended else working_state or ("approved" if published else "draft")
        counts[status] = counts.get(status, 0) + n
    return counts


def by_public_id(public_id: str) -> Listing | None:
    return db.session.scalar(with_revisions(select(Listing).where(Listing.public_id == public_id)))


def listings_by_ids(ids) -> dict[int, Listing]:
    ids = {i for i in ids if i is not None}
    if not ids:
        return {}
    return {listing.id: listing for listing in
            db.session.scalars(with_revisions(select(Listing).where(Listing.id.in_(ids))))}


def listings_by_public_ids(public_ids) -> dict[str, Listing]:
    public_ids = {p for p in public_ids if p}
    if not public_ids:
        return {}
    return {listing.public_id: listing for listing in
            db.session.scalars(with_revisions(select(Listing).where(Listing.public_id.in_(public_ids))))}
