"""The listing form. A draft save keeps everything typed: values that break a format rule are
stored apart (``invalid_input``) and flagged; only submitting needs every rule met."""
import re
from datetime import date

import phonenumbers
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (BooleanField, FieldList, Form, FormField, HiddenField, SelectField,
                     StringField, SubmitField, TextAreaField)
from wtforms.validators import Email, Length, Optional, ValidationError

from directory import taxonomy
from directory.core import collation
from directory.core.form_fields import CheckList, CodeList
from directory.core.i18n import current_lang
from directory.listings.completeness import missing_for_submit

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


#: A project reference's text, each in English and Chinese (docs/listing-data.md).
REFERENCE_TEXT = ("title_en", "title_zh", "city_en", "city_zh", "description_en", "description_zh")


class ReferenceForm(Form):
    """One project reference. A row left completely empty is ignored; a ticked "remove" drops it."""

    title_en = _text(_l("Project title (English)"), 200)
    title_zh = _text(_l("Project title (Chinese)"), 200)
    country = SelectField(_l("Country"), validators=[Optional()])
    city_en = _text(_l("City (English)"), 100)
    city_zh = _text(_l("City (Chinese)"), 100)
    year = StringField(_l("Year"), validators=[Optional()])
    client_type = SelectField(_l("Client type"), validators=[Optional()])
    role = SelectField(_l("Our role"), validators=[Optional()])
    description_en = _area(_l("Short description (English)"), 1000)
    description_zh = _area(_l("Short description (Chinese)"), 1000)
    remove = BooleanField(_l("Remove this reference when I save"))

    def validate_year(self, field):
        value = (field.data or "").strip()
        if value and not (value.isdigit() and 1950 <= int(value) <= date.today().year + 5):
            raise ValidationError(_l("Please enter a year such as 2021."))

    def is_blank(self) -> bool:
        return not any((getattr(self, name).data or "").strip() for name in (*REFERENCE_TEXT, "country", "year"))


def _reference_data(form: "ReferenceForm") -> tuple[dict, dict]:
    """(the reference in the data shape, the raw text of its invalid fields by sub-field name)."""
    ok = lambda f: not f.errors  # noqa: E731
    year = (form.year.data or "").strip()
    data = {name: (getattr(form, name).data or "").strip() if ok(getattr(form, name)) else ""
            for name in REFERENCE_TEXT}
    data.update(country=form.country.data or "" if ok(form.country) else "",
                year=int(year) if ok(form.year) and year.isdigit() else None,
                client_type=form.client_type.data or "" if ok(form.client_type) else "",
                role=form.role.data or "" if ok(form.role) else "")
    invalid = {name: _raw(getattr(form, name)) for name in (*REFERENCE_TEXT, "year") if getattr(form, name).errors}
    return data, invalid


def _raw(field) -> str:
    """What the member typed, before any normalisation a validator made."""
    return field.raw_data[0] if field.raw_data else (field.data or "")


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
        self.countries.choices = collation.sorted_by_label(taxonomy.country_choices(lang), lang)
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

    def drop_removed_references(self):
        """After a save: the rows ticked "remove" are gone from the draft, so from the page too."""
        kept = [e.data for e in self.references if not e.form.remove.data]
        if len(kept) == len(self.references):
            return
        while len(self.references):
            self.references.pop_entry()
        for row in kept:
            self.references.append_entry(row)
        self.set_reference_choices()

    def to_data(self) -> dict:
        """The form's values in the listing data shape (docs/listing-data.md); logo handled apart.

        Call after validate(). A field that breaks a rule keeps its stored value (its key is left
        out, so the save merges over the old data) and its raw text goes to ``invalid_input``:
        nothing typed is lost, and nothing malformed reaches the listing's fields.
        """
        invalid = {}
        data = {}
        for name in TEXT_FIELDS:
            field = getattr(self, name)
            if field.errors:
                invalid[name] = _raw(field)
            else:
                data[name] = (field.data or "").strip()
        year = (self.year_established.data or "").strip()
        if self.year_established.errors:
            invalid["year_established"] = _raw(self.year_established)
        else:
            data["year_established"] = int(year) if year else None
        if not self.staff_size.errors:
            data["staff_size"] = self.staff_size.data or None
        if self.certifications.errors:
            invalid["certifications"] = _raw(self.certifications)
        else:
            data["certifications"] = [c.strip() for c in re.split(r"[;；\n]", self.certifications.data or "")
                                      if c.strip()]
        known = lambda f: [c for c in dict.fromkeys(f.data or []) if c in dict(f.choices)]  # noqa: E731
        data["capabilities"] = known(self.capabilities)  # a crafted unknown code is dropped, not kept
        data["regions_served"] = list(dict.fromkeys(known(self.regions) + known(self.countries)))
        data["languages"] = known(self.languages)
        data["hktdc_consent"] = bool(self.hktdc_consent.data)
        data["references"] = []
        for entry in self.references:
            if entry.form.remove.data or entry.form.is_blank():
                continue
            ref, bad = _reference_data(entry.form)
            invalid.update({f"references-{len(data['references'])}-{k}": v for k, v in bad.items()})
            data["references"].append(ref)
        data["invalid_input"] = invalid or None
        return data

    @staticmethod
    def form_data(data: dict) -> dict:
        """Listing data → the keyword data a ListingForm is built from (invalid input shown as typed)."""
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
        for name, raw in (data.get("invalid_input") or {}).items():
            parts = name.split("-", 2)
            if len(parts) == 3 and parts[1].isdigit() and int(parts[1]) < len(out["references"]):
                out["references"][int(parts[1])][parts[2]] = raw
            elif name in out:
                out[name] = raw
        return out

    def flag_invalid(self, invalid: dict | None):
        """Show the errors of the stored invalid input again (a page opened later, in any language)."""
        for name in invalid or {}:
            parts = name.split("-", 2)
            if len(parts) == 3 and parts[1].isdigit() and int(parts[1]) < len(self.references):
                entry = self.references.entries[int(parts[1])]
                sub = entry.form._fields.get(parts[2])
                if sub is not None:
                    sub.raw_data = [sub.data or ""]  # Optional() skips a field with no raw input
                    entry.form.validate()
                continue
            field = self._fields.get(name)
            if field is None:
                continue
            field.raw_data = [field.data or ""]
            inline = getattr(type(self), f"validate_{name}", None)
            field.validate(self, [inline] if inline else [])

    def labels(self) -> dict:
        """Field id → label text, in the form's order (the completeness panel's links)."""
        out = {name: str(f.label.text) for name, f in self._fields.items()
               if f.type not in ("SubmitField", "HiddenField", "CSRFTokenField", "FieldList")}
        for name, f in ReferenceForm()._fields.items():
            out[f"references-{name}"] = str(f.label.text)
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

    def check_complete(self, data: dict) -> bool:
        """Completeness rules for submitting `data` (as saved); marks the fields, True when complete.

        A field already marked for its format gets no second message.
        """
        missing = missing_for_submit(data)
        for item in missing:
            field = self._fields[item.field]
            if not field.errors:
                field.errors = list(field.errors) + [item.message]
        return not missing
