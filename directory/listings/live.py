"""The live rule, in one place: which listings buyers may ever see (S11).

A listing is live when it has an approved published revision and is not suspended
(`Listing.live_clause`). The public pages, the API, the search index, exports, enquiries and the
dashboard all select through `public_query()`, so none of them needs the search package to know it.
"""
from sqlalchemy import select

from directory.models import Listing


def public_query():
    """Approved and not suspended: the only listings buyers may ever see (S11)."""
    return select(Listing).where(Listing.live_clause())
