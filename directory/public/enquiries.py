"""Buyers' enquiries to one provider or a shortlist (S14–S16).

Every outcome of a well-formed POST looks the same to the sender: a redirect to the "sent" page.
That covers providers that are not public (S16) and a filled honeypot (S15), so neither the
existence of a draft nor the trap can be probed from outside.
"""
import re

from email_validator import EmailNotValidError, validate_email
from flask import current_app, redirect, render_template, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, ValidationError

from directory import taxonomy
from directory.accounts import addresses
from directory.core.extensions import limiter
from directory.core.i18n import current_lang
from directory.enquiries import operations as enquiries
from directory.public import receipts, shortlist
from directory.public.views import bp

PROVIDER_ID = re.compile(r"^[a-z0-9]{1,16}$")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
SENT_KEY = "enquiry_sent_to"  # the session remembers whom the last enquiry went to, for the sent page


def single_line(form, field):
    # A line break in a name or subject is a header-injection attempt (S14): refuse, never strip.
    if field.data and CONTROL.search(field.data):
        raise ValidationError(_l("Line breaks and control characters are not allowed here."))


def plain_email(form, field):
    # Sign-up's rules (S40): full-width look-alikes fold to the plain mailbox, other alphabets are refused.
    try:
        address = enquiries.buyer_address(field.data or "")
    except enquiries.EnquiryError as exc:
        raise ValidationError(addresses.NOT_PLAIN_LOCAL_PART) from exc
    try:
        found = validate_email(address, check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError as exc:
        raise ValidationError(_l("Please enter a valid email address, like name@company.com.")) from exc
    field.data = found.ascii_email or found.normalized


def _required(message):
    return InputRequired(message=message)


class EnquiryForm(FlaskForm):
    name = StringField(_l("Your name"), validators=[
        _required(_l("Please enter your name.")), Length(max=120), single_line],
        render_kw={"autocomplete": "name"})
    organisation = StringField(_l("Organisation"), validators=[
        _required(_l("Please enter your organisation.")), Length(max=200), single_line],
        render_kw={"autocomplete": "organization"})
    country = SelectField(_l("Country"), validators=[_required(_l("Please choose your country."))])
    email = EmailField(_l("Your email address"), validators=[
        _required(_l("Please enter your email address.")), Length(max=254), plain_email],
        render_kw={"autocomplete": "email"},
        description=_l("Providers reply to this address. It is not published."))
    subject = StringField(_l("Subject"), validators=[
        _required(_l("Please enter a subject.")), Length(max=150), single_line])
    message = TextAreaField(_l("Message"), validators=[
        _required(_l("Please write your message.")), Length(min=10, max=5000)],
        description=_l("What do you need, where, and by when?"))
    # The honeypot: hidden by CSS (never by `type=hidden`, which bots skip); people leave it empty.
    website = StringField(_l("Leave this field empty"), render_kw={"autocomplete": "off", "tabindex": "-1"})

    def __init__(self, lang: str, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.country.choices = [("", _l("Choose…"))] + taxonomy.country_choices(lang)


def chosen_ids(values) -> list[str]:
    """The provider ids in the request: plausible-looking, de-duplicated, in order."""
    return list(dict.fromkeys(v for v in values if PROVIDER_ID.match(v)))


@bp.route("/enquiry", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["ENQUIRY_RATE_LIMIT"], methods=["POST"])
def enquire():
    """To the providers named in the request (a profile's button) or, with none named, the shortlist."""
    lang = current_lang()
    form = EnquiryForm(lang)
    source = request.form if request.method == "POST" else request.args
    ids = chosen_ids(source.getlist("provider"))
    from_shortlist = request.method == "GET" and not ids
    if from_shortlist:
        ids = shortlist.ids()
    problem = None
    if not ids:
        problem = _l("Your shortlist is empty. Add providers to it from the search results or a provider's "
                     "page, then send one enquiry to all of them.")
    elif len(ids) > enquiries.MAX_PROVIDERS:
        problem = _l("You can write to at most %(max)d providers at once.", max=enquiries.MAX_PROVIDERS)
    if form.validate_on_submit() and problem is None:
        recipients = enquiries.public_listings(ids)
        if not form.website.data:  # a filled honeypot is answered like success, and nothing happens
            enquiries.relay(ids, name=form.name.data.strip(), organisation=form.organisation.data.strip(),
                            country=form.country.data, email=form.email.data, subject=form.subject.data.strip(),
                            message=form.message.data.strip(), lang=lang)
            receipts.send(form.email.data, recipients, lang)
        if set(ids) == set(shortlist.ids()):
            shortlist.save([])  # written to: the next search starts a new shortlist
        session[SENT_KEY] = [listing.public_id for listing in recipients]
        return redirect(url_for("public.enquiry_sent"))
    providers = enquiries.public_listings(ids[:enquiries.MAX_PROVIDERS])
    return render_template("public/enquiry.html", form=form, ids=ids, providers=providers, problem=problem,
                           from_shortlist=from_shortlist)


@bp.route("/enquiry/sent")
def enquiry_sent():
    recipients = enquiries.public_listings(session.get(SENT_KEY) or [])
    return render_template("public/enquiry_sent.html", recipients=recipients)
