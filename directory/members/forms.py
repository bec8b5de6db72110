"""The listing form. Format rules always apply; completeness rules only when submitting."""
import re
from datetime import date

import phonenumbers
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (BooleanField, FieldList, Form, FormField, HiddenField, SelectField,
                     StringField, SubmitField, TextAreaField)
from wtforms.validators import Email, Length, Optional, ValidationError

from .. import taxonomy
from ..form_fields import CheckList, CodeList
from ..i18n import current_lang

TEXT_FIELDS = ("company_name_en", "company_name_zh", "br_number", "website", "email", "phone",
               "address_en", "address_zh", "summary_en", "summary_zh", "description_en",
               "description_zh", "contact_name", "contact_title", "scc_member_no")
BR_RE = re.compile(r"^\d{8}$")
MAX_REFERENCES = 20


def _text(label, max_len, **kw):
    return StringField(label, validators=[Optional(), Length(
        max=max_len, message=_l("At most %(max)d characters.", max=max_len))], **kw)


def _area(label, max_len, **kw):
    return TextAreaField(label, validators=[Optional(), Length(
        max=max_len, message=_l("At most %(max)d characters.", max=max_len))], **kw)


class ReferenceForm(Form):
    """One project reference. A row left completely empty is ignored."""

    title_en = _text(_l("Project title (English)"), 200)
    title_zh = _text(_l("Project title (Chinese)"), 200)
    country = SelectField(_l("Country"), validators=[Optional()])
    city = _text(_l("City"), 100)
    year = StringField(_l("Year"), validators=[Optional()])
    client_type = SelectField(_l("Client type"), validators=[Optional()])
    role = SelectField(_l("Our role"), validators=[Optional()])
    description = _area(_l("Short description"), 1000)

    def validate_year(self, field):
        if field.data and not (field.data.strip().isdigit() and 1950 <= int(field.data) <= date.today().year + 5):
            raise ValidationError(_l("Please enter a year such as 2021."))

    def is_blank(self) -> bool:
        return not any((f.data or "").strip() for f in (self.title_en, self.title_zh, self.country,
                                                          self.city, self.year, self.description))


def _reference_data(form: "ReferenceForm") -> dict:
    year = (form.year.data or "").strip()
    return {"title_en": (form.title_en.data or "").strip(), "title_zh": (form.title_zh.data or "").strip(),
            "country": form.country.data or "", "city": (form.city.data or "").strip(),
            "year": int(year) if year.isdigit() else None, "client_type": form.client_type.data or "",
            "role": form.role.data or "", "description": (form.description.data or "").strip()}


