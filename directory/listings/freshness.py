"""Keeping listings fresh: "last verified" dates, stale flags, reminders and re-confirmation.

A listing is verified when the secretariat approves it or when its member confirms, from a
signed link in a reminder email, that it is still correct. Live listings not verified for
STALE_AFTER are stale: flagged in the review queue and reminded by `flask listings remind-stale`,
at most once per REMIND_EVERY (the last reminder is read back from the audit trail).
"""
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import format_date
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import or_, select

from directory.core import mail
from directory.core.extensions import db
from directory.core.i18n import speaking, user_lang
from directory.models import AuditEvent, Listing, User, utcnow
from directory.core.web import external_url
from directory.core import audit
from directory.search import outbox
from directory.accounts.operations import mail_reaches

STALE_AFTER = timedelta(days=365)
REMIND_EVERY = timedelta(days=30)
TOKEN_MAX_AGE = 90 * 24 * 3600  # a reminder link stays usable for three reminder rounds


class FreshnessError(Exception):
    pass


def stale_query(now: datetime | None = None):
    """Live listings (published, not suspended) last verified more than STALE_AFTER ago."""
    cutoff = (now or utcnow()) - STALE_AFTER
    return (select(Listing).where(Listing.live_clause(),
                                  or_(Listing.last_verified_at.is_(None), Listing.last_verified_at < cutoff))
            .order_by(Listing.last_verified_at.is_not(None), Listing.last_verified_at, Listing.id))


def is_stale(listing: Listing, now: datetime | None = None) -> bool:
    if not listing.is_public:
        return False
    return listing.last_verified_at is None or listing.last_verified_at < (now or utcnow()) - STALE_AFTER


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="listing-reconfirm")


def reconfirm_token(listing: Listing) -> str:
    return _serializer().dumps({"lid": listing.public_id, "uid": listing.owner_id})


def listing_for_token(token: str, user: User) -> Listing:
    """The listing a re-confirmation link names, if `user` owns it; else FreshnessError."""
    try:
        data = _serializer().loads(token, max_age=TOKEN_MAX_AGE)
    except (BadSignature, SignatureExpired) as exc:
        raise FreshnessError("invalid or expired link") from exc
    listing = db.session.scalar(select(Listing).where(Listing.public_id == data.get("lid")))
    # Ownership is checked against today's owner, not only the one the link was sent to.
    if listing is None or listing.owner_id != user.id or data.get("uid") != user.id:
        raise FreshnessError("not your listing")
    return listing


def reconfirm(listing: Listing, actor: User) -> None:
    """The member says the published listing is still correct."""
    if listing.published is None:
        raise FreshnessError("not published")
    before = listing.last_verified_at
    listing.last_verified_at = utcnow()
    db.session.flush()
    # Buyers see the verified date beside each result: kept search pages must learn of it.
    outbox.listing_changed(listing)
    audit.record("listing.reconfirm", actor=actor, listing=listing,
                 before={"last_verified_at": _iso(before)}, after={"last_verified_at": _iso(listing.last_verified_at)})


def _iso(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value else None


def recently_reminded(since: datetime) -> set[int]:
    return set(db.session.scalars(select(AuditEvent.listing_id).where(
        AuditEvent.action == "listing.remind", AuditEvent.at >= since, AuditEvent.listing_id.is_not(None))))


def due_reminders(now: datetime | None = None) -> list[Listing]:
    """Stale listings whose member has not been reminded within REMIND_EVERY."""
    now = now or utcnow()
    skip = recently_reminded(now - REMIND_EVERY)
    return [listing for listing in db.session.scalars(stale_query(now)) if listing.id not in skip]


def remind(listing: Listing) -> bool:
    """Email the owner a re-confirmation link (after commit) and note it in the audit trail."""
    owner = listing.owner
    if not mail_reaches(owner):
        return False
    lang = user_lang(owner)
    link = external_url("members.reconfirm", token=reconfirm_token(listing), lang=lang)
    with speaking(lang):
        name = listing.display_name(lang) or _("your listing")
        subject = _("Is your listing still correct? %(name)s", name=name)
        body = _("Your listing \"%(name)s\" in the Belt and Road service-provider directory was last "
                 "checked on %(date)s.\n\nIf it is still correct, please confirm with one click here:\n%(link)s\n\n"
                 "If something has changed, log in and edit your listing; the secretariat reviews the changes.",
                 name=name, date=format_date(listing.last_verified_at, "long") if listing.last_verified_at else "—",
                 link=link)
    mail.send_after_commit(owner.email, subject, body)
    audit.record("listing.remind", actor=None, listing=listing,
                 details={"last_verified_at": _iso(listing.last_verified_at)})
    return True
