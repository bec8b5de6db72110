"""Writes to the search outbox. A row per change to what buyers can see, in the same transaction."""
from ..extensions import db
from ..models import Listing, SearchChange


def listing_changed(listing: Listing) -> SearchChange:
    op = "upsert" if listing.is_public else "delete"
    change = SearchChange(listing_public_id=listing.public_id, op=op)
    db.session.add(change)
    from ..search import schedule_catch_up
    schedule_catch_up()
    return change
