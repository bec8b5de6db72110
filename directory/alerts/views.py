"""Routes of saved-search alerts: subscribe, confirm (a button: GETs change nothing), and
one-click unsubscribe (RFC 8058: a POST without a CSRF token; the signed link is the authority)."""
from flask import Blueprint, current_app, redirect, render_template, request, url_for

from directory.search import params as search_params
from directory.accounts.addresses import normalise_email
from directory.core.extensions import csrf, limiter
from directory.core.i18n import current_lang
from directory.alerts import operations
from directory.alerts.forms import AlertForm, ConfirmAlertForm, UnsubscribeForm

bp = Blueprint("alerts", __name__)


def _address_key() -> str:
    return "alert-address:" + normalise_email((request.form.get("email") or "")[:320])


@bp.route("", methods=["POST"])
@limiter.limit(lambda: current_app.config.get("ALERT_ADDRESS_RATE_LIMIT", "5 per hour;10 per day"),
               key_func=_address_key, methods=["POST"])
@limiter.limit(lambda: current_app.config.get("ALERT_RATE_LIMIT", "30 per hour"), methods=["POST"])
def subscribe():
    try:
        params = search_params.parse(request.form)  # the search, as hidden fields of the form
    except search_params.BadSearch as exc:
        return render_template("alerts/subscribe.html", form=AlertForm(), params=None, error=str(exc)), 400
    form = AlertForm()
    if not form.validate_on_submit():
        return render_template("alerts/subscribe.html", form=form, params=params, error=None)
    operations.subscribe(form.email.data, params, current_lang(), form.frequency.data)
    # The same answer whether or not the address already has alerts (no enumeration).
    return redirect(url_for("alerts.check_email"))


@bp.route("/check-email")
def check_email():
    return render_template("alerts/check_email.html")


@bp.route("/confirm/<token>", methods=["GET", "POST"])
def confirm(token):
    try:
        sub = operations.pending(token)
    except operations.AlertError:
        return render_template("alerts/invalid.html"), 404
    form = ConfirmAlertForm()
    if form.validate_on_submit():
        operations.confirm(token)
        return render_template("alerts/confirmed.html", search=operations.describe(sub, current_lang()))
    return render_template("alerts/confirm.html", form=form, search=operations.describe(sub, current_lang()))


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # RFC 8058 one-click: the mail client POSTs with no page and no cookie
def unsubscribe(token):
    try:
        sub = operations.subscription_for_unsubscribe(token)
    except operations.AlertError:
        return render_template("alerts/invalid.html"), 404
    if request.method == "POST":
        operations.unsubscribe(token)
        return render_template("alerts/unsubscribed.html")
    return render_template("alerts/unsubscribe.html", form=UnsubscribeForm(), gone=sub is None,
                           search=operations.describe(sub, current_lang()) if sub else None)


@bp.app_context_processor
def alert_form():
    """The search page's "email me" partial builds its own form (CSRF token, labels)."""
    return {"new_alert_form": AlertForm}
