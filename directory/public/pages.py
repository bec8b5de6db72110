"""Who runs the directory and how search engines find it: About, Privacy, robots.txt, sitemap.xml.

Every absolute address comes from BASE_URL (never the request's Host header), so a forged Host
cannot plant its own links in what search engines store.
"""
from urllib.parse import urlencode

from flask import Response, current_app, render_template
from sqlalchemy import select

from directory.core.extensions import db
from directory.core.i18n import LANGS, current_lang
from directory.models import Listing, ListingRevision
from directory.core.web import external_url
from directory.public.views import bp

ASSOCIATION_NAME_KEYS = {"en": "ASSOCIATION_NAME_EN", "zh-Hant": "ASSOCIATION_NAME_ZH_HANT",
                         "zh-Hans": "ASSOCIATION_NAME_ZH_HANS"}


def association_name(lang: str) -> str:
    config = current_app.config
    return config.get(ASSOCIATION_NAME_KEYS.get(lang, "")) or config["ASSOCIATION_NAME_EN"]


@bp.app_context_processor
def inject_association():
    config = current_app.config
    return {"association": {"name": association_name(current_lang()), "email": config["ASSOCIATION_EMAIL"],
                            "url": config["ASSOCIATION_URL"]}}


@bp.route("/about")
def about():
    return render_template("public/about.html")


@bp.route("/privacy")
def privacy():
    return render_template("public/privacy.html")


@bp.route("/robots.txt")
def robots():
    # Search pages stay crawlable (they say `noindex, follow` themselves, which a Disallow would hide).
    lines = ["User-agent: *", "Disallow: /account/", "Disallow: /members/", "Disallow: /secretariat/",
             "Disallow: /enquiry", "Disallow: /shortlist", "", f"Sitemap: {external_url('public.sitemap')}", ""]
    return Response("\n".join(lines), mimetype="text/plain")


def sitemap_rows():
    """(slug, last change of what buyers see) of every live listing, in one query."""
    changed = db.func.coalesce(ListingRevision.reviewed_at, ListingRevision.created_at)
    return db.session.execute(
        select(Listing.slug, changed, Listing.last_verified_at)
        .join(ListingRevision, ListingRevision.id == Listing.published_revision_id)
        .where(Listing.live_clause(), Listing.slug.is_not(None)).order_by(Listing.id)).all()


@bp.route("/sitemap.xml")
def sitemap():
    # The canonical address (the one the profile's <link rel=canonical> names), with its three
    # language versions as alternates and itself as x-default.
    prefix = external_url("public.profile", slug="x")[:-1]  # slugs are [a-z0-9-]: appended as they are
    entries = []
    for slug, changed, verified in sitemap_rows():
        dates = [d for d in (changed, verified) if d is not None]
        entries.append({"loc": prefix + slug,
                        "alternates": [(lang, f"{prefix}{slug}?{urlencode({'lang': lang})}") for lang in LANGS],
                        "lastmod": max(dates).strftime("%Y-%m-%d") if dates else None})
    xml = render_template("public/sitemap.xml", entries=entries)
    return Response(xml, mimetype="application/xml")
