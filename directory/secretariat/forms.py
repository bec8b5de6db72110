"""The secretariat's forms: decisions with reasons (POST, CSRF) and list filters (GET)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Form, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

REASON_MAX = 2000


class ApproveForm(FlaskForm):
    # The revision and version the reviewer looked at ("id:version"): any write since then
    # (a member's save, a resubmission) must be reviewed again (S31).
    seen = HiddenField()


class ReasonForm(FlaskForm):
    """Reject, suspend and reinstate all need a reason the member (and the audit trail) can read.
    Several appear on one page, each with its own prefix."""

    reason = TextAreaField(_l("Reason"), validators=[
        DataRequired(message=_l("Please give a reason; the member will read it.")),
        Length(max=REASON_MAX, message=_l("At most %(max)d characters.", max=REASON_MAX))])


class RejectForm(ReasonForm):
    seen = HiddenField()  # like ApproveForm: the decision is on the version the reviewer saw


class ListingFilterForm(Form):
    """GET filters of the "All listings" page; nothing here changes state, so no CSRF token."""

    q = StringField(_l("Name, BR number or listing id"), validators=[Optional(), Length(max=200)])
    status = SelectField(_l("Status"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Set after construction: WTForms 3.3 warns about tuple choices given to the constructor.
        self.status.choices = [
            ("", _l("Any status")), ("approved", _l("Approved and published")), ("submitted", _l("Awaiting review")),
            ("draft", _l("Draft")), ("rejected", _l("Returned for changes")), ("suspended", _l("Suspended")),
            ("stale", _l("Not verified for 12 months"))]


class AuditFilterForm(Form):
    listing = StringField(_l("Listing (name, BR number or id)"), validators=[Optional(), Length(max=200)])
    person = StringField(_l("Person (email)"), validators=[Optional(), Length(max=254)])
    action = SelectField(_l("Action"), validators=[Optional()])
