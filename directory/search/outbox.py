"""Writes to the search outbox. A row per change to what buyers can see, in the same transaction."""
from sqlalchemy import insert

from directory.core.extensions import db
from directory.models import Listing, SearchChange


def _keep_ids_in_commit_order() -> None:
    if db.session.get_bind().dialect.name == "postgresql":
        # Outbox ids must become visible in id order, or catch_up() (which applies rows past the
        # last applied id) would skip a row whose transaction commits after a later one. The
        # lock is held until this transaction ends; SQLite serialises writers by itself.
        db.session.execute(db.text("SELECT pg_advisory_xact_lock(727001)"))


def listing_changed(listing: Listing) -> SearchChange:
    _keep_ids_in_commit_order()
    op = "upsert" if listing.is_public else "delete"
    change = SearchChange(listing_public_id=listing.public_id, op=op)
    db.session.add(change)
    from directory.search.service import schedule_catch_up
    schedule_catch_up()
    return change


def published_in_bulk(public_ids: list[str]) -> None:
    """One upsert row per newly published listing (bulk loads). The caller brings the index up
    to date after its commit: a rebuild is far cheaper than applying thousands of rows."""
    if not public_ids:
        return
    _keep_ids_in_commit_order()
    db.session.execute(insert(SearchChange), [{"listing_public_id": pid, "op": "upsert"} for pid in public_ids])
