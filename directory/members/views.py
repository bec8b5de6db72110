"""The member's pages: their listings, the editor, the preview."""
from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..auth.permissions import guard_blueprint
from ..services import listings as listing_service
from ..services.listings import ListingError
from ..services.logos import LogoError, is_stored_name, store
from .forms import ListingForm

bp = Blueprint("members", __name__)
guard_blueprint(bp, "member")


def owned_or_404(public_id: str):
    listing = listing_service.get_owned(g.user, public_id)
    if listing is None:
        abort(404)  # not 403: another member's listing id reveals nothing
    return listing


def logo_message(code: str) -> str:
    return {
        "too_large": _("The logo is larger than 2 MB. Please choose a smaller file."),
        "wrong_format": _("The logo must be a PNG, JPEG or WebP image."),
        "too_many_pixels": _("The image is too large in pixels. Please use an image under 5000 × 5000."),
    }.get(code, _("This file is not an image we can read. Please upload a PNG, JPEG or WebP file."))


@bp.route("/")
def dashboard():
    return render_template("members/dashboard.html", listings=listing_service.listings_of(g.user))


@bp.route("/listings/new", methods=["POST"])
def create():
    # CSRFProtect has already checked the token of every POST before any view runs.
    listing = listing_service.create(g.user)
    return redirect(url_for("members.edit", public_id=listing.public_id))


@bp.route("/listings/<public_id>")
def preview(public_id):
    listing = owned_or_404(public_id)
    return render_template("members/preview.html", listing=listing, data=listing.current.data)


def _uploaded_logo(form: ListingForm, current: str | None) -> tuple[str | None, bool]:
    """The logo the saved data should name, and whether the upload was acceptable."""
    upload = form.logo.data
    if upload is not None and getattr(upload, "filename", ""):
        try:
            name = store(upload.stream, current_app.config["UPLOAD_DIR"], current_app.config["LOGO_MAX_BYTES"])
        except LogoError as exc:
            form.logo.errors = list(form.logo.errors) + [logo_message(exc.code)]
            return current, False
        form.pending_logo.data = name
        return name, True
    pending = form.pending_logo.data or ""
    if pending and is_stored_name(pending):
        return pending, True
    if form.remove_logo.data:
        return None, True
    return current, True


@bp.route("/listings/<public_id>/edit", methods=["GET", "POST"])
def edit(public_id):
    listing = owned_or_404(public_id)
    data = listing.current.data if listing.current else {}
    if request.method == "GET":
        form = ListingForm(data=ListingForm.form_data(data))
        return render_template("members/edit.html", form=form, listing=listing, logo=data.get("logo"))

    form = ListingForm()
    valid = form.validate()
    logo, logo_ok = _uploaded_logo(form, data.get("logo"))
    valid = valid and logo_ok
    submitting = bool(form.submit_listing.data)
    if valid:
        new_data = {**form.to_data(), "logo": logo}
        try:
            listing_service.save_draft(listing, new_data, g.user)
            form.pending_logo.data = ""
        except ListingError as exc:
            valid = False
            if exc.field == "br_number":
                form.br_number.errors = list(form.br_number.errors) + [
                    _("This BR number is already in the directory. If it is your company, please contact the secretariat.")]

    remove = request.form.get("remove_reference", "")
    if remove.isdigit():
        form.remove_reference(int(remove))
    elif form.add_reference.data:
        form.add_blank_reference()
    elif valid and submitting:
        if form.check_complete():
            listing_service.submit(listing, g.user)
            flash(_("Thank you. Your listing is submitted for review; we will email you the outcome."), "success")
            return redirect(url_for("members.preview", public_id=public_id))
        flash(_("Your draft is saved, but it cannot be submitted yet. Please complete the fields marked below."), "error")
    elif valid:
        flash(_("Your draft is saved."), "success")
        return redirect(url_for("members.edit", public_id=public_id))

    if not valid:
        if submitting:
            form.check_complete()  # show every problem at once, not one round per kind
        flash(_("Please correct the fields marked below. Nothing has been saved yet."), "error")
    return render_template("members/edit.html", form=form, listing=listing, logo=logo)


@bp.route("/listings/<public_id>/discard", methods=["POST"])
def discard(public_id):
    listing = owned_or_404(public_id)
    try:
        listing_service.discard_changes(listing, g.user)
        flash(_("Your pending changes are discarded. The published listing is unchanged."), "info")
    except ListingError:
        flash(_("There are no pending changes to discard."), "info")
    return redirect(url_for("members.preview", public_id=public_id))
