"""A newcomer's first five minutes (development only): a demo member and a demo secretariat
login, listings awaiting review, an edit with a diff, and a buyer's enquiry.

Everything goes through the services, exactly as if people had clicked. The passwords are random
and kept in instance/demo-logins.json (0600) for `flask demo logins`, which `make run` calls;
nothing here ever runs when DIRECTORY_ENV=production.
"""
from __future__ import annotations

import json
import os
import secrets
from pathlib import Path

from flask import current_app

from directory.core.extensions import db
from directory.accounts import operations as accounts
from directory.enquiries import operations as enquiries
from directory.listings import operations as listings
from directory.listings import review

MEMBER = "member@demo.example.hk"
SECRETARIAT = "secretariat@demo.example.hk"
LOGINS_FILE = "demo-logins.json"


def logins_path() -> Path:
    return Path(current_app.config["INSTANCE_PATH"]) / LOGINS_FILE


def allowed() -> bool:
    return not current_app.config.get("PRODUCTION")


def create(extra: list[dict]) -> list[dict] | None:
    """Make the scenario from a few generated listings (`extra`, at least five); None when it
    exists already or this is production."""
    if not allowed() or accounts.find_by_email(MEMBER) is not None:
        return None
    logins = []
    users = {}
    for email, role in ((MEMBER, "member"), (SECRETARIAT, "secretariat")):
        password = "demo-" + secrets.token_urlsafe(9)
        users[role] = accounts.create_user(email, password, role=role, confirmed=True)
        logins.append({"email": email, "password": password, "role": role})
    member, desk = users["member"], users["secretariat"]
    owner = accounts.system_account(accounts.DEMO_OWNER)
    first, second, *others = extra

    # The member's live listing, with an edit waiting for review: the desk sees a diff.
    live = review.publish_new(member, {**first, "email": MEMBER}, reviewer=desk)
    edited_caps = list(dict.fromkeys([*first["capabilities"], "ai"]))[:5]
    listings.save_draft(live, {"summary_en": (first["summary_en"] + " Now with AI-based forecasting.").strip(),
                               "capabilities": edited_caps, "staff_size": "51-200"}, member)
    listings.submit(live, member)

    # New listings awaiting their first review: one of the member's, two others.
    for data, who in ((second, member), *((d, owner) for d in others[:2])):
        pending = listings.create(who)
        listings.save_draft(pending, data, who)
        listings.submit(pending, who)

    # A buyer's enquiry to the member's listing (queued mail, delivered after commit).
    db.session.flush()
    from directory.core.web import url_context
    with url_context():
        enquiries.relay([live.public_id], name="Siti Rahman", organisation="Penang Smart City Office (demo)",
                        country="MY", email="buyer@demo.example.com", subject="Smart parking pilot",
                        message="We are planning a smart parking pilot in George Town next year and "
                                "would like to hear about your experience with similar projects.",
                        lang="en")
    _save_logins(logins)
    return logins


def _save_logins(logins: list[dict]) -> None:
    path = logins_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        json.dump(logins, fh, indent=1)


def saved_logins() -> list[dict]:
    """The demo logins of this instance that still exist, [] in production."""
    if not allowed():
        return []
    try:
        logins = json.loads(logins_path().read_text())
    except (OSError, ValueError):
        return []
    return [login for login in logins if accounts.find_by_email(login["email"]) is not None]
