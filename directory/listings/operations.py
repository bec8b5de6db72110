"""A member's listing: create, save a draft, submit for review.

The working revision is the member's copy. Saving an approved listing starts a new working
revision, so the published one stays public until the secretariat approves the edit.

Every write to a revision goes through `write_revision`: one UPDATE that checks the version the
writer read and bumps it (optimistic concurrency, S31). An approval racing a member's save can
therefore never publish content the reviewer did not see: whichever UPDATE comes second finds
the version changed — the approval fails cleanly, the save starts a new working copy.

A BR number is claimed (`Listing.br_number`, unique) only by a submitted or published revision;
drafts claim nothing (S35). A submission naming a BR number another listing holds is a
*disputed claim*: the secretariat sees it flagged and cannot approve it until it transfers the
number (review.transfer_br) or returns the submission.
"""
from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.orm.attributes import set_committed_value

from directory.listings import fields as declared
from directory.listings import normalise as listing_fields
from directory.core.extensions import db
from directory.models import Listing, ListingRevision, User, utcnow
from directory.core import audit
from directory.accounts.operations import SYSTEM_ACCOUNTS

SAVE_ATTEMPTS = 3  # a save retries when a decision lands between its read and its write
EDITABLE = ("draft", "submitted", "rejected")  # states of a working copy a member's save may write


class ListingError(Exception):
    """A rule the listing breaks; `field` names the form field when there is one."""

    def __init__(self, message: str, field: str | None = None, problems: list | None = None):
        super().__init__(message)
        self.field = field
        self.problems = problems or []  # "incomplete": (data key, message) pairs (fields.problems_to_submit)


def listings_of(user: User) -> list[Listing]:
    return Listing.query.filter_by(owner_id=user.id).order_by(Listing.created_at).all()


def get_owned(user: User, public_id: str) -> Listing | None:
    """The only lookup member views use: another member's id is simply not found (S10)."""
    return Listing.query.filter_by(public_id=public_id, owner_id=user.id).first()


def unsubmitted_count(owner: User) -> int:
    """Listings never published whose revision is not waiting for review (draft or rejected)."""
    return db.session.scalar(
        select(db.func.count()).select_from(Listing)
        .join(ListingRevision, ListingRevision.id == Listing.working_revision_id)
        .where(Listing.owner_id == owner.id, Listing.published_revision_id.is_(None),
               ListingRevision.state.in_(("draft", "rejected")))) or 0


def create(owner: User) -> Listing:
    """A new empty listing; a member holds at most MAX_UNSUBMITTED_LISTINGS unsubmitted ones."""
    if owner.email not in SYSTEM_ACCOUNTS:
        # Lock the owner's row (PostgreSQL) so two parallel creations cannot both pass the count.
        db.session.execute(select(User.id).where(User.id == owner.id).with_for_update())
        if unsubmitted_count(owner) >= current_app.config["MAX_UNSUBMITTED_LISTINGS"]:
            raise ListingError("too_many_drafts")
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


