"""The secretariat's desk. Every route here is behind the one role check below.

This module holds the review queue and the review of one submission; the other pages register
on the same blueprint from listings_views, audit_views and dashboard_views (imported at the end).
"""
from flask import Blueprint, abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from ..auth.permissions import guard_blueprint
from ..extensions import db
from ..i18n import current_lang
from ..models import Listing, ListingRevision
from ..services import diff as diff_service
from ..services import freshness, review
from ..services.listings import ListingError
from . import queries
from .forms import ApproveForm, ReasonForm

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
    return render_template("secretariat/queue.html", pending=pending, stale=stale, stale_total=stale_total)


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
    return f"{revision.id}:{revision.submitted_at.isoformat() if revision.submitted_at else ''}"


def _review_page(listing: Listing, reject_form: ReasonForm | None = None):
    before = listing.published.data if listing.published else {}
    after = listing.working.data or {}
    approve_form = ApproveForm(seen=_seen_marker(listing))
    return render_template("secretariat/review.html", listing=listing, data=after,
                           changes=diff_service.diff(before, after, current_lang()),
                           approve_form=approve_form, reject_form=reject_form or ReasonForm(prefix="reject"))


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
    if form.seen.data != _seen_marker(listing):
        flash(_("The member resubmitted this listing while you were reviewing it. Please review the changes again."),
              "error")
        return redirect(url_for("secretariat.review_listing", public_id=public_id))
    review.approve(listing, g.user)
    flash(_("Approved: %(name)s is published and the member is told by email.",
            name=listing.display_name(current_lang())), "success")
    return redirect(url_for("secretariat.queue"))


@bp.route("/review/<public_id>/reject", methods=["POST"])
def reject(public_id):
    listing, elsewhere = _submitted_or_redirect(public_id)
    if elsewhere:
        return elsewhere
    form = ReasonForm(prefix="reject")
    if not form.validate():
        return _review_page(listing, reject_form=form)
    try:
        review.reject(listing, g.user, form.reason.data)
    except ListingError:
        form.reason.errors = [_("Please give a reason; the member will read it.")]
        return _review_page(listing, reject_form=form)
    flash(_("Returned to the member with your reason: %(name)s.", name=listing.display_name(current_lang())),
          "success")
    return redirect(url_for("secretariat.queue"))


# The other pages of the desk register their routes on `bp` when imported.
from . import audit_views, dashboard_views, listings_views  # noqa: E402,F401
