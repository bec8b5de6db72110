"""The secretariat's decisions on submitted revisions, and suspension of live listings.

Each decision writes an audit row and, when it changes what buyers see, a search outbox row in
the same transaction. The member hears about a decision by email in their own language, sent
only once the decision has committed.
"""
import re
import unicodedata

from flask_babel import gettext as _

from .. import mail
from ..extensions import db
from ..i18n import speaking, user_lang
from ..models import Listing, User, utcnow
from ..web import external_url
from . import audit, outbox
from .accounts import mail_reaches
from .listings import ListingError, changed_fields


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


def approve(listing: Listing, reviewer: User | None, notify: bool | None = None) -> None:
    """Publish the submitted revision; reviewer None means the system (demo data, --publish imports).
    The owner is emailed when a person decided (notify=None), or as `notify` says (bulk imports
    pass False: nobody is waiting for a thousand messages)."""
    revision = listing.working
    if revision is None or revision.state != "submitted":
        raise ListingError("not_submitted")
    first = listing.published is None
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
    if notify is None:
        notify = reviewer is not None
    if notify:
        _tell_owner(listing, "approved_new" if first else "approved_edit")


def publish_new(owner: User, data: dict, reviewer: User | None = None) -> Listing:
    """Create, submit and approve a listing in one step (demo data, seeded directories)."""
    from . import listings
    listing = listings.create(owner)
    listings.save_draft(listing, data, owner)
    listings.submit(listing, owner)
    approve(listing, reviewer)
    return listing


def reject(listing: Listing, reviewer: User, reason: str) -> None:
    revision = listing.working
    if revision is None or revision.state != "submitted":
        raise ListingError("not_submitted")
    reason = (reason or "").strip()
    if not reason:
        raise ListingError("reason_required", field="reason")
    revision.state = "rejected"
    revision.reviewed_at = utcnow()
    revision.reviewer_id = getattr(reviewer, "id", None)
    revision.reject_reason = reason
    db.session.flush()
    audit.record("listing.reject", actor=reviewer, listing=listing,
                 details={"revision": revision.number, "reason": reason})
    _tell_owner(listing, "rejected", reason=reason)


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
    with speaking(lang):
        name = listing.display_name(lang) or _("your listing")
        subject, body = _message(listing, kind, name, reason, lang)
        mail.send_after_commit(owner.email, subject, body)


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