def write_revision(revision: ListingRevision, expected_version: int | None = None,
                   expected_state: str | tuple[str, ...] | None = None, **values) -> bool:
    """UPDATE listing_revisions SET version = version + 1, <values> WHERE id = :id AND
    version = :seen [AND state IN :states]; True if that row was written.

    `expected_version` defaults to the version this session read. On False nothing was written
    and the revision is expired, so the next read shows what the database holds now.
    """
    seen = revision.version if expected_version is None else expected_version
    values.setdefault("updated_at", utcnow())
    conditions = [ListingRevision.id == revision.id, ListingRevision.version == seen]
    if expected_state is not None:
        states = (expected_state,) if isinstance(expected_state, str) else expected_state
        conditions.append(ListingRevision.state.in_(states))
    result = db.session.execute(
        update(ListingRevision).where(*conditions).values(version=ListingRevision.version + 1, **values)
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        db.session.expire(revision)
        return False
    for key, value in values.items():
        set_committed_value(revision, key, value)
    set_committed_value(revision, "version", seen + 1)
    return True


# ---- BR number claims --------------------------------------------------------------------------

def br_holder(br_number: str | None, listing: Listing | None) -> Listing | None:
    """The other listing that has claimed `br_number`, if any."""
    if not br_number:
        return None
    query = select(Listing).where(Listing.br_number == br_number)
    if listing is not None and listing.id is not None:
        query = query.where(Listing.id != listing.id)
    return db.session.scalars(query.limit(1)).first()


def br_taken(br_number: str | None, listing: Listing | None) -> bool:
    return br_holder(br_number, listing) is not None


def _lock_br(br_number: str) -> None:
    """Serialise claims of one BR number. SQLite already runs one writer at a time."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(select(db.func.pg_advisory_xact_lock(int(br_number))))


def claimed_br(listing: Listing) -> str | None:
    """The BR number `listing` wants to hold: its submitted revision's, else its published one's."""
    for revision, states in ((listing.working, ("submitted",)), (listing.published, ("approved",))):
        if revision is not None and revision.state in states and (revision.data or {}).get("br_number"):
            return revision.data["br_number"]
    return None


def claim_br(listing: Listing) -> None:
    """Point listings.br_number at the number the listing wants (claimed_br) when nobody else
    holds it; else keep its published number when free; else none. Call after the revision's
    write, so the check runs inside this transaction's write (SQLite) or under _lock_br."""
    wanted = [claimed_br(listing)]
    if listing.published is not None:
        wanted.append((listing.published.data or {}).get("br_number"))
    for br in wanted:
        if not br:
            continue
        if br != listing.br_number:
            _lock_br(br)
            if br_taken(br, listing):
                continue
            listing.br_number = br
            db.session.flush()
        return
    if listing.br_number is not None:
        listing.br_number = None
        db.session.flush()


def disputed_holder(listing: Listing) -> Listing | None:
    """For a submission: the other listing that holds the BR number it names (a disputed claim)."""
    working = listing.working
    if working is None or working.state != "submitted":
        return None
    return br_holder((working.data or {}).get("br_number"), listing)


def disputed_claims(pending: list[Listing]) -> dict[int, Listing]:
    """For a page of submissions: listing id → the other listing holding the BR number it names."""
    wanted = {l.id: (l.working.data or {}).get("br_number") for l in pending
              if l.working is not None and l.working.state == "submitted"}
    numbers = {br for br in wanted.values() if br}
    if not numbers:
        return {}
    holders = {h.br_number: h for h in db.session.scalars(select(Listing).where(Listing.br_number.in_(numbers)))}
    return {lid: holders[br] for lid, br in wanted.items() if br in holders and holders[br].id != lid}


# ---- the member's edits ------------------------------------------------------------------------

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


def _merged(before: dict, data: dict) -> dict:
    merged = {**before, **data}
    if merged.get("hktdc_consent") and not before.get("hktdc_consent"):
        merged["consent_at"] = utcnow().isoformat(timespec="seconds").replace("+00:00", "Z")
    elif not merged.get("hktdc_consent"):
        merged["consent_at"] = None
    return merged


def save_draft(listing: Listing, data: dict, actor: User) -> ListingRevision:
    """Store the member's input; any change sends a submitted or rejected revision back to draft.
    Single-line fields are put on one line and duplicate codes dropped (listing_fields) in the
    whole merged copy: keys this save does not carry (an import has no languages column) lose
    what an older revision held twice as well."""
    for _attempt in range(SAVE_ATTEMPTS):
        revision = _working_copy(listing, actor)
        if revision.state not in EDITABLE:
            # Read half before, half after a decision (the listing still named it as the working
            # copy, the revision is already approved): read both again.
            db.session.expire(revision)
            db.session.expire(listing)
            continue
        before = dict(revision.data or {})
        merged = listing_fields.normalise(_merged(before, data))
        old, new = changed_fields(before, merged)
        if not old and not new and revision.state == "draft":
            return revision
        values = {"data": merged}
        if revision.state in ("submitted", "rejected"):
            values.update(state="draft", submitted_at=None)
        if write_revision(revision, expected_state=EDITABLE, **values):
            break
        # A decision wrote this revision after we read it (e.g. it was just approved): read the
        # listing again; an approved revision is no longer the working copy, so we start a new one.
        db.session.expire(listing)
    else:
        raise ListingError("conflict")
    claim_br(listing)
    listing.updated_at = utcnow()
    db.session.flush()
    audit.record("listing.edit", actor=actor, listing=listing, before=old, after=new,
                 details={"revision": revision.number})
    return revision


def submit(listing: Listing, actor: User, *, allow_incomplete: bool = False) -> ListingRevision:
    """Send the draft for review and claim its BR number (disputed when another listing holds it).

    The submit rule holds whoever calls (form, CLI, import): a draft that misses a required field
    (fields.missing_to_submit), holds a value the rules refuse or still has flagged input is
    refused with ListingError("incomplete"), its `problems` saying why. Only the importer's rows
    without --publish pass `allow_incomplete=True`: they wait in the review queue, which shows
    what is missing; values the rules refuse are refused even then.
    """
    revision = listing.working
    if revision is None or revision.state != "draft":
        raise ListingError("nothing_to_submit")
    problems = declared.problems_to_submit(revision.data or {})
    if allow_incomplete:
        missing = {m.field for m in declared.missing_to_submit(revision.data or {})}
        problems = [(key, message) for key, message in problems if key not in missing]
    if problems:
        raise ListingError("incomplete", field=problems[0][0], problems=problems)
    if not write_revision(revision, expected_state="draft", state="submitted", submitted_at=utcnow(),
                          reject_reason=None):
        db.session.expire(listing)
        raise ListingError("nothing_to_submit")
    claim_br(listing)
    disputed = disputed_holder(listing) is not None
    audit.record("listing.submit", actor=actor, listing=listing,
                 details={"revision": revision.number, **({"br_disputed": True} if disputed else {})})
    return revision


def discard_changes(listing: Listing, actor: User) -> None:
    """Drop the pending edit of a published listing; the published version stays."""
    if listing.working is None or listing.published is None:
        raise ListingError("nothing_to_discard")
    revision = listing.working
    if not write_revision(revision, expected_state=EDITABLE, state="superseded"):
        db.session.expire(listing)
        raise ListingError("nothing_to_discard")
    listing.working = None
    claim_br(listing)
    db.session.flush()
    audit.record("listing.discard", actor=actor, listing=listing, details={"revision": revision.number})
