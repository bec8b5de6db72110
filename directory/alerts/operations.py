"""Saved-search alerts: subscribe, confirm (double opt-in), unsubscribe, and the digests.

Services flush and never commit: the request (or the CLI / worker) commits once. Every mail
goes through the durable queue, in the subscriber's language, with links on BASE_URL.
"""
import hashlib
import hmac
import secrets
from datetime import datetime, timedelta, timezone

from flask import current_app
from flask_babel import gettext as _, ngettext
from itsdangerous import BadSignature, SignatureExpired, URLSafeSerializer, URLSafeTimedSerializer
from sqlalchemy import func, select

from directory.core import mail
from directory.search import service as search
from directory.search import params as search_params
from directory.accounts.addresses import normalise_email
from directory.core.extensions import db
from directory.core.i18n import CATALOG, join_list, pick, speaking
from directory.models import ALERT_FREQUENCIES, AlertSubscription, MailMessage, utcnow
from directory.core.web import external_url

DIGEST_KIND = "alert-digest"
WEEK = timedelta(days=7)
PAGE = 100  # results fetched per search page while looking for new providers
MAX_LISTED = 50  # providers named in one digest; the rest are counted, with a link to the search


class AlertError(Exception):
    """A link that is invalid, expired, or for an alert that no longer exists."""


def _hash(nonce: str) -> str:
    return hashlib.sha256(nonce.encode()).hexdigest()


def _confirm_signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="alert-confirm")


def _unsubscribe_signer() -> URLSafeSerializer:
    # No expiry: an unsubscribe link in a year-old digest must still work.
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="alert-unsubscribe")


def _new_nonce(sub: AlertSubscription) -> str:
    nonce = secrets.token_urlsafe(16)
    sub.token_hash = _hash(nonce)
    return nonce


def _subscription(data) -> AlertSubscription:
    if not (isinstance(data, list) and len(data) == 2 and isinstance(data[0], int) and isinstance(data[1], str)):
        raise AlertError("invalid link")
    sub = db.session.get(AlertSubscription, data[0])
    if sub is None or not hmac.compare_digest(sub.token_hash, _hash(data[1])):
        raise AlertError("invalid link")
    return sub


def subscribe(email: str, params, lang: str, frequency: str) -> None:
    """Save an unconfirmed alert and mail the confirmation link. The same search saved again
    sends a new link (or, once confirmed, a note): the page the buyer sees never differs."""
    if frequency not in ALERT_FREQUENCIES:
        raise ValueError(frequency)
    address = normalise_email(email)
    filters = {k: v for k, v in params.filters.items() if v}
    same = [s for s in db.session.scalars(select(AlertSubscription).where(AlertSubscription.email == address))
            if s.query == params.q and (s.filters or {}) == filters]
    sub = same[0] if same else None
    if sub is None:
        sub = AlertSubscription(email=address, query=params.q, filters=filters, lang=lang,
                                frequency=frequency, created_at=utcnow())
        db.session.add(sub)
    elif sub.confirmed_at is not None:
        _mail_already(sub)
        return
    else:  # unconfirmed: the latest request decides language and frequency
        sub.lang, sub.frequency = lang, frequency
    nonce = _new_nonce(sub)
    db.session.flush()
    _mail_confirmation(sub, _confirm_signer().dumps([sub.id, nonce]))


def pending(token: str) -> AlertSubscription:
    """The alert a confirmation link is for, changing nothing; AlertError if invalid."""
    try:
        data = _confirm_signer().loads(token, max_age=current_app.config["CONFIRM_TOKEN_MAX_AGE"])
    except (BadSignature, SignatureExpired) as exc:
        raise AlertError("invalid or expired link") from exc
    return _subscription(data)


def confirm(token: str) -> AlertSubscription:
    sub = pending(token)
    if sub.confirmed_at is None:
        sub.confirmed_at = utcnow()  # providers approved from now on are news to this buyer
        db.session.flush()
    return sub


