"""Walking every GET route of the app with the arguments a real user would have: a live listing's
slug and id, its logo, valid confirmation, reset and re-confirmation tokens (S08, S32)."""
import io
import re

import sqlalchemy as sa
from conftest import PASSWORD, body_of, post_form, read_outbox
from flask import url_for
from PIL import Image
from werkzeug.routing import IntegerConverter

from directory.search import service as search
from directory.core import web
from directory.core.extensions import db
from directory.accounts import operations as accounts
from directory.listings import freshness
from directory.listings import operations as listings
from directory.listings import logos
from directory.listings import review

MEMBER, SECRETARIAT, UNCONFIRMED = "walker@member.example", "desk@secretariat.example", "later@member.example"
LISTING = {"company_name_en": "Route Walk Sensors Ltd", "company_name_zh": "路線感測有限公司", "br_number": "87654321",
           "summary_en": "Sensors", "capabilities": ["iot"], "regions_served": ["asean"], "staff_size": "11-50",
           "email": "hello@route-walk.example", "website": "https://route-walk.example"}
# Written on purpose by a GET: search logs (what buyers look for) and the session's last-seen time.
GET_MAY_WRITE = {"search_logs": None, "user_sessions": {"last_seen_at"}}


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 20), (11, 83, 148)).save(out, "PNG")
    return out.getvalue()


def _link(app, to: str, part: str) -> str:
    for message in reversed(read_outbox(app)):
        if message["To"] == to and part in body_of(message):
            return re.search(re.escape(part) + r"([^\s?]+)", body_of(message)).group(1)
    raise AssertionError(f"no {part} link to {to}")


def build_world(app) -> dict:
    """Users, a live listing with a logo, and tokens; returns the argument values per route."""
    with app.test_request_context():
        member = accounts.create_user(MEMBER, PASSWORD, confirmed=True)
        accounts.create_user(SECRETARIAT, PASSWORD, role="secretariat", confirmed=True)
        listing = listings.create(member)
        data = {**LISTING, "logo": logos.store(io.BytesIO(_png()), app.config["UPLOAD_DIR"],
                                               app.config["LOGO_MAX_BYTES"])}
        listings.save_draft(listing, data, member)
        listings.submit(listing, member)
        review.approve(listing, None)
        web.commit()
        search.catch_up()
        values = {"slug": listing.slug, "public_id": listing.public_id, "name": data["logo"],
                  "filename": "site.css", "members.reconfirm": freshness.reconfirm_token(listing)}
    anonymous = app.test_client()
    post_form(anonymous, "/account/signup", {"email": UNCONFIRMED, "password": PASSWORD, "password_again": PASSWORD})
    post_form(anonymous, "/account/forgot", {"email": MEMBER})
    values["auth.confirm"] = _link(app, UNCONFIRMED, "/account/confirm/")
    values["auth.reset"] = _link(app, MEMBER, "/account/reset/")
    return values


def logged_in(app, email: str):
    client = app.test_client()
    response = post_form(client, "/account/login", {"email": email, "password": PASSWORD})
    assert response.status_code == 302, response.status_code
    return client


def placeholder(rule, name: str):
    """A value the argument's converter accepts, so the view itself runs (and may 404)."""
    return 1 if isinstance(rule._converters.get(name), IntegerConverter) else "x"


def open_and_close(client, url, **kw) -> int:
    response = client.get(url, **kw)
    response.close()  # streamed files (static, logos) hold their file open until closed
    return response.status_code


def get_urls(app, values: dict) -> list[tuple[str, str, dict]]:
    """(url, endpoint, its arguments) for every GET route; unknown arguments get "x" (a 404)."""
    out = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if "GET" not in rule.methods:
                continue
            args = {name: values.get(rule.endpoint, "x") if name == "token" else values.get(name, placeholder(rule, name))
                    for name in rule.arguments}
            out.append((url_for(rule.endpoint, **args), rule.endpoint, args))
    return sorted(out)


def snapshot(app) -> dict:
    """Every row of every table (bar what GET_MAY_WRITE allows), to compare before and after."""
    out = {}
    with app.app_context():
        for table in db.metadata.sorted_tables:
            skip = GET_MAY_WRITE.get(table.name, set())
            if skip is None:
                continue
            columns = [c for c in table.c if c.name not in skip]
            rows = db.session.execute(sa.select(*columns).order_by(*table.primary_key.columns)).all()
            out[table.name] = [tuple(map(repr, row)) for row in rows]
        db.session.remove()
    return out
