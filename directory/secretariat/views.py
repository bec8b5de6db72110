"""The secretariat's desk. Every route here is behind the one role check below."""
from flask import Blueprint, render_template
from sqlalchemy import select

from ..auth.permissions import guard_blueprint
from ..extensions import db
from ..models import Listing, ListingRevision

bp = Blueprint("secretariat", __name__)
guard_blueprint(bp, "secretariat")


@bp.route("/")
def queue():
    pending = db.session.scalars(
        select(Listing).join(ListingRevision, Listing.working_revision_id == ListingRevision.id)
        .where(ListingRevision.state == "submitted").order_by(ListingRevision.submitted_at)).all()
    return render_template("secretariat/queue.html", pending=pending)
