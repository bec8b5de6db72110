"""All listings: filter by status, find by name or BR number, one listing's history, suspend and
reinstate. Routes on the secretariat blueprint (its role check covers them)."""
from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from directory.core.extensions import db
from directory.core.i18n import current_lang, in_script
from directory.accounts import operations as accounts
from directory.models import AuditEvent, Listing, ListingRevision, utcnow
from directory.listings import freshness
from directory.listings import fields
from directory.listings import review
from directory.listings.operations import ListingError
from directory.core.web import page_number
from directory.secretariat import queries
from directory.secretariat.forms import ListingFilterForm, ReasonForm
from directory.secretariat.labels import action_label
from directory.secretariat.views import bp

PER_PAGE = 50
HISTORY = 100


@bp.context_processor
def _missing_helper():
    return {"missing_to_publish": missing_to_publish, "holder": holder}


def holder(listing: Listing) -> str:
    """Who holds the listing, for what the desk may promise: "member" (a person reads the mail
    and the reason), "import" (a CSV row: the system imports account) or "demo" (demo data) --
    the system accounts have no reader, and review.reject mails nobody for them."""
    owner = listing.owner
    if accounts.mail_reaches(owner):
        return "member"
    return "demo" if owner is not None and owner.email == accounts.DEMO_OWNER else "import"


def missing_to_publish(listing: Listing) -> list[str]:
    """What the listing's pending revision still lacks before it could be published (the member
    form's submit rule): an import without publishing lands incomplete rows for review."""
    revision = listing.working
    if revision is None:
        return []
    return [str(fields.field(item.field).diff_label) for item in fields.missing_to_submit(revision.data or {})]


@bp.route("/listings")
def listings():
    form = ListingFilterForm(request.args)
    form.validate()
    q = (form.q.data or "").strip() if not form.q.errors else ""
    status = form.status.data if form.status.data in dict(form.status.choices) else ""
    query = queries.with_revisions(queries.listings_query(q, status, utcnow())
                                   .order_by(Listing.updated_at.desc(), Listing.id.desc()))
    page = db.paginate(query, page=page_number(), per_page=PER_PAGE,
                       error_out=False, count=True)
    return render_template("secretariat/listings.html", form=form, page=page, counts=queries.status_counts(),
                           args={"q": q or None, "status": status or None}, now=utcnow())


def _listing_or_404(public_id: str) -> Listing:
    listing = queries.by_public_id(public_id)
    if listing is None:
        abort(404)
    return listing


def _detail_page(listing: Listing, suspend_form=None, reinstate_form=None, delete_form=None):
    revisions = db.session.scalars(select(ListingRevision).where(ListingRevision.listing_id == listing.id)
                                   .order_by(ListingRevision.number.desc())).all()
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.listing_id == listing.id)
                                .order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(HISTORY)).all()
    return render_template("secretariat/listing.html", listing=listing, revisions=revisions, events=events,
                           stale=freshness.is_stale(listing), action_label=action_label,
                           suspend_form=suspend_form or ReasonForm(prefix="suspend"),
                           reinstate_form=reinstate_form or ReasonForm(prefix="reinstate"),
                           delete_form=delete_form or ReasonForm(prefix="delete"))


@bp.route("/listings/<public_id>")
def listing(public_id):
    return _detail_page(_listing_or_404(public_id))


def _decide(public_id: str, prefix: str, action, done):
    listing = _listing_or_404(public_id)
    form = ReasonForm(prefix=prefix)
    if not form.validate():
        return _detail_page(listing, **{f"{prefix}_form": form})
    try:
        action(listing, g.user, form.reason.data)
    except ListingError as exc:
        messages = {"not_published": _("Only a published listing can be suspended."),
                    "already_suspended": _("This listing is already suspended."),
                    "not_suspended": _("This listing is not suspended.")}
        flash(messages.get(str(exc), _("Please give a reason; the member will read it.")), "error")
        return redirect(url_for("secretariat.listing", public_id=public_id))
    flash(done(in_script(listing.display_name(current_lang()))), "success")
    return redirect(url_for("secretariat.listing", public_id=public_id))


@bp.route("/listings/<public_id>/suspend", methods=["POST"])
def suspend(public_id):
    return _decide(public_id, "suspend", review.suspend,
                   lambda name: _("Suspended: %(name)s is no longer shown to buyers.", name=name))


@bp.route("/listings/<public_id>/reinstate", methods=["POST"])
def reinstate(public_id):
    return _decide(public_id, "reinstate", review.reinstate,
                   lambda name: _("Reinstated: %(name)s is shown to buyers again.", name=name))


@bp.route("/listings/<public_id>/delete-draft", methods=["POST"])
def delete_draft(public_id):
    """Delete a never-published draft (S35: drafts squatting names or BR numbers). Audited."""
    listing = _listing_or_404(public_id)
    form = ReasonForm(prefix="delete")
    if not form.validate():
        return _detail_page(listing, delete_form=form)
    name = in_script(listing.display_name(current_lang())) or listing.public_id
    try:
        review.delete_draft(listing, g.user, form.reason.data)
    except ListingError as exc:
        db.session.rollback()
        flash(_("Only a listing that was never published and is not waiting for review can be deleted.")
              if str(exc) == "not_a_draft" else _("The member changed this listing just now; please look again."),
              "error")
        return redirect(url_for("secretariat.listing", public_id=public_id))
    flash(_("Deleted the draft %(name)s.", name=name), "success")
    return redirect(url_for("secretariat.listings"))


@bp.route("/review/<public_id>/transfer-br", methods=["POST"])
def transfer_br(public_id):
    """Settle a disputed BR claim for this submission (the other listing releases the number)."""
    listing = _listing_or_404(public_id)
    form = ReasonForm(prefix="transfer")
    if not form.validate():
        flash(_("Please give a reason; it is kept in the audit trail."), "error")
        return redirect(url_for("secretariat.review_listing", public_id=public_id))
    try:
        br = review.transfer_br(listing, g.user, form.reason.data)
    except ListingError:
        flash(_("This submission's BR number is not held by another listing (any more)."), "info")
        return redirect(url_for("secretariat.review_listing", public_id=public_id))
    flash(_("BR number %(br)s now belongs to this listing; you can approve it.", br=br), "success")
    return redirect(url_for("secretariat.review_listing", public_id=public_id))
