"""The member's side of freshness: "yes, my listing is still correct", from a reminder email link.

Registers on the members blueprint, so the member role check applies; the signed token names the
listing, and only its owner may confirm it.
"""
from flask import flash, g, redirect, render_template, url_for
from flask_babel import gettext as _

from directory.listings import freshness
from directory.members.views import bp


def _listing_or_invalid(token: str):
    try:
        return freshness.listing_for_token(token, g.user), None
    except freshness.FreshnessError:
        return None, (render_template("members/reconfirm_invalid.html"), 404)


@bp.route("/reconfirm/<token>")
def reconfirm(token):
    listing, invalid = _listing_or_invalid(token)
    if invalid:
        return invalid
    return render_template("members/reconfirm.html", listing=listing, token=token,
                           data=listing.published.data if listing.published else {})


@bp.route("/reconfirm/<token>", methods=["POST"])
def reconfirm_post(token):
    listing, invalid = _listing_or_invalid(token)
    if invalid:
        return invalid
    try:
        freshness.reconfirm(listing, g.user)
    except freshness.FreshnessError:
        flash(_("This listing is not published, so there is nothing to confirm yet."), "info")
        return redirect(url_for("members.preview", public_id=listing.public_id))
    flash(_("Thank you. Your listing is confirmed as still correct."), "success")
    return redirect(url_for("members.preview", public_id=listing.public_id))
