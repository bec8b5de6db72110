"""Writes to the search outbox. A row per change to what buyers can see, in the same transaction."""
from ..extensions import db
from ..models import Listing, SearchChange


def listing_changed(listing: Listing) -> SearchChange:
    if db.session.get_bind().dialect.name == "postgresql":
        # Outbox ids must become visible in id order, or catch_up() (which applies rows past the
        # last applied id) would skip a row whose transaction commits after a later one. The
        # lock is held until this transaction ends; SQLite serialises writers by itself.
        db.session.execute(db.text("SELECT pg_advisory_xact_lock(727001)"))
    op = "upsert" if listing.is_public else "delete"
    change = SearchChange(listing_public_id=listing.public_id, op=op)
    db.session.add(change)
    from ..search import schedule_catch_up
    schedule_catch_up()
    return change
