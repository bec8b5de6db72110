"""The member's pages: their listings, the editor, the preview."""
from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from directory.auth.permissions import guard_blueprint
from directory.core.form_fields import area_groups
from directory.listings.reference_text import bilingual
from directory.listings import operations as listing_service
from directory.listings.operations import ListingError
from directory.listings.logos import LogoError, is_stored_name, store
from directory.listings.completeness import todo_list
from directory.members.forms import ListingForm

bp = Blueprint("members", __name__)
guard_blueprint(bp, "member")
# (English, Chinese) of a project reference's text, for the profile and the member's preview.
bp.add_app_template_global(bilingual, "reference_bilingual")
bp.add_app_template_global(area_groups, "area_groups")  # the countries control (member form, exports)


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


def _draft_of(listings: list):
    """The member's listing in draft, if any: one draft at a time, so no stray "Untitled listing"."""
    return next((listing for listing in listings if listing.status == "draft"), None)


@bp.route("/")
def dashboard():
    listings = listing_service.listings_of(g.user)
    labels = ListingForm().labels() if listings else {}
    todo = {listing.id: todo_list(listing.current.data or {}, labels)
            for listing in listings if listing.status in ("draft", "rejected") and listing.current}
    return render_template("members/dashboard.html", listings=listings, todo=todo, draft=_draft_of(listings))


@bp.route("/listings/new", methods=["POST"])
def create():
    # CSRFProtect has already checked the token of every POST before any view runs.
    draft = _draft_of(listing_service.listings_of(g.user))
    if draft is not None:
        flash(_("You already have a listing in draft: finish it first."), "info")
        return redirect(url_for("members.edit", public_id=draft.public_id))
    try:
        listing = listing_service.create(g.user)
    except ListingError:  # too many unsubmitted listings (S35)
        flash(_("You already have %(n)d listings that are not submitted. Please submit or finish one of them "
                "before starting another.", n=current_app.config["MAX_UNSUBMITTED_LISTINGS"]), "error")
        return redirect(url_for("members.dashboard"))
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


def _edit_page(form: ListingForm, listing, data: dict, logo):
    todo = todo_list(data, form.labels())
    return render_template("members/edit.html", form=form, listing=listing, logo=logo, todo=todo)


@bp.route("/listings/<public_id>/edit", methods=["GET", "POST"])
def edit(public_id):
    listing = owned_or_404(public_id)
    data = listing.current.data if listing.current else {}
    if request.method == "GET":
        form = ListingForm(data=ListingForm.form_data(data))
        form.flag_invalid(data.get("invalid_input"))
        return _edit_page(form, listing, data, data.get("logo"))

    # A draft save never refuses: what breaks a rule is stored as typed and flagged (CSRF was
    # checked by CSRFProtect before the view). Only submitting needs every rule met.
    form = ListingForm()
    form.validate()
    logo, _logo_ok = _uploaded_logo(form, data.get("logo"))
    new_data = {**form.to_data(), "logo": logo}
    listing_service.save_draft(listing, new_data, g.user)
    saved = listing.current.data
    form.pending_logo.data = ""
    form.drop_removed_references()
    problems = bool(form.errors)  # typed input kept in invalid_input, a crafted code, a bad logo

    if form.submit_listing.data:
        if form.check_complete(saved) and not problems:  # every problem at once, not one round per kind
            try:
                listing_service.submit(listing, g.user)  # the service holds the rule too (fields.py)
            except ListingError as exc:
                form.mark_problems(exc.problems)
            else:
                flash(_("Thank you. Your listing is submitted for review; we will email you the outcome."), "success")
                return redirect(url_for("members.preview", public_id=public_id))
        flash(_("Your draft is saved, but it cannot be submitted yet. Please complete the fields marked below."), "error")
    elif form.add_reference.data:
        form.add_blank_reference()
    elif problems:
        flash(_("Your draft is saved, with everything you typed. The fields marked below need correcting before you can submit."), "info")
    else:
        flash(_("Your draft is saved."), "success")
        return redirect(url_for("members.edit", public_id=public_id))
    return _edit_page(form, listing, saved, logo)


@bp.route("/listings/<public_id>/discard", methods=["POST"])
def discard(public_id):
    listing = owned_or_404(public_id)
    try:
        listing_service.discard_changes(listing, g.user)
        flash(_("Your pending changes are discarded. The published listing is unchanged."), "info")
    except ListingError:
        flash(_("There are no pending changes to discard."), "info")
    return redirect(url_for("members.preview", public_id=public_id))


# Routes of this blueprint kept in their own modules (they import `bp` from here).
from directory.members import reconfirm  # noqa: E402,F401
