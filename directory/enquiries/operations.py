"""Buyers' enquiries: relayed by email to each chosen approved provider, and kept for the secretariat.

The buyer never learns a provider's address: the message goes from the directory to the provider
with Reply-To set to the buyer, so the provider's answer is the first thing that reveals it (S14).
Ids that are not public (drafts, suspended, unknown) are kept in the record but receive nothing,
and the caller answers exactly as for public ones (S16).

"Delivered to" is only what was actually sent: each message is queued with ref "<enquiry id>/<public
id>", and when the mail queue marks one sent, record_delivery() recomputes the enquiry's list from
the sent rows (in the same transaction, so it can never claim more than went out).
"""
from email.headerregistry import Address

from flask_babel import gettext as _
from sqlalchemy import select

from directory import taxonomy
from directory.accounts.addresses import local_part_is_ascii, normalise_email
from directory.core import mail
from directory.core.extensions import db
from directory.core.i18n import pick, speaking, user_lang
from directory.models import Enquiry, Listing, MailMessage
from directory.listings.live import public_query
from directory.core.web import external_url

MAX_PROVIDERS = 10


class EnquiryError(ValueError):
    """An enquiry the directory will not relay (the form refuses the same input with a message)."""


def buyer_address(address: str) -> str:
    """The buyer's address in the one spelling sign-up uses (S40): NFKC, IDNA domain, lower case.
    A local part that is not plain ASCII after NFKC (a Cyrillic 'а' posing as 'a') is refused."""
    if not local_part_is_ascii(address):
        raise EnquiryError("the part before @ must be plain ASCII letters, digits or signs")
    return normalise_email(address)


def public_listings(public_ids: list[str]) -> list[Listing]:
    """The public listings among these ids, in the order given; the others silently left out."""
    if not public_ids:
        return []
    found = {listing.public_id: listing for listing in
             db.session.scalars(public_query().where(Listing.public_id.in_(public_ids)))}
    return [found[pid] for pid in public_ids if pid in found]


def _reply_to(name: str, email: str) -> str:
    # Address() quotes the display name, so commas or "<x@y>" in a name add no recipient.
    return str(Address(display_name=name, addr_spec=email))


def _message(listing: Listing, enquiry: Enquiry) -> tuple[str, str]:
    """Subject and body in the provider's language (the owner's chosen language for emails)."""
    data = listing.published.data
    lang = user_lang(listing.owner)
    with speaking(lang):
        subject = _("Enquiry via the Belt and Road directory: %(subject)s", subject=enquiry.subject)
        intro = _("A buyer found %(company)s in the Belt and Road service-provider directory and sent "
                  "this enquiry. Reply to this email to answer them directly: your email address has not "
                  "been shown to them, and it reaches them only when you reply.",
                  company=pick(data, "company_name", lang))
        details = _("Name: %(name)s\nOrganisation: %(organisation)s\nCountry: %(country)s\nEmail: %(email)s",
                    name=enquiry.name, organisation=enquiry.organisation,
                    country=taxonomy.country_name(enquiry.country, lang), email=enquiry.email)
        heading = _("Subject: %(subject)s", subject=enquiry.subject)
        profile = _("Your public profile: %(url)s",
                    url=external_url("public.profile", slug=listing.slug, lang=lang))
        footer = _("The directory does not share your address. If this message is spam, "
                   "please let the directory's secretariat know.")
    body = "\n\n".join([intro, details, heading, enquiry.message, "-- ", profile, footer]) + "\n"
    return subject, body


def relay(public_ids: list[str], *, name: str, organisation: str, country: str, email: str,
          subject: str, message: str, lang: str) -> Enquiry:
    """Record the enquiry and queue one email per public provider (sent after commit)."""
    email = buyer_address(email)  # the record, the Reply-To and the receipt use one spelling
    chosen = list(dict.fromkeys(public_ids))[:MAX_PROVIDERS]
    enquiry = Enquiry(listing_ids=chosen, delivered_to=[], name=name, organisation=organisation,
                      country=country, email=email, subject=subject, message=message, lang=lang)
    db.session.add(enquiry)
    db.session.flush()  # the id names the queued messages
    reply_to = _reply_to(name, email)
    for listing in public_listings(chosen):
        to = (listing.published.data.get("email") or "").strip()
        if not to:
            continue
        subject_line, body = _message(listing, enquiry)
        mail.send_after_commit(to, subject_line, body, reply_to=reply_to, kind="enquiry",
                               ref=f"{enquiry.id}/{listing.public_id}")
    return enquiry


def record_delivery(ref: str) -> None:
    """The mail queue sent the message `ref`: delivered_to becomes the providers actually reached."""
    enquiry_id = ref.partition("/")[0]
    if not enquiry_id.isdigit():
        return
    # Locked (PostgreSQL) so two senders finishing two messages at once cannot overwrite each other;
    # SQLite serialises them already (the UPDATE before this took the write lock).
    enquiry = db.session.scalar(select(Enquiry).where(Enquiry.id == int(enquiry_id)).with_for_update()
                                .execution_options(populate_existing=True))
    if enquiry is None:
        return
    sent = db.session.scalars(select(MailMessage.ref).where(
        MailMessage.kind == "enquiry", MailMessage.ref.like(f"{enquiry_id}/%"), MailMessage.state == "sent"))
    reached = {value.partition("/")[2] for value in sent}
    enquiry.delivered_to = [pid for pid in enquiry.listing_ids or [] if pid in reached]
    db.session.flush()


mail.on_sent("enquiry", record_delivery)


def mail_states(enquiries: list[Enquiry]) -> dict[tuple[int, str], str]:
    """(enquiry id, public id) → state of its relayed message, for the ones not sent yet."""
    refs = [f"{enquiry.id}/{pid}" for enquiry in enquiries for pid in enquiry.listing_ids or []
            if pid not in (enquiry.delivered_to or [])]
    if not refs:
        return {}
    rows = db.session.execute(select(MailMessage.ref, MailMessage.state).where(
        MailMessage.kind == "enquiry", MailMessage.ref.in_(refs), MailMessage.state != "sent"))
    states = {}
    for ref, state in rows:
        enquiry_id, _, pid = ref.partition("/")
        states[(int(enquiry_id), pid)] = state
    return states
