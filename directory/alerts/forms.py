"""The forms of saved-search alerts (the search itself travels as hidden search parameters)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, RadioField, SubmitField
from wtforms.validators import InputRequired, Length, ValidationError

from directory.accounts.addresses import local_part_is_ascii
from directory.public.enquiries import plain_email


def ascii_local_part(form, field):
    if field.data and not local_part_is_ascii(field.data):
        raise ValidationError(_l("The part before @ must be plain letters, digits or signs."))


class AlertForm(FlaskForm):
    email = EmailField(_l("Your email address"), validators=[
        InputRequired(message=_l("Please enter your email address.")), Length(max=254), plain_email,
        ascii_local_part], render_kw={"autocomplete": "email"})
    frequency = RadioField(_l("How often"), default="immediate",
                           validators=[InputRequired(message=_l("Please choose how often."))])
    submit = SubmitField(_l("Email me"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.frequency.choices = [("immediate", _l("As soon as one is approved")),
                                  ("weekly", _l("At most once a week"))]


class ConfirmAlertForm(FlaskForm):
    submit = SubmitField(_l("Confirm"))


class UnsubscribeForm(FlaskForm):
    submit = SubmitField(_l("Unsubscribe"))
