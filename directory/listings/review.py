"""The secretariat's decisions on submitted revisions, and suspension of live listings.

Each decision writes an audit row and, when it changes what buyers see, a search outbox row in
the same transaction. The member hears about a decision by email in their own language, sent
only once the decision has committed; a problem building that mail is logged and never stops the
decision (S34).

Approve and reject name the revision version the reviewer saw: the decision is one UPDATE that
checks it (listings.write_revision), so a member's save landing at the same moment either comes
first — and the decision fails with "changed" — or comes after and starts a new working copy (S31).
"""
import logging
import re
import unicodedata

from flask_babel import gettext as _
from sqlalchemy import delete

from directory.listings import fields
from directory.listings import normalise as listing_fields
from directory.core import mail
from directory.core.extensions import db
from directory.core.i18n import speaking, user_lang
from directory.models import Listing, ListingRevision, User, utcnow
from directory.core.web import external_url
from directory.core import audit
from directory.search import outbox
from directory.accounts.operations import mail_reaches
from directory.listings import operations as listings
from directory.listings.operations import ListingError, changed_fields

log = logging.getLogger("directory.review")


def slug_base(data: dict, fallback: str) -> str:
    """The slug a listing's English name gives, before any -2, -3 that keeps it unique."""
    ascii_name = unicodedata.normalize("NFKD", data.get("company_name_en") or "")
    base = re.sub(r"[^a-z0-9]+", "-", ascii_name.encode("ascii", "ignore").decode().lower()).strip("-")[:80]
    return re.sub(r"-(limited|ltd|company|co)$", "", base) or fallback


def slug_for(listing: Listing, data: dict) -> str:
    if listing.slug:
        return listing.slug  # stable: shared links keep working after renames
    base = slug_base(data, listing.public_id)
    slug, n = base, 1
    while Listing.query.filter(Listing.slug == slug, Listing.id != listing.id).first() is not None:
        n += 1
        slug = f"{base}-{n}"
    return slug


def _decide(listing: Listing, seen_version: int | None, **values):
    """Write the decision on the submitted revision if it is still the version the reviewer saw.
    Raises before anything is written otherwise."""
    revision = listing.working
    if revision is None or revision.state != "submitted":
        raise ListingError("not_submitted")
    if seen_version is not None and seen_version != revision.version:
        raise ListingError("changed")
    if not listings.write_revision(revision, expected_version=seen_version, expected_state="submitted",
                                   reviewed_at=utcnow(), **values):
        raise ListingError("changed")  # the member saved between our read and our write
    return revision


def _require_complete(listing: Listing) -> None:
    """The live rule: what a member must fill in to submit, a listing must hold to be published.
    Only a submission imported without --publish can lack it (submit() refuses it otherwise);
    ListingError("incomplete") names the missing fields (``problems``: key, message)."""
    working = listing.working
    if working is None or working.state != "submitted":
        return  # _decide says "not_submitted"
    missing = fields.missing_to_submit(working.data or {})
    if missing:
        raise ListingError("incomplete", field=missing[0].field,
                           problems=[(item.field, item.message) for item in missing])


def approve(listing: Listing, reviewer: User | None, notify: bool | None = None,
            seen_version: int | None = None) -> None:
    """Publish the submitted revision; reviewer None means the system (demo data, --publish imports).
    `seen_version` is the revision version the reviewer saw ("changed" if it is no longer that).
    A disputed BR claim ("br_disputed") and an incomplete submission ("incomplete", the fields
    named in its ``problems``) cannot be approved. The owner is emailed when a person
    decided (notify=None), or as `notify` says (bulk imports pass False: nobody is waiting for a
    thousand messages). On an error after the write, the caller rolls back."""
    if listings.disputed_holder(listing) is not None:
        raise ListingError("br_disputed")
    _require_complete(listing)
    first = listing.published is None
    before = listing.published.data if listing.published else {}
    revision = _decide(listing, seen_version, state="approved", reviewer_id=getattr(reviewer, "id", None))
    now = revision.reviewed_at
    if listing.published is not None:
        listings.write_revision(listing.published, state="superseded")
    listing.published = revision
    listing.working = None
    listing.published_at = listing.published_at or now
    listing.last_verified_at = now
    listing.slug = slug_for(listing, revision.data)
    db.session.flush()
    listings.claim_br(listing)
    if listing.br_number != (revision.data or {}).get("br_number"):
        raise ListingError("br_disputed")  # claimed by another listing since we looked
    old, new = changed_fields(before, revision.data)
    audit.record("listing.approve", actor=reviewer, listing=listing, before=old, after=new,
                 details={"revision": revision.number})
    outbox.listing_changed(listing)
    if notify is None:
        notify = reviewer is not None
    if notify:
        _tell_owner(listing, "approved_new" if first else "approved_edit")


def publish_new(owner: User, data: dict, reviewer: User | None = None) -> Listing:
    """Create, submit and approve a listing in one step (demo data, seeded directories)."""
    listing = listings.create(owner)
    listings.save_draft(listing, data, owner)
    listings.submit(listing, owner)
    approve(listing, reviewer)
    return listing


def reject(listing: Listing, reviewer: User, reason: str, seen_version: int | None = None) -> None:
    """Return the submission to the member; it releases the BR number it claimed."""
    reason = (reason or "").strip()
    if not reason:
        raise ListingError("reason_required", field="reason")
    revision = _decide(listing, seen_version, state="rejected", reviewer_id=getattr(reviewer, "id", None),
                       reject_reason=reason)
    listings.claim_br(listing)
    db.session.flush()
    audit.record("listing.reject", actor=reviewer, listing=listing,
                 details={"revision": revision.number, "reason": reason})
    _tell_owner(listing, "rejected", reason=reason)


