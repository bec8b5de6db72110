"""Buyers' enquiries to one provider or a shortlist (placeholder, being built)."""
from flask import abort

from .views import bp


@bp.route("/enquiry", methods=["GET", "POST"])
def enquire():
    abort(404)