class ListingForm(FlaskForm):
    company_name_en = _text(_l("Company name (English)"), 200)
    company_name_zh = _text(_l("Company name (Chinese)"), 200)
    br_number = StringField(_l("Business Registration number"), validators=[Optional()],
                            description=_l("The 8 digits at the start of your Hong Kong BR certificate number."))
    year_established = StringField(_l("Year established"), validators=[Optional()])
    staff_size = SelectField(_l("Staff size"), validators=[Optional()])
    website = _text(_l("Website"), 300, description=_l("Starts with https:// or http://"))
    email = StringField(_l("Contact email"), validators=[Optional(), Length(max=254), Email(
        message=_l("Please enter a valid email address, like name@company.com."))],
        description=_l("Enquiries from buyers are relayed here. It is never shown publicly."))
    phone = _text(_l("Phone"), 40, description=_l("Hong Kong numbers need no country code."))
    address_en = _area(_l("Office address (English)"), 300)
    address_zh = _area(_l("Office address (Chinese)"), 300)
    summary_en = _text(_l("One-line summary (English)"), 200)
    summary_zh = _text(_l("One-line summary (Chinese)"), 200)
    description_en = _area(_l("Description (English)"), 5000)
    description_zh = _area(_l("Description (Chinese)"), 5000)
    capabilities = CheckList(_l("Capabilities"))
    regions = CheckList(_l("Regions served"))
    countries = CodeList(_l("Countries served"))
    certifications = _text(_l("Certifications"), 500, description=_l("Separate them with semicolons, e.g. ISO 9001; ISO 27001"))
    languages = CheckList(_l("Languages your team works in"))
    contact_name = _text(_l("Contact person"), 120)
    contact_title = _text(_l("Title"), 120)
    scc_member_no = _text(_l("SCC member number"), 40)
    hktdc_consent = BooleanField(_l("I agree that the association may share this listing with HKTDC"))
    logo = FileField(_l("Logo"), description=_l("PNG, JPEG or WebP, at most 2 MB."))
    remove_logo = BooleanField(_l("Remove the current logo"))
    pending_logo = HiddenField()  # a logo already stored while other fields still had errors
    references = FieldList(FormField(ReferenceForm), min_entries=0, max_entries=MAX_REFERENCES)

    save = SubmitField(_l("Save draft"))
    add_reference = SubmitField(_l("Add a project reference"))
    submit_listing = SubmitField(_l("Submit for review"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        lang = current_lang()
        self.staff_size.choices = [("", _l("Choose…"))] + taxonomy.choices(taxonomy.STAFF_SIZES, lang)
        self.capabilities.choices = taxonomy.capability_choices(lang)
        self.regions.choices = taxonomy.region_choices(lang)
        self.countries.choices = taxonomy.country_choices(lang)
        self.languages.choices = taxonomy.choices(taxonomy.WORK_LANGUAGES, lang)
        self.set_reference_choices()

    def set_reference_choices(self):
        lang = current_lang()
        blank = [("", _l("Choose…"))]
        for entry in self.references:
            entry.country.choices = blank + self.countries.choices
            entry.client_type.choices = blank + taxonomy.choices(taxonomy.CLIENT_TYPES, lang)
            entry.role.choices = blank + taxonomy.choices(taxonomy.PROJECT_ROLES, lang)

    def add_blank_reference(self):
        if len(self.references) < MAX_REFERENCES:
            self.references.append_entry()
            self.set_reference_choices()

    def remove_reference(self, index: int):
        """Drop row `index` (0-based) keeping the others' input."""
        kept = [e.data for i, e in enumerate(self.references) if i != index]
        while len(self.references):
            self.references.pop_entry()
        for row in kept:
            self.references.append_entry(row)
        self.set_reference_choices()

    def to_data(self) -> dict:
        """The form's values in the listing data shape (docs/listing-data.md); logo handled apart."""
        text = lambda f: (f.data or "").strip()  # noqa: E731
        data = {name: text(getattr(self, name)) for name in TEXT_FIELDS}
        data["year_established"] = int(text(self.year_established)) if text(self.year_established) else None
        data["staff_size"] = self.staff_size.data or None
        data["capabilities"] = list(self.capabilities.data or [])
        data["regions_served"] = list(self.regions.data or []) + list(self.countries.data or [])
        data["certifications"] = [c.strip() for c in re.split(r"[;；\n]", self.certifications.data or "") if c.strip()]
        data["languages"] = list(self.languages.data or [])
        data["hktdc_consent"] = bool(self.hktdc_consent.data)
        data["references"] = [_reference_data(e.form) for e in self.references if not e.form.is_blank()]
        return data

    @staticmethod
    def form_data(data: dict) -> dict:
        """Listing data → the keyword data a ListingForm is built from."""
        served = data.get("regions_served") or []
        out = {name: data.get(name) or "" for name in TEXT_FIELDS}
        out.update(
            year_established=str(data.get("year_established") or ""),
            staff_size=data.get("staff_size") or "",
            capabilities=data.get("capabilities") or [],
            regions=[c for c in served if taxonomy.is_region(c)],
            countries=[c for c in served if not taxonomy.is_region(c)],
            certifications="; ".join(data.get("certifications") or []),
            languages=data.get("languages") or [],
            hktdc_consent=bool(data.get("hktdc_consent")),
            references=[{**r, "year": str(r.get("year") or "")} for r in data.get("references") or []],
        )
        return out

    # Format rules: checked on every save, so a draft never stores malformed values.
    def validate_br_number(self, field):
        value = re.sub(r"\s", "", field.data or "")
        if value and not BR_RE.match(value):
            raise ValidationError(_l("A BR number is exactly 8 digits, e.g. 12345678."))
        field.data = value

    def validate_year_established(self, field):
        value = (field.data or "").strip()
        if value and not (value.isdigit() and 1800 <= int(value) <= date.today().year):
            raise ValidationError(_l("Please enter a year between 1800 and this year."))

    def validate_website(self, field):
        value = (field.data or "").strip()
        if value and not re.match(r"^https?://[^\s/$.?#][^\s]*\.[^\s]+$", value, re.IGNORECASE):
            raise ValidationError(_l("Please enter a web address that starts with https:// or http://."))

    def validate_phone(self, field):
        value = (field.data or "").strip()
        if not value:
            return
        try:
            number = phonenumbers.parse(value, "HK")
        except phonenumbers.NumberParseException:
            number = None
        if number is None or not phonenumbers.is_valid_number(number):
            raise ValidationError(_l("Please enter a valid phone number, e.g. 2123 4567 or +86 10 1234 5678."))
        field.data = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)

    def check_complete(self) -> bool:
        """Completeness rules for submitting; adds field errors, returns True when complete."""
        required = _l("This is required before you submit.")
        missing = []
        if not (self.company_name_en.data or "").strip() and not (self.company_name_zh.data or "").strip():
            missing.append((self.company_name_en, _l("Enter the company name in English, Chinese or both.")))
        for field in (self.br_number, self.email):
            if not (field.data or "").strip():
                missing.append((field, required))
        if not (self.summary_en.data or "").strip() and not (self.summary_zh.data or "").strip():
            missing.append((self.summary_en, _l("Write a one-line summary in English, Chinese or both.")))
        if not self.capabilities.data:
            missing.append((self.capabilities, _l("Choose at least one capability.")))
        if not self.regions.data and not self.countries.data:
            missing.append((self.regions, _l("Choose at least one region or country.")))
        for field, message in missing:
            field.errors = list(field.errors) + [message]
        return not missing
