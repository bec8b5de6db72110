"""The figures behind the dashboard, computed from the database on demand.

Listing counts come from the published data of live listings (what buyers can find); activity
from the audit trail; searches from SearchLog, which holds the words typed and a result count,
never who typed them.
"""
from collections import Counter
from datetime import datetime, timedelta

from sqlalchemy import func, select

from directory import taxonomy
from directory.core.extensions import db
from directory.models import AuditEvent, Listing, ListingRevision, SearchLog, utcnow
from directory.listings.live import public_query

WEEKS = 12
SEARCH_DAYS = 90
TOP = 20


def capability_and_region_counts() -> tuple[Counter, Counter]:
    """Listings per capability and per region; a listing serving a country counts for its region."""
    live = public_query().with_only_columns(Listing.published_revision_id).scalar_subquery()
    rows = db.session.execute(select(ListingRevision.data["capabilities"], ListingRevision.data["regions_served"])
                              .where(ListingRevision.id.in_(live)))
    capabilities, regions = Counter(), Counter()
    for caps, served in rows:
        capabilities.update(set(caps or []))
        regions.update(code for code in taxonomy.expand_served(served or []) if taxonomy.is_region(code))
    return capabilities, regions


def week_start(moment: datetime) -> datetime:
    day = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    return day - timedelta(days=day.weekday())  # Monday, UTC


def weekly_activity(now: datetime | None = None) -> tuple[list[datetime], dict[str, list[int]]]:
    """Submissions and approvals per week (Monday to Sunday, UTC) for the last WEEKS weeks."""
    first = week_start(now or utcnow()) - timedelta(weeks=WEEKS - 1)
    weeks = [first + timedelta(weeks=i) for i in range(WEEKS)]
    series = {"listing.submit": [0] * WEEKS, "listing.approve": [0] * WEEKS}
    rows = db.session.execute(select(AuditEvent.action, AuditEvent.at).where(
        AuditEvent.action.in_(tuple(series)), AuditEvent.at >= first))
    for action, at in rows:
        index = (week_start(at) - first).days // 7
        if 0 <= index < WEEKS:
            series[action][index] += 1
    return weeks, series


def top_searches(zero_results: bool = False, now: datetime | None = None) -> list[tuple[str, int]]:
    """The most frequent search words of the last SEARCH_DAYS days; optionally only those that
    found nothing, which tell the secretariat which providers buyers are missing."""
    since = (now or utcnow()) - timedelta(days=SEARCH_DAYS)
    count = func.count().label("n")
    query = (select(SearchLog.query, count).where(SearchLog.at >= since, SearchLog.query != "")
             .group_by(SearchLog.query).order_by(count.desc(), SearchLog.query).limit(TOP))
    if zero_results:
        query = query.where(SearchLog.result_count == 0)
    return [(q, n) for q, n in db.session.execute(query)]