def _unsubscribe_token(sub: AlertSubscription) -> str:
    """Signed over the row id and a piece of its token hash: the signature is the authority, and
    the hash piece keeps a link from ever naming a later row that reuses a deleted row's id."""
    return _unsubscribe_signer().dumps([sub.id, sub.token_hash[:16]])


def subscription_for_unsubscribe(token: str) -> AlertSubscription | None:
    """The alert an unsubscribe link names; None when it is already gone; AlertError if forged."""
    try:
        data = _unsubscribe_signer().loads(token)
    except BadSignature as exc:
        raise AlertError("invalid link") from exc
    if not (isinstance(data, list) and len(data) == 2 and isinstance(data[0], int) and isinstance(data[1], str)):
        raise AlertError("invalid link")
    sub = db.session.get(AlertSubscription, data[0])
    if sub is None or not hmac.compare_digest(sub.token_hash[:16], data[1]):
        return None  # a genuine link whose alert was removed: unsubscribed is what they want
    return sub


def unsubscribe(token: str) -> None:
    sub = subscription_for_unsubscribe(token)
    if sub is not None:
        db.session.delete(sub)  # nothing of the buyer is kept once they leave
        db.session.flush()


def unsubscribe_url(sub: AlertSubscription) -> str:
    return external_url("alerts.unsubscribe", token=_unsubscribe_token(sub), lang=_lang(sub))


# ---- the digests -----------------------------------------------------------------------------

def is_due(sub: AlertSubscription, now: datetime) -> bool:
    if sub.confirmed_at is None:
        return False
    if sub.frequency == "weekly":
        return (sub.last_sent_at or sub.confirmed_at) <= now - WEEK
    return True


def params_of(sub: AlertSubscription, page: int = 1):
    return search_params.SearchParams(q=sub.query or "", filters=dict(sub.filters or {}), sort="newest",
                                      page=page, per_page=PAGE)


def new_matches(sub: AlertSubscription, since: datetime, until: datetime) -> list:
    """Live listings matching the saved search, first approved after `since` (newest first).
    The same search as /search (directory.search.service.find), sorted by first approval."""
    found_new, page = [], 1
    while page <= search_params.MAX_PAGE:
        found = search.find(params_of(sub, page), sub.lang)
        if found.partial:  # nobody matched every word: near misses are not news
            return []
        fresh = [listing for listing in found.listings
                 if listing.published_at is not None and since < listing.published_at <= until]
        found_new.extend(fresh)
        older = any(listing.published_at is not None and listing.published_at <= since for listing in found.listings)
        if older or page >= found.pages:
            break
        page += 1
    return found_new


def send_due(now: datetime | None = None) -> int:
    """Queue one digest per due, confirmed alert that has news; returns how many were queued."""
    now = now or utcnow()
    search._catch_up_quietly()  # approvals the index has not applied yet would be missed for good
    sent = 0
    subs = db.session.scalars(select(AlertSubscription).where(AlertSubscription.confirmed_at.is_not(None))
                              .order_by(AlertSubscription.id)).all()
    for sub in subs:
        if not is_due(sub, now):
            continue
        since = sub.last_sent_at or sub.confirmed_at
        listings = new_matches(sub, since, now)
        if not listings:
            continue
        _mail_digest(sub, listings)
        sub.last_sent_at = now  # in the same transaction as the queued digest
        sent += 1
    db.session.flush()
    return sent


def send_due_alerts() -> None:
    """The worker's task (worker.register("alerts", 600, send_due_alerts))."""
    send_due()


def counts() -> dict:
    """What the secretariat sees: numbers only, never addresses."""
    confirmed = db.session.scalar(select(func.count()).where(AlertSubscription.confirmed_at.is_not(None)))
    unconfirmed = db.session.scalar(select(func.count()).where(AlertSubscription.confirmed_at.is_(None)))
    now = utcnow()
    month_start = datetime(now.year, now.month, 1, tzinfo=timezone.utc)
    digests = db.session.scalar(select(func.count()).select_from(MailMessage)
                                .where(MailMessage.kind == DIGEST_KIND, MailMessage.created_at >= month_start))
    return {"confirmed": confirmed or 0, "unconfirmed": unconfirmed or 0, "digests_this_month": digests or 0}


