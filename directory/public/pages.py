"""Who runs the directory and how search engines find it: About, Privacy, robots.txt, sitemap.xml.

Every absolute address comes from BASE_URL (never the request's Host header), so a forged Host
cannot plant its own links in what search engines store.
"""
from urllib.parse import urlencode

from flask import Response, current_app, render_template
from sqlalchemy import select

from directory.core.extensions import db
from directory.core.i18n import LANGS, current_lang
from directory.models import Listing, ListingRevision, SearchChange
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


def sitemap_version() -> tuple:
    """Changes whenever the sitemap may: every change buyers can see writes a search outbox row
    (approval, suspension, slug), and any other write to a listing (verification) moves its
    updated_at. One query: the outbox's primary key and a scan of one column."""
    last_change = select(db.func.max(SearchChange.id)).scalar_subquery()
    return tuple(db.session.execute(select(last_change, db.func.max(Listing.updated_at),
                                           db.func.count(Listing.id))).one())


@bp.route("/sitemap.xml")
def sitemap():
    # Built once per version (10k listings took ~0.4 s to render), one copy per process.
    version = sitemap_version()
    cached = current_app.extensions.get("sitemap_xml")
    if cached is None or cached[0] != version:
        cached = current_app.extensions["sitemap_xml"] = (version, build_sitemap().encode())
    return Response(cached[1], mimetype="application/xml")


def build_sitemap() -> str:
    # The canonical address (the one the profile's <link rel=canonical> names), with its three
    # language versions as alternates and itself as x-default.
    prefix = external_url("public.profile", slug="x")[:-1]  # slugs are [a-z0-9-]: appended as they are
    entries = []
    for slug, changed, verified in sitemap_rows():
        dates = [d for d in (changed, verified) if d is not None]
        entries.append({"loc": prefix + slug,
                        "alternates": [(lang, f"{prefix}{slug}?{urlencode({'lang': lang})}") for lang in LANGS],
                        "lastmod": max(dates).strftime("%Y-%m-%d") if dates else None})
    return render_template("public/sitemap.xml", entries=entries)
