"""The listing form, built from the declaration (directory/listings/fields.py): each listing
field's label, hint, length limit and rule come from there. A draft save keeps everything typed:
values that break a rule are stored apart (``invalid_input``) and flagged; only submitting
needs every rule met."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (BooleanField, FieldList, Form, FormField, HiddenField, SelectField,
                     StringField, SubmitField, TextAreaField)
from wtforms.validators import Optional, ValidationError

from directory import taxonomy
from directory.core import collation
from directory.core.form_fields import CheckList, CodeList
from directory.core.i18n import current_lang
from directory.listings import fields as declared
from directory.listings.completeness import missing_for_submit

TYPED = ("text", "multiline", "url", "email", "phone", "br", "int", "text_list")  # kinds typed as text
#: Listing fields typed as text, in the form's order (a rule-breaking value goes to invalid_input).
TEXT_FIELDS = tuple(f.name for f in declared.FIELDS if f.editable and f.kind in TYPED)
MAX_REFERENCES = declared.MAX_REFERENCES
#: A project reference's sub-fields typed as text.
REFERENCE_TEXT = tuple(f.name for f in declared.REFERENCE_FIELDS if f.kind in TYPED)


class Declared:
    """The declaration's rule for one field (fields.parse): a refused value raises its message; a
    BR number or phone number is shown back as it is stored (no spaces, E.164)."""

    def __init__(self, spec: declared.Field):
        self.spec = spec
        self.field_flags = {"maxlength": spec.max_length} if spec.max_length else {}

    def __call__(self, form, field):
        value, problem = declared.parse(self.spec, field.data)
        if problem is not None:
            raise ValidationError(problem.message)
        if self.spec.kind in ("br", "phone"):
            field.data = value


def _unbound(spec: declared.Field):
    """The WTForms field for a declared field (code choices are set per request, in __init__)."""
    hint = {"description": spec.help} if spec.help else {}
    if spec.kind == "multiline":
        return TextAreaField(spec.label, validators=[Optional(), Declared(spec)], **hint)
    if spec.kind == "code":
        return SelectField(spec.label, validators=[Optional()], **hint)
    if spec.kind == "codes":
        return CheckList(spec.label, **hint)
    if spec.kind == "bool":
        return BooleanField(spec.label, **hint)
    if spec.kind == "file":
        return FileField(spec.label, **hint)
    return StringField(spec.label, validators=[Optional(), Declared(spec)], **hint)


def _reference_fields() -> dict:
    return {spec.name: _unbound(spec) for spec in declared.REFERENCE_FIELDS}


def _raw(field) -> str:
    """What the member typed, before any normalisation a validator made."""
    return field.raw_data[0] if field.raw_data else (field.data or "")


def _typed_value(spec: declared.Field, field):
    """A valid typed field's value in the data shape."""
    return declared.parse(spec, field.data)[0]


_REFERENCE_DECLARED = _reference_fields()  # made before the classes: the declaration's order first


class ReferenceForm(Form):
    """One project reference. A row left completely empty is ignored; a ticked "remove" drops it."""

    remove = BooleanField(_l("Remove this reference when I save"))

    def is_blank(self) -> bool:
        return not any((getattr(self, name).data or "").strip() for name in (*REFERENCE_TEXT, "country"))


for _name, _field in _REFERENCE_DECLARED.items():
    setattr(ReferenceForm, _name, _field)


def _reference_data(form: "ReferenceForm") -> tuple[dict, dict]:
    """(the reference in the data shape, the raw text of its invalid fields by sub-field name)."""
    data, invalid = {}, {}
    for spec in declared.REFERENCE_FIELDS:
        field = getattr(form, spec.name)
        empty = None if spec.kind == "int" else ""
        if field.errors:
            data[spec.name] = empty
            if spec.kind in TYPED:
                invalid[spec.name] = _raw(field)
        elif spec.kind in TYPED:
            value = _typed_value(spec, field)
            data[spec.name] = empty if value in (None, "") else value
        else:
            data[spec.name] = field.data or ""
    return data, invalid


