"""The audit trail (who did what, when, with before and after) and the enquiries buyers sent.
Both are read-only pages on the secretariat blueprint."""
import json

from flask import render_template, request
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from directory.core.extensions import db
from directory.models import AuditEvent, Enquiry, User
from directory.core.web import page_number
from directory.secretariat import queries
from directory.secretariat.forms import AuditFilterForm
from directory.secretariat.labels import action_label, detail_label
from directory.secretariat.views import bp

PER_PAGE = 50


def readable(value) -> str:
    """A before/after value as a person reads it; nested data as indented JSON, Chinese kept."""
    if value is None or value == "" or value == []:
        return ""
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
        return "; ".join(str(v) for v in value)
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True)
    return str(value)


def event_changes(event: AuditEvent) -> list[tuple[str, str, str]]:
    """(key, before, after) for every key the event's before/after mentions."""
    before, after = event.before or {}, event.after or {}
    if not isinstance(before, dict) or not isinstance(after, dict):
        return [("", readable(before), readable(after))]
    keys = sorted(set(before) | set(after))
    return [(key, readable(before.get(key)), readable(after.get(key))) for key in keys]


def _action_choices() -> list[tuple[str, str]]:
    actions = set(db.session.scalars(select(AuditEvent.action).distinct()))  # only what can match
    return [("", str(_l("Any action")))] + sorted(((a, action_label(a)) for a in actions), key=lambda c: c[1])


@bp.route("/audit")
def audit():
    form = AuditFilterForm(request.args)
    form.action.choices = _action_choices()
    form.validate()
    query = select(AuditEvent).options(selectinload(AuditEvent.actor))
    listing_text = (form.listing.data or "").strip()
    person = (form.person.data or "").strip().lower()
    action = form.action.data if form.action.data in dict(form.action.choices) else ""
    if listing_text:
        query = query.where(AuditEvent.listing_id.in_(queries.listing_ids_matching(listing_text)))
    if person:
        query = query.join(User, AuditEvent.actor_id == User.id).where(User.email.icontains(person, autoescape=True))
    if action:
        query = query.where(AuditEvent.action == action)
    page = db.paginate(query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc()),
                       page=page_number(), per_page=PER_PAGE, error_out=False)
    listings = queries.listings_by_ids(event.listing_id for event in page.items)
    return render_template("secretariat/audit.html", form=form, page=page, listings=listings,
                           action_label=action_label, detail_label=detail_label, event_changes=event_changes, readable=readable,
                           args={"listing": listing_text or None, "person": person or None, "action": action or None})


@bp.route("/enquiries")
def enquiries():
    page = db.paginate(select(Enquiry).order_by(Enquiry.at.desc(), Enquiry.id.desc()),
                       page=page_number(), per_page=PER_PAGE, error_out=False)
    listings = queries.listings_by_public_ids(pid for enquiry in page.items for pid in (enquiry.listing_ids or []))
    from directory.enquiries.operations import mail_states  # which relayed messages still wait or failed
    return render_template("secretariat/enquiries.html", page=page, listings=listings, args={},
                           mail_states=mail_states(page.items))
