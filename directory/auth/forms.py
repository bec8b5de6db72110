"""Account forms. Labels and messages are lazy so they render in the reader's language."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField, SubmitField
from wtforms.validators import Email, EqualTo, InputRequired, Length, ValidationError

from directory.accounts import addresses
from directory.accounts import passwords


def _email_field():
    return EmailField(_l("Email address"), validators=[
        InputRequired(message=_l("Please enter your email address.")),
        Length(max=254, message=_l("An email address has at most 254 characters.")),
        Email(message=_l("Please enter a valid email address, like name@company.com.")),
        _plain_local_part,
    ], filters=[_strip], render_kw={"autocomplete": "email"})


def _strip(value):
    return value.strip() if isinstance(value, str) else value  # a pasted address brings spaces


def _plain_local_part(form, field):
    if field.data and not addresses.local_part_is_ascii(field.data):
        raise ValidationError(addresses.NOT_PLAIN_LOCAL_PART)


class NewPasswordMixin:
    password = PasswordField(_l("Password"), validators=[
        InputRequired(message=_l("Please choose a password.")),
        Length(min=passwords.MIN_LENGTH, message=_l("Use at least %(min)d characters.", min=passwords.MIN_LENGTH)),
        Length(max=passwords.MAX_LENGTH, message=_l("Use at most %(max)d characters.", max=passwords.MAX_LENGTH)),
    ], render_kw={"autocomplete": "new-password"},
        description=_l("At least 8 characters. A long phrase in any language is best."))
    password_again = PasswordField(_l("Password again"), validators=[
        InputRequired(message=_l("Please type the password again.")),
        EqualTo("password", message=_l("The two passwords are not the same.")),
    ], render_kw={"autocomplete": "new-password"})

    def validate_password(self, field):
        if passwords.is_common(field.data or ""):
            raise ValidationError(_l("This password is too common. Please choose another."))


class SignUpForm(NewPasswordMixin, FlaskForm):
    email = _email_field()
    submit = SubmitField(_l("Create account"))


class LoginForm(FlaskForm):
    email = _email_field()
    password = PasswordField(_l("Password"), validators=[
        InputRequired(message=_l("Please enter your password."))],
        render_kw={"autocomplete": "current-password"})
    next = HiddenField()
    submit = SubmitField(_l("Log in"))


class ForgotForm(FlaskForm):
    email = _email_field()
    submit = SubmitField(_l("Send reset link"))


class ResendForm(FlaskForm):
    email = _email_field()
    submit = SubmitField(_l("Send the link again"))


class ResetForm(NewPasswordMixin, FlaskForm):
    submit = SubmitField(_l("Set new password"))


class ChangePasswordForm(NewPasswordMixin, FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[
        InputRequired(message=_l("Please enter your current password."))],
        render_kw={"autocomplete": "current-password"})
    submit = SubmitField(_l("Change password"))


class ConfirmForm(FlaskForm):
    submit = SubmitField(_l("Confirm my account"))


class LogoutForm(FlaskForm):
    submit = SubmitField(_l("Log out"))
