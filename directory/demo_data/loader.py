"""`demo load` at realistic sizes: thousands of listings in bulk INSERTs, not one service call
(eight flushes) each.

The rows are those `review.publish_new` leaves behind — a listing, its approved revision 1,
audit rows for its creation and approval, one search-outbox upsert — written a batch at a time.
The caller commits, then brings the index up to date once (search.outbox.published_in_bulk).
"""
from __future__ import annotations

import hashlib
from datetime import timedelta

from sqlalchemy import insert, select, update

from directory.core.extensions import db
from directory.models import AuditEvent, Listing, ListingRevision, User, utcnow
from directory.models.types import new_public_id
from directory.search import outbox
from directory.listings.review import slug_base

BATCH = 500
SPREAD_DAYS = 540  # demo listings joined over the last year and a half, not all this second


def joined_ago(br_number: str) -> timedelta:
    """How long ago a demo listing was published: fixed by its BR number, so the same seed
    gives the same "Recently listed" (the home page showed six of one batch otherwise)."""
    minutes = int(hashlib.sha256(br_number.encode()).hexdigest()[:8], 16) % (SPREAD_DAYS * 24 * 60)
    return timedelta(minutes=minutes)


class BulkLoader:
    """Collects generated listings and writes them in batches; BR numbers already in the
    directory are skipped (loading the same seed twice adds nothing)."""

    def __init__(self, owner: User):
        self.owner = owner
        self.taken_br = set(db.session.scalars(select(Listing.br_number).where(Listing.br_number.is_not(None))))
        self.taken_slugs = set(db.session.scalars(select(Listing.slug).where(Listing.slug.is_not(None))))
        self.pending: list[dict] = []
        self.created = self.skipped = 0

    def add(self, data: dict) -> None:
        if data["br_number"] in self.taken_br:
            self.skipped += 1
            return
        self.taken_br.add(data["br_number"])
        self.pending.append(data)
        if len(self.pending) >= BATCH:
            self.flush()

    def _slug(self, data: dict, public_id: str) -> str:
        base = slug_base(data, public_id)
        slug, n = base, 1
        while slug in self.taken_slugs:
            n += 1
            slug = f"{base}-{n}"
        self.taken_slugs.add(slug)
        return slug

    def flush(self) -> None:
        if not self.pending:
            return
        from directory.listings import normalise as listing_fields
        batch, self.pending = [listing_fields.normalise(d) for d in self.pending], []
        now, owner_id = utcnow(), self.owner.id
        listing_rows = []
        for data in batch:
            public_id = new_public_id()
            joined = now - joined_ago(data["br_number"])
            # Verified now: a backdated check would send the whole demo to the freshness desk.
            listing_rows.append({"public_id": public_id, "slug": self._slug(data, public_id),
                                 "owner_id": owner_id, "br_number": data["br_number"],
                                 "published_at": joined, "last_verified_at": now,
                                 "created_at": joined, "updated_at": now})
        listing_ids = db.session.scalars(
            insert(Listing).returning(Listing.id, sort_by_parameter_order=True), listing_rows).all()
        revision_ids = db.session.scalars(
            insert(ListingRevision).returning(ListingRevision.id, sort_by_parameter_order=True),
            [{"listing_id": lid, "number": 1, "state": "approved", "data": data,
              "created_by_id": owner_id, "created_at": now, "updated_at": now,
              "submitted_at": now, "reviewed_at": now}
             for lid, data in zip(listing_ids, batch)]).all()
        db.session.execute(update(Listing), [{"id": lid, "published_revision_id": rid}
                                             for lid, rid in zip(listing_ids, revision_ids)])
        db.session.execute(insert(AuditEvent), [
            row for lid in listing_ids for row in (
                {"action": "listing.create", "actor_id": owner_id, "listing_id": lid, "at": now},
                {"action": "listing.approve", "actor_id": None, "listing_id": lid, "at": now,
                 "details": {"revision": 1, "demo": True}})])
        outbox.published_in_bulk([row["public_id"] for row in listing_rows])
        self.created += len(batch)
