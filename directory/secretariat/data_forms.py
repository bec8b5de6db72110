"""Forms of the secretariat's export and import pages."""
from datetime import datetime, time, timezone

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, DateField, RadioField, SubmitField
from wtforms.validators import InputRequired, Optional

from directory import taxonomy
from directory.core.form_fields import CheckList, CodeList
from directory.core.i18n import LANGS, NATIVE_NAMES, current_lang
from directory.data_exchange.exporting import ExportRequest
from directory.listings import fields


class ExportForm(FlaskForm):
    format = RadioField(_l("Format"), default="hktdc-csv", validators=[InputRequired()])
    capability = CheckList(_l("Capabilities"))
    region = CodeList(fields.field("regions_served").diff_label)  # the declared column name
    delivered_in = CodeList(_l("Projects delivered in"))
    staff_size = CheckList(_l("Staff size"))
    changed_since = DateField(_l("Changed since (date)"), validators=[Optional()],
                              description=_l("Only listings approved on or after this day (UTC)."))
    since_last_export = BooleanField(_l("Only listings changed since the last export in this format"))
    lang = RadioField(_l("Headings and labels of the Excel workbook"), default="en", validators=[Optional()])
    submit = SubmitField(_l("Download the export"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        lang = current_lang()
        self.lang.choices = [(code, NATIVE_NAMES[code]) for code in LANGS]
        if not self.lang.raw_data:
            self.lang.data = lang  # the workbook speaks the reader's language unless told otherwise
        self.format.choices = [
            ("hktdc-csv", _l("HKTDC CSV: the listing CSV for HKTDC (UTF-8, opens in Excel)")),
            ("xlsx", _l("Excel workbook (.xlsx): the same columns, plus a sheet of project references")),
            ("hsds", _l("Open Referral HSDS 3.0 data package (.zip), for other directories")),
        ]
        self.capability.choices = taxonomy.capability_choices(lang)
        self.region.choices = taxonomy.region_choices(lang) + taxonomy.country_choices(lang)
        self.delivered_in.choices = taxonomy.country_choices(lang)
        self.staff_size.choices = taxonomy.choices(taxonomy.STAFF_SIZES, lang)

    def to_request(self) -> ExportRequest:
        since = self.changed_since.data
        return ExportRequest(
            format=self.format.data, capability=list(self.capability.data or []),
            region=list(self.region.data or []), delivered_in=list(self.delivered_in.data or []),
            staff_size=list(self.staff_size.data or []),
            changed_since=datetime.combine(since, time.min, tzinfo=timezone.utc) if since else None,
            since_last_export=bool(self.since_last_export.data),
            lang=self.lang.data if self.lang.data in LANGS else current_lang())


class ImportForm(FlaskForm):
    file = FileField(_l("Listing CSV file"), validators=[FileRequired(_l("Please choose a CSV file."))],
                     description=_l("The listing CSV of the contract (the HKTDC CSV export is accepted "
                                    "as it is), UTF-8, at most 4 MB."))
    dry_run = BooleanField(_l("Dry run: check the file and show what would change, write nothing"),
                           default=True)
    publish = BooleanField(_l("Publish the rows at once (approve them) instead of sending them to the "
                              "review queue"))
    submit = SubmitField(_l("Check and import"))