def transfer_br(listing: Listing, reviewer: User, reason: str) -> str:
    """Settle a disputed claim for `listing`: the listing holding its BR number releases it (and
    keeps its content, live or not: suspend it separately if it is not the company's). Returns
    the BR number."""
    reason = (reason or "").strip()
    if not reason:
        raise ListingError("reason_required", field="reason")
    holder = listings.disputed_holder(listing)
    if holder is None:
        raise ListingError("not_disputed")
    br = holder.br_number
    holder.br_number = None
    db.session.flush()
    listings.claim_br(listing)
    details = {"br_number": br, "from": holder.public_id, "to": listing.public_id, "reason": reason}
    audit.record("listing.br_transfer", actor=reviewer, listing=listing, details=details)
    audit.record("listing.br_transfer", actor=reviewer, listing=holder, details=details)
    return br


def delete_draft(listing: Listing, reviewer: User, reason: str) -> None:
    """Delete a listing that was never published and is not waiting for review (e.g. drafts
    that squat BR numbers or names). The audit row keeps what it was; the rows are gone."""
    reason = (reason or "").strip()
    if not reason:
        raise ListingError("reason_required", field="reason")
    working = listing.working
    if listing.published is not None or working is None or working.state not in ("draft", "rejected"):
        raise ListingError("not_a_draft")
    if not listings.write_revision(working, expected_state=("draft", "rejected"), state=working.state):
        raise ListingError("changed")  # the member saved or submitted it just now
    data = working.data or {}
    audit.record("listing.delete", actor=reviewer, details={
        "public_id": listing.public_id, "owner": listing.owner.email if listing.owner else None,
        "name": listing.display_name(), "br_number": data.get("br_number"), "reason": reason})
    listing.working = None
    db.session.flush()
    db.session.execute(delete(ListingRevision).where(ListingRevision.listing_id == listing.id)
                       .execution_options(synchronize_session=False))
    db.session.expunge(working)
    db.session.delete(listing)
    db.session.flush()


def suspend(listing: Listing, reviewer: User, reason: str) -> None:
    reason = (reason or "").strip()
    if not reason:
        raise ListingError("reason_required", field="reason")
    if listing.published is None:
        raise ListingError("not_published")
    if listing.suspended_at is not None:
        raise ListingError("already_suspended")
    listing.suspended_at = utcnow()
    listing.suspended_reason = reason
    db.session.flush()
    audit.record("listing.suspend", actor=reviewer, listing=listing, details={"reason": reason})
    outbox.listing_changed(listing)
    _tell_owner(listing, "suspended", reason=reason)


def reinstate(listing: Listing, reviewer: User, reason: str) -> None:
    reason = (reason or "").strip()
    if not reason:
        raise ListingError("reason_required", field="reason")
    if listing.suspended_at is None:
        raise ListingError("not_suspended")
    listing.suspended_at = None
    listing.suspended_reason = None
    db.session.flush()
    audit.record("listing.reinstate", actor=reviewer, listing=listing, details={"reason": reason})
    outbox.listing_changed(listing)
    _tell_owner(listing, "reinstated", reason=reason)


def _tell_owner(listing: Listing, kind: str, reason: str = "") -> None:
    """Email the listing's owner in the language of their account, after the commit."""
    owner = listing.owner
    if not mail_reaches(owner):
        return
    lang = user_lang(owner)
    try:
        with speaking(lang):
            # Names are stored on one line (listing_fields); older rows may not be: a subject
            # built from one must still be a valid header.
            name = listing_fields.one_line(listing.display_name(lang)) or _("your listing")
            subject, body = _message(listing, kind, name, reason, lang)
            mail.send_after_commit(owner.email, listing_fields.one_line(subject), body)
    except (mail.MailError, ValueError):  # the decision stands; the secretariat can tell the member another way
        log.exception("mail about %s (%s) to its owner could not be queued", listing.public_id, kind)


def _message(listing: Listing, kind: str, name: str, reason: str, lang: str) -> tuple[str, str]:
    listing_link = external_url("members.preview", public_id=listing.public_id, lang=lang)
    if kind in ("approved_new", "approved_edit", "reinstated"):
        public = external_url("public.profile", slug=listing.slug, lang=lang)
        if kind == "approved_new":
            return (_("Your listing is published: %(name)s", name=name),
                    _("Good news: the secretariat has approved your listing \"%(name)s\". "
                      "Buyers can now find it in the directory:\n%(link)s\n\n"
                      "You can update it at any time; changes are reviewed before they go live.",
                      name=name, link=public))
        if kind == "approved_edit":
            return (_("Your changes are published: %(name)s", name=name),
                    _("The secretariat has approved your changes to \"%(name)s\". "
                      "The public page now shows them:\n%(link)s", name=name, link=public))
        return (_("Your listing is visible again: %(name)s", name=name),
                _("The secretariat has reinstated your listing \"%(name)s\"; buyers can find it again:\n"
                  "%(link)s\n\nNote from the secretariat: %(reason)s", name=name, link=public, reason=reason))
    if kind == "rejected":
        return (_("Your listing needs changes: %(name)s", name=name),
                _("The secretariat has reviewed \"%(name)s\" and returned it to you for changes.\n\n"
                  "Reason: %(reason)s\n\nPlease update your listing and submit it again:\n%(link)s",
                  name=name, reason=reason, link=listing_link))
    return (_("Your listing is suspended: %(name)s", name=name),
            _("The secretariat has suspended your listing \"%(name)s\"; it is not shown to buyers "
              "for now.\n\nReason: %(reason)s\n\nIf you have questions, please contact the secretariat. "
              "Your listing: %(link)s", name=name, reason=reason, link=listing_link))
