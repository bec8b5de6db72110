"""The buyer's shortlist: provider ids kept in the session, so it survives pages, filters and new
searches. Works without JavaScript: each tick is a small CSRF-protected POST that redirects back
to where it came from (a plain GET never changes it, S08)."""
import re

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from directory.enquiries import operations as enquiries
from directory.public.views import bp

KEY = "shortlist"
PROVIDER_ID = re.compile(r"^[a-z0-9]{1,16}$")
ACTIONS = ("add", "remove", "clear")


def ids() -> list[str]:
    """The shortlisted public ids, in the order they were added."""
    value = session.get(KEY)
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def save(values: list[str]) -> None:
    if values:
        session[KEY] = values
    else:
        session.pop(KEY, None)


def safe_next(value: str | None) -> str:
    """A path on this site to go back to; anything else (another host, a scheme) → the shortlist."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value \
            and not any(ord(c) < 32 for c in value):
        return value
    return url_for("public.shortlist")


def change(action: str, provider: str | None) -> None:
    current = ids()
    if action == "clear":
        save([])
    elif provider and PROVIDER_ID.match(provider):
        if action == "add" and provider not in current:
            if len(current) >= enquiries.MAX_PROVIDERS:
                flash(_("Your shortlist is full: one enquiry goes to at most %(max)d providers. Remove one "
                        "first.", max=enquiries.MAX_PROVIDERS), "error")
            else:
                save(current + [provider])
        elif action == "remove":
            save([v for v in current if v != provider])


@bp.route("/shortlist", methods=["GET", "POST"])
def shortlist():
    if request.method == "POST":
        action = request.form.get("action")
        if action in ACTIONS:
            change(action, request.form.get("provider"))
        back = safe_next(request.form.get("next"))
        provider = request.form.get("provider") or ""
        # Back to the result that was ticked, so a long page does not jump to its top.
        anchor = f"#p-{provider}" if PROVIDER_ID.match(provider) and "#" not in back else ""
        return redirect(back + anchor, code=303)
    # Only what can still be written to is shown (a listing may have been unpublished meanwhile).
    return render_template("public/shortlist.html", providers=enquiries.public_listings(ids()))


@bp.app_context_processor
def inject_shortlist():
    return {"shortlist_ids": ids()}
