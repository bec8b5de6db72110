"""The read-only JSON API (CONTRACT §5): providers, one provider, taxonomy, the OpenAPI document."""
from flask import Blueprint, abort, g, jsonify, request
from flask_babel import refresh

from directory.core.extensions import csrf, db
from directory.models import Listing
from directory.listings.live import public_query
from directory.search.service import find, log_search
from directory.api import openapi, params, serialise

bp = Blueprint("api", __name__)
csrf.exempt(bp)  # read-only GETs; no cookie-authenticated state changes here


@bp.before_request
def english_messages():
    # Error messages are for programmers: English, whatever ?lang= or a cookie says.
    # (`lang` only picks the language of labels, and must not be remembered in a session.)
    g.lang = "en"
    refresh()


@bp.after_request
def public_read_only_headers(response):
    response.headers["Access-Control-Allow-Origin"] = "*"  # public data, no credentials
    if request.method in ("GET", "HEAD") and response.status_code == 200:
        response.headers["Cache-Control"] = "public, max-age=60"
    return response


def bad_request(message: str):
    return jsonify({"error": message}), 400


@bp.get("/providers")
def providers():
    try:
        search, lang = params.search(request.args)
    except params.BadParams as exc:
        return bad_request(str(exc))
    found = find(search, lang)
    log_search(search, found.total, lang)
    return jsonify({
        "query": search.q,
        "total": found.total,
        "page": search.page,
        "per_page": search.per_page,
        "suggestion": found.suggestion,
        "corrected": found.corrected,
        **serialise.search_notes(found),
        "results": [serialise.result(listing, lang, found) for listing in found.listings],
        "facets": serialise.facets(found.facets),
    })


@bp.get("/providers/<public_id>")
def provider(public_id):
    try:
        lang = params.lang_of(request.args)
    except params.BadParams as exc:
        return bad_request(str(exc))
    listing = db.session.scalars(public_query().where(Listing.public_id == public_id)).first()
    if listing is None:  # drafts, rejected and suspended listings do not exist here (S11)
        abort(404, description="No such provider.")
    return jsonify(serialise.detail(listing, lang))


@bp.get("/taxonomy")
def taxonomy():
    return jsonify(serialise.taxonomy_document())


@bp.get("/openapi.json")
def openapi_document():
    return jsonify(openapi.document())
