"""The secretariat's decisions on submitted revisions, and suspension of live listings."""
import re
import unicodedata

from ..extensions import db
from ..models import Listing, User, utcnow
from . import audit, outbox
from .listings import ListingError, changed_fields


def slug_for(listing: Listing, data: dict) -> str:
    if listing.slug:
        return listing.slug  # stable: shared links keep working after renames
    ascii_name = unicodedata.normalize("NFKD", data.get("company_name_en") or "")
    base = re.sub(r"[^a-z0-9]+", "-", ascii_name.encode("ascii", "ignore").decode().lower()).strip("-")[:80]
    base = re.sub(r"-(limited|ltd|company|co)$", "", base) or listing.public_id
    slug, n = base, 1
    while Listing.query.filter(Listing.slug == slug, Listing.id != listing.id).first() is not None:
        n += 1
        slug = f"{base}-{n}"
    return slug


def approve(listing: Listing, reviewer: User | None) -> None:
    """Publish the submitted revision; reviewer None means the system (demo data, --publish imports)."""
    revision = listing.working
    if revision is None or revision.state != "submitted":
        raise ListingError("not_submitted")
    before = listing.published.data if listing.published else {}
    if listing.published is not None:
        listing.published.state = "superseded"
    now = utcnow()
    revision.state = "approved"
    revision.reviewed_at = now
    revision.reviewer_id = getattr(reviewer, "id", None)
    listing.published = revision
    listing.working = None
    listing.published_at = listing.published_at or now
    listing.last_verified_at = now
    listing.slug = slug_for(listing, revision.data)
    db.session.flush()
    old, new = changed_fields(before, revision.data)
    audit.record("listing.approve", actor=reviewer, listing=listing, before=old, after=new,
                 details={"revision": revision.number})
    outbox.listing_changed(listing)


def reject(listing: Listing, reviewer: User, reason: str) -> None:
    revision = listing.working
    if revision is None or revision.state != "submitted":
        raise ListingError("not_submitted")
    if not reason.strip():
        raise ListingError("reason_required", field="reason")
    revision.state = "rejected"
    revision.reviewed_at = utcnow()
    revision.reviewer_id = getattr(reviewer, "id", None)
    revision.reject_reason = reason.strip()
    db.session.flush()
    audit.record("listing.reject", actor=reviewer, listing=listing,
                 details={"revision": revision.number, "reason": revision.reject_reason})


def suspend(listing: Listing, reviewer: User, reason: str) -> None:
    if not reason.strip():
        raise ListingError("reason_required", field="reason")
    listing.suspended_at = utcnow()
    listing.suspended_reason = reason.strip()
    db.session.flush()
    audit.record("listing.suspend", actor=reviewer, listing=listing, details={"reason": reason.strip()})
    outbox.listing_changed(listing)


def reinstate(listing: Listing, reviewer: User, reason: str) -> None:
    listing.suspended_at = None
    listing.suspended_reason = None
    db.session.flush()
    audit.record("listing.reinstate", actor=reviewer, listing=listing, details={"reason": reason.strip()})
    outbox.listing_changed(listing)
