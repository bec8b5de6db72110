"""A member's listing: create, save a draft, submit for review.

The working revision is the member's copy. Saving an approved listing starts a new working
revision, so the published one stays public until the secretariat approves the edit.
"""
from ..extensions import db
from ..models import Listing, ListingRevision, User, utcnow
from . import audit


class ListingError(Exception):
    """A rule the listing breaks; `field` names the form field when there is one."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def listings_of(user: User) -> list[Listing]:
    return Listing.query.filter_by(owner_id=user.id).order_by(Listing.created_at).all()


def get_owned(user: User, public_id: str) -> Listing | None:
    """The only lookup member views use: another member's id is simply not found (S10)."""
    return Listing.query.filter_by(public_id=public_id, owner_id=user.id).first()


def create(owner: User) -> Listing:
    listing = Listing(owner=owner)
    db.session.add(listing)
    db.session.flush()
    revision = ListingRevision(listing_id=listing.id, number=1, state="draft", data={},
                               created_by_id=owner.id)
    db.session.add(revision)
    db.session.flush()
    listing.working = revision
    audit.record("listing.create", actor=owner, listing=listing)
    return listing


def br_taken(br_number: str | None, listing: Listing | None) -> bool:
    if not br_number:
        return False
    query = Listing.query.filter(Listing.br_number == br_number)
    if listing is not None and listing.id is not None:
        query = query.filter(Listing.id != listing.id)
    return db.session.query(query.exists()).scalar()


def changed_fields(before: dict, after: dict) -> tuple[dict, dict]:
    keys = sorted(set(before) | set(after))
    changed = [k for k in keys if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in changed}, {k: after.get(k) for k in changed}


def _working_copy(listing: Listing, actor: User) -> ListingRevision:
    if listing.working is not None:
        return listing.working
    base = listing.published
    number = (db.session.query(db.func.max(ListingRevision.number))
              .filter(ListingRevision.listing_id == listing.id).scalar() or 0) + 1
    revision = ListingRevision(listing_id=listing.id, number=number, state="draft",
                               data=dict(base.data) if base else {}, created_by_id=actor.id)
    db.session.add(revision)
    db.session.flush()
    listing.working = revision
    return revision


def save_draft(listing: Listing, data: dict, actor: User) -> ListingRevision:
    """Store the member's input; any change sends a submitted or rejected revision back to draft."""
    if br_taken(data.get("br_number"), listing):
        raise ListingError("br_taken", field="br_number")
    revision = _working_copy(listing, actor)
    before = dict(revision.data or {})
    merged = {**before, **data}
    if merged.get("hktdc_consent") and not before.get("hktdc_consent"):
        merged["consent_at"] = utcnow().isoformat(timespec="seconds").replace("+00:00", "Z")
    elif not merged.get("hktdc_consent"):
        merged["consent_at"] = None
    old, new = changed_fields(before, merged)
    if not old and not new and revision.state == "draft":
        return revision
    revision.data = merged
    if revision.state in ("submitted", "rejected"):
        revision.state = "draft"
        revision.submitted_at = None
    listing.br_number = merged.get("br_number") or (listing.published.data.get("br_number")
                                                     if listing.published else None)
    listing.updated_at = utcnow()
    db.session.flush()
    audit.record("listing.edit", actor=actor, listing=listing, before=old, after=new,
                 details={"revision": revision.number})
    return revision


def submit(listing: Listing, actor: User) -> ListingRevision:
    revision = listing.working
    if revision is None or revision.state != "draft":
        raise ListingError("nothing_to_submit")
    revision.state = "submitted"
    revision.submitted_at = utcnow()
    revision.reject_reason = None
    db.session.flush()
    audit.record("listing.submit", actor=actor, listing=listing, details={"revision": revision.number})
    return revision


def discard_changes(listing: Listing, actor: User) -> None:
    """Drop the pending edit of a published listing; the published version stays."""
    if listing.working is None or listing.published is None:
        raise ListingError("nothing_to_discard")
    revision = listing.working
    listing.working = None
    revision.state = "superseded"
    listing.br_number = listing.published.data.get("br_number")
    db.session.flush()
    audit.record("listing.discard", actor=actor, listing=listing, details={"revision": revision.number})
