"""The secretariat's desk. Every route here is behind the one role check below.

This module holds the review queue and the review of one submission; the other pages register
on the same blueprint from listings_views, audit_views and dashboard_views (imported at the end).
"""
from flask import Blueprint, abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from directory.auth.permissions import guard_blueprint
from directory.core.extensions import db
from directory.core.i18n import current_lang, in_script
from directory.models import Listing, ListingRevision
from directory.listings import diff as diff_service
from directory.listings import freshness
from directory.listings import review
from directory.listings import operations as listing_service
from directory.listings.operations import ListingError
from directory.secretariat import queries
from directory.secretariat.forms import ApproveForm, ReasonForm, RejectForm

bp = Blueprint("secretariat", __name__)
guard_blueprint(bp, "secretariat")

STALE_SHOWN = 50


@bp.route("/")
def queue():
    """New submissions and edits, oldest first; then live listings not verified for a year."""
    pending = db.session.scalars(queries.with_revisions(
        select(Listing).join(ListingRevision, Listing.working_revision_id == ListingRevision.id)
        .where(ListingRevision.state == "submitted").order_by(ListingRevision.submitted_at, Listing.id))).all()
    stale_query = freshness.stale_query()
    stale_total = db.session.scalar(select(db.func.count()).select_from(stale_query.subquery()))
    stale = db.session.scalars(queries.with_revisions(stale_query.limit(STALE_SHOWN))).all()
    return render_template("secretariat/queue.html", pending=pending, stale=stale, stale_total=stale_total,
                           disputed=listing_service.disputed_claims(pending))


def _submitted_or_redirect(public_id: str):
    listing = queries.by_public_id(public_id)
    if listing is None:
        abort(404)
    if listing.working is None or listing.working.state != "submitted":
        flash(_("This listing is not awaiting review (any more)."), "info")
        return listing, redirect(url_for("secretariat.listing", public_id=public_id))
    return listing, None


def _seen_marker(listing: Listing) -> str:
    revision = listing.working
    return f"{revision.id}:{revision.version}"


def _seen_version(listing: Listing, marker: str | None) -> int | None:
    """The version the reviewer saw, if the marker names the current working revision."""
    revision_id, _sep, version = (marker or "").partition(":")
    if revision_id != str(listing.working.id) or not version.isdigit() or len(version) > 9:
        return None
    return int(version)


def decision_refused(listing: Listing, exc: ListingError):
    """A decision that could not be made: nothing of it is kept; say why, show the review again."""
    db.session.rollback()
    messages = {
        "changed": _("The member changed this listing while you were reviewing; review the new version."),
        "br_disputed": _("Another listing holds the BR number this listing claims. Transfer the number "
                         "to this listing, or return it to the member, before approving it."),
        "not_submitted": _("This listing is not awaiting review (any more)."),
    }
    if str(exc) == "incomplete":  # the live rule (a crafted POST: the page offers no Approve then)
        missing = listings_views.missing_to_publish(listing)
        messages["incomplete"] = _("Missing: %(fields)s", fields=", ".join(missing))
    flash(messages.get(str(exc), messages["changed"]), "error")
    return redirect(url_for("secretariat.review_listing", public_id=listing.public_id))


def _review_page(listing: Listing, reject_form: RejectForm | None = None):
    before = listing.published.data if listing.published else {}
    after = listing.working.data or {}
    marker = _seen_marker(listing)
    return render_template("secretariat/review.html", listing=listing, data=after,
                           changes=diff_service.diff(before, after, current_lang()),
                           approve_form=ApproveForm(seen=marker),
                           reject_form=reject_form or RejectForm(prefix="reject", seen=marker),
                           transfer_form=ReasonForm(prefix="transfer"),
                           br_holder=listing_service.disputed_holder(listing))


@bp.route("/review/<public_id>")
def review_listing(public_id):
    listing, elsewhere = _submitted_or_redirect(public_id)
    return elsewhere or _review_page(listing)


@bp.route("/review/<public_id>/approve", methods=["POST"])
def approve(public_id):
    listing, elsewhere = _submitted_or_redirect(public_id)
    if elsewhere:
        return elsewhere
    form = ApproveForm()
    try:
        version = _seen_version(listing, form.seen.data)
        if version is None:
            raise ListingError("changed")
        review.approve(listing, g.user, seen_version=version)
    except ListingError as exc:
        return decision_refused(listing, exc)
    name = in_script(listing.display_name(current_lang()))
    if listings_views.holder(listing) == "member":
        flash(_("Approved: %(name)s is published and the member is told by email.", name=name), "success")
    else:
        flash(_("Approved: %(name)s is published.", name=name), "success")
    return redirect(url_for("secretariat.queue"))


@bp.route("/review/<public_id>/reject", methods=["POST"])
def reject(public_id):
    listing, elsewhere = _submitted_or_redirect(public_id)
    if elsewhere:
        return elsewhere
    form = RejectForm(prefix="reject")
    if not form.validate():
        return _review_page(listing, reject_form=form)
    try:
        version = _seen_version(listing, form.seen.data)
        if version is None:
            raise ListingError("changed")
        review.reject(listing, g.user, form.reason.data, seen_version=version)
    except ListingError as exc:
        if exc.field != "reason":
            return decision_refused(listing, exc)
        form.reason.errors = [_("Please give a reason; the member will read it.")]
        return _review_page(listing, reject_form=form)
    name = in_script(listing.display_name(current_lang()))
    if listings_views.holder(listing) == "member":
        flash(_("Returned to the member with your reason: %(name)s.", name=name), "success")
    else:
        flash(_("Rejected: %(name)s stays out of the directory; the reason is kept in its history.", name=name),
              "success")
    return redirect(url_for("secretariat.queue"))


# The other pages of the desk register their routes on `bp` when imported.
from directory.secretariat import audit_views, dashboard_views, data_views, listings_views, mail_views  # noqa: E402,F401
