"""Pages for everyone: home, provider profiles, logos."""
from flask import Blueprint, abort, current_app, render_template, request, send_from_directory

from directory.core.extensions import db
from directory.models import Listing
from directory.search import params as search_params
from directory.public import page_cache, search_page
from directory.core.i18n import current_lang
from directory.listings.live import public_query
from directory.search.service import find, log_search
from directory.listings.logos import is_stored_name

bp = Blueprint("public", __name__)


@bp.route("/")
def home():
    # The index already keeps listings by publication date and their count: sorting 10k rows in
    # SQL for six cards cost more than the whole rest of the page.
    found = find(search_params.SearchParams(sort="newest", per_page=6), current_lang())
    return render_template("public/home.html", recent=found.listings, total=found.total)


@bp.route("/providers/<slug>")
def profile(slug):
    listing = db.session.scalars(public_query().where(Listing.slug == slug)).first()
    if listing is None:
        abort(404)
    return render_template("public/profile.html", listing=listing, data=listing.published.data)


@bp.route("/media/logos/<name>")
def logo(name):
    if not is_stored_name(name):
        abort(404)
    folder = f"{current_app.config['UPLOAD_DIR']}/logos"
    response = send_from_directory(folder, name, mimetype="image/png", max_age=86400)
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@bp.route("/search")
def search():
    try:
        params = search_params.parse(request.args)
    except search_params.BadSearch as exc:
        return render_template("public/search.html", error=str(exc), found=None, params=None,
                               **search_page.link_bases(None)), 400
    lang = current_lang()
    kept = page_cache.lookup(lang)
    if kept is not None:
        log_search(params, kept.total, lang)
        return kept.page()
    found = find(params, lang)
    search_page.without_duplicates(found.facets)
    log_search(params, found.total, lang)
    bases = search_page.link_bases(params)
    html = render_template("public/search.html", found=found, params=params, error=None,
                           labels=search_page.label_maps(lang), verified=search_page.verified_marks(found.listings, lang),
                           cards=search_page.cards(found.listings, lang, bases),
                           alert_section=search_page.alert_section(params, lang, bases["csrf"]), **bases)
    page_cache.keep(html, found.total, bases["csrf"])
    return html


# Routes of this blueprint kept in their own modules (they import `bp` from here).
from directory.public import enquiries, pages, shortlist  # noqa: E402,F401
