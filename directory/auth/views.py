"""Sign up, confirm, log in and out, reset and change the password."""
from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from directory.core.extensions import limiter
from directory.core.i18n import current_lang
from directory.accounts import operations as accounts
from directory.auth import forms
from directory.accounts.addresses import normalise_email
from directory.auth.permissions import login_redirect, safe_next
from directory.accounts.sessions import login_user, logout_user

bp = Blueprint("auth", __name__)


def _login_key() -> str:
    # Failed attempts count per account, so one attacker cannot lock out a whole office (S01).
    return "login:" + normalise_email(request.form.get("email"))[:254]


def _failed(response) -> bool:
    return response.status_code != 302


def _home_for(user) -> str:
    return url_for("secretariat.queue") if user.is_secretariat else url_for("members.dashboard")


@bp.route("/signup", methods=["GET", "POST"])
@limiter.limit("20 per hour", methods=["POST"])
def signup():
    form = forms.SignUpForm()
    if form.validate_on_submit():
        accounts.sign_up(form.email.data, form.password.data, current_lang())
        return redirect(url_for("auth.check_email"))
    return render_template("auth/signup.html", form=form)


@bp.route("/check-email")
def check_email():
    return render_template("auth/check_email.html", form=forms.ResendForm())


@bp.route("/resend", methods=["POST"])
@limiter.limit("10 per hour", methods=["POST"])
def resend():
    form = forms.ResendForm()
    if form.validate_on_submit():
        accounts.resend_confirmation(form.email.data, current_lang())
        flash(_("If that address has an unconfirmed account, a new link is on its way."), "info")
        return redirect(url_for("auth.check_email"))
    return render_template("auth/check_email.html", form=form)


@bp.route("/confirm/<token>", methods=["GET", "POST"])
def confirm(token):
    """The link in the mail shows a button; only pressing it (a POST) confirms, so a mail scanner
    or link preview that fetches the link changes nothing (GET changes nothing, S08)."""
    try:
        accounts.confirmation_user(token)
    except accounts.AccountError:
        flash(_("That confirmation link is invalid or has expired. Ask for a new one below."), "error")
        return redirect(url_for("auth.check_email"))
    form = forms.ConfirmForm()
    if not form.validate_on_submit():
        return render_template("auth/confirm.html", form=form)
    accounts.confirm(token)
    flash(_("Thank you, your email address is confirmed. You can log in now."), "success")
    return redirect(url_for("auth.login"))


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], key_func=_login_key,
               methods=["POST"], deduct_when=_failed)
@limiter.limit("100 per 15 minutes", methods=["POST"])
def login():
    form = forms.LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        user = accounts.authenticate(form.email.data, form.password.data, request.remote_addr or "-")
        if user is None:
            form.password.errors.append(_("The email address or password is not right."))
        elif not user.is_confirmed:
            form.email.errors.append(_("Please confirm your email address first: open the link we sent you."))
        else:
            login_user(user)
            return redirect(safe_next(form.next.data, _home_for(user)))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    form = forms.LogoutForm()
    if form.validate_on_submit():
        logout_user()
        flash(_("You are logged out."), "info")
    return redirect(url_for("public.home"))


@bp.route("/forgot", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def forgot():
    form = forms.ForgotForm()
    if form.validate_on_submit():
        accounts.request_reset(form.email.data, current_lang())
        flash(_("If that address has an account, a reset link is on its way. It works for one hour."), "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot.html", form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset(token):
    try:
        user = accounts.user_for_reset(token)
    except accounts.AccountError:
        flash(_("That reset link is invalid or has expired. Please ask for a new one."), "error")
        return redirect(url_for("auth.forgot"))
    form = forms.ResetForm()
    if form.validate_on_submit():
        accounts.set_password(user, form.password.data)
        logout_user()
        flash(_("Your password is changed. Please log in with the new one."), "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/reset.html", form=form)


@bp.route("/password", methods=["GET", "POST"])
def change_password():
    user = g.get("user")
    if user is None:
        return login_redirect()
    form = forms.ChangePasswordForm()
    if form.validate_on_submit():
        if accounts.authenticate(user.email, form.current_password.data, request.remote_addr or "-") is None:
            form.current_password.errors.append(_("That is not your current password."))
        else:
            accounts.set_password(user, form.password.data)
            flash(_("Your password is changed. Other devices have been logged out."), "success")
            return redirect(_home_for(user))
    return render_template("auth/password.html", form=form)