# ---- the mails -------------------------------------------------------------------------------

def _lang(sub: AlertSubscription) -> str:
    return sub.lang if sub.lang in CATALOG else "en"


def describe(sub: AlertSubscription, lang: str) -> str:
    """The saved search as one phrase in `lang` (“lidar”, filtered by IoT, ASEAN): a whole sentence
    per case, so a translator can put the words and the filters in any order.

    `lang` is the language the sentence itself is translated into (the caller speaks it: a page
    passes the visitor's current_lang(), a mail its subscriber's saved language inside
    ``speaking``), so the filter labels and the list separator never speak another one."""
    lang = lang if lang in CATALOG else "en"
    labels = [search.FACET_LABELS[group](code, lang) for group, codes in (sub.filters or {}).items()
              if group in search.FACET_LABELS for code in codes]
    filters = join_list(labels, lang)
    if sub.query and labels:
        return _("“%(words)s”, filtered by %(filters)s", words=sub.query, filters=filters)
    if sub.query:
        return _("“%(words)s”", words=sub.query)
    if labels:
        return _("every new provider, filtered by %(filters)s", filters=filters)
    return _("every new provider")


def search_url(sub: AlertSubscription) -> str:
    return external_url("public.search", **params_of(sub).query_args(sort=None, page=None), lang=_lang(sub))


def _mail_confirmation(sub: AlertSubscription, token: str) -> None:
    lang = _lang(sub)
    with speaking(lang):
        link = external_url("alerts.confirm", token=token, lang=lang)
        body = _("Someone asked to be emailed when a new provider matching this search joins the "
                 "directory:\n%(search)s\n\nTo start these alerts, open this link and press Confirm:\n"
                 "%(link)s\n\nIf it was not you, ignore this message: nothing will be sent.",
                 search=describe(sub, lang), link=link)
        mail.send_after_commit(sub.email, _("Confirm your search alert"), body, kind="alert-confirm")


def _mail_already(sub: AlertSubscription) -> None:
    lang = _lang(sub)
    with speaking(lang):
        body = _("Someone asked for alerts for this search, which this address already receives:\n"
                 "%(search)s\n\nNothing has changed. To stop these alerts, open this link:\n%(link)s",
                 search=describe(sub, lang), link=unsubscribe_url(sub))
        mail.send_after_commit(sub.email, _("You already have this search alert"), body, kind="alert-confirm")


def _mail_digest(sub: AlertSubscription, listings: list) -> None:
    lang = _lang(sub)
    with speaking(lang):
        unsubscribe = unsubscribe_url(sub)
        lines = []
        for listing in listings[:MAX_LISTED]:
            data = listing.published.data or {}
            lines.append("* " + pick(data, "company_name", lang))
            summary = pick(data, "summary", lang)
            if summary:
                lines.append("  " + summary)
            lines.append("  " + external_url("public.profile", slug=listing.slug, lang=lang))
        more = len(listings) - MAX_LISTED
        if more > 0:
            lines.append(ngettext("… and %(num)d more.", "… and %(num)d more.", more))
        body = _("New providers match your saved search:\n%(search)s\n\n%(providers)s\n\n"
                 "See every result: %(link)s\n\n"
                 "You receive this because you asked for these alerts. To stop them, open this link:\n"
                 "%(unsubscribe)s", search=describe(sub, lang), providers="\n".join(lines), link=search_url(sub),
                 unsubscribe=unsubscribe)
        subject = ngettext("%(num)d new provider matches your search", "%(num)d new providers match your search",
                           len(listings))
        mail.send_after_commit(sub.email, subject, body, kind=DIGEST_KIND, ref=str(sub.id), headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",  # RFC 8058
        })