def _listing_fields() -> dict:
    """The declared listing fields the member edits, as WTForms fields, in the declaration's order."""
    out = {}
    for spec in declared.FIELDS:
        if spec.name == "regions_served":  # one data key, two controls: regions, then countries
            out["regions"] = CheckList(spec.label)
            out["countries"] = CodeList(_l("Countries served"))
        elif spec.name == "references":
            out["references"] = FieldList(FormField(ReferenceForm), spec.label, min_entries=0,
                                          max_entries=MAX_REFERENCES)
        elif spec.editable:
            out[spec.name] = _unbound(spec)
    return out


_LISTING_DECLARED = _listing_fields()


class ListingForm(FlaskForm):
    """The member's listing form: the declared fields (added below) plus the logo's helpers and
    the buttons."""

    remove_logo = BooleanField(_l("Remove the current logo"))
    pending_logo = HiddenField()  # a logo already stored while other fields still had errors

    save = SubmitField(_l("Save draft"))
    add_reference = SubmitField(_l("Add a project reference"))
    submit_listing = SubmitField(_l("Submit for review"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        lang = current_lang()
        for spec in declared.FIELDS:  # a vocabulary's codes with their labels in the reader's language
            field = self._fields.get(spec.name)
            if field is not None and spec.kind in ("code", "codes"):
                blank = [("", _l("Choose…"))] if spec.kind == "code" else []
                field.choices = blank + spec.codes().choices(lang)
        self.regions.choices = taxonomy.region_choices(lang)
        self.countries.choices = collation.sorted_by_label(taxonomy.country_choices(lang), lang)
        self.set_reference_choices()

    def set_reference_choices(self):
        lang = current_lang()
        blank = [("", _l("Choose…"))]
        for entry in self.references:
            entry.country.choices = blank + self.countries.choices  # the reader's collation
            entry.client_type.choices = blank + declared.reference_field("client_type").codes().choices(lang)
            entry.role.choices = blank + declared.reference_field("role").codes().choices(lang)

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
        nothing typed is lost, and nothing malformed reaches the listing's fields. A crafted
        unknown code is dropped, not kept (it was never typed).
        """
        invalid, data = {}, {}
        known = lambda f: [c for c in dict.fromkeys(f.data or []) if c in dict(f.choices)]  # noqa: E731
        for spec in declared.FIELDS:
            field = self._fields.get(spec.name)
            if spec.kind in TYPED and field is not None:
                if field.errors:
                    invalid[spec.name] = _raw(field)
                else:
                    data[spec.name] = _typed_value(spec, field)
            elif spec.kind == "code" and field is not None and not field.errors:
                data[spec.name] = field.data or None
            elif spec.kind == "codes" and field is not None:
                data[spec.name] = known(field)
            elif spec.kind == "bool" and field is not None:
                data[spec.name] = bool(field.data)
        data["regions_served"] = list(dict.fromkeys(known(self.regions) + known(self.countries)))
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
        out = {}
        for spec in declared.FIELDS:
            value = data.get(spec.name)
            if spec.kind == "text_list":
                out[spec.name] = "; ".join(value or [])
            elif spec.kind in TYPED or spec.kind == "code":
                out[spec.name] = "" if value is None else str(value)
            elif spec.kind == "codes":
                out[spec.name] = value or []
            elif spec.kind == "bool":
                out[spec.name] = bool(value)
        served = data.get("regions_served") or []
        out.pop("regions_served", None)
        out.update(regions=[c for c in served if taxonomy.is_region(c)],
                   countries=[c for c in served if not taxonomy.is_region(c)],
                   references=[{**r, "year": str(r.get("year") or "")} for r in data.get("references") or []])
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
            field.validate(self)

    def labels(self) -> dict:
        """Field id → label text, in the form's order (the completeness panel's links)."""
        out = {name: str(f.label.text) for name, f in self._fields.items()
               if f.type not in ("SubmitField", "HiddenField", "CSRFTokenField", "FieldList")}
        for name, f in ReferenceForm()._fields.items():
            out[f"references-{name}"] = str(f.label.text)
        return out

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

    def mark_problems(self, problems: list) -> None:
        """Mark the fields the service's submit rule refused ((data key, message) pairs)."""
        for key, message in problems:
            try:
                anchor = declared.field(key).anchor
            except KeyError:
                anchor = key  # an invalid_input name: the form field's own name
            field = self._fields.get(anchor)
            if field is not None and not field.errors:
                field.errors = list(field.errors) + [message]


for _name, _field in _LISTING_DECLARED.items():  # the declared fields, in the declaration's order
    setattr(ListingForm, _name, _field)
