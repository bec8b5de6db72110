"""A listing's fields, declared once (issue #10; the data shape is docs/listing-data.md).

Each :class:`Field` says what a key of ``ListingRevision.data`` is: its label (lazy, translated
in the reader's language), kind, limits, whether it is needed to submit, who sees it (buyers,
the CSV), its export heading, its review-diff label and what the search document builds from
it. The member form, the submit rule (completeness), the review diff, the CSV import and the
exports, the API and the demo generator derive from this module; ``tests/test_listing_fields.py``
walks it and fails when a consumer misses a field.

The API, small on purpose:

* ``FIELDS`` (the member form's order), ``REFERENCE_FIELDS`` (a project reference's keys),
  ``field(name)``, ``reference_field(name)``, ``MAX_REFERENCES``;
* ``parse(f, text) -> (value, Problem | None)``: typed text (a form field, a CSV cell) → the
  data shape (stripped; BR spaces dropped, phone in E.164, year as int, lists split);
* ``check(f, value) -> Problem | None``: one value already in the data shape (``None`` when
  empty: being required is the submit rule's business). ``f`` is a Field or a name;
* ``missing_to_submit(data) -> [Missing(field, message, anchor)]`` and
  ``problems_to_submit(data)`` (missing, plus every value ``check`` refuses, plus a draft's
  ``invalid_input``): the submit rule, enforced by ``operations.submit``;
* ``CSV_COLUMNS`` (CONTRACT §4, in order), ``DERIVED_COLUMNS``, ``csv_field(column)``,
  ``column_label(column)``; ``public_fields()``, ``searchable_fields()``;
* ``markdown_table()``: the tables of docs/listing-data.md (``python -m directory.listings.fields``).

Kinds: ``text`` (one line), ``multiline``, ``int``, ``bool``, ``url``, ``email``, ``phone``,
``br`` (8 digits), ``code`` (one vocabulary code), ``codes`` (a list of them), ``text_list``
(free-text items, ``;``-separated when typed), ``file`` (a stored logo's name), ``timestamp``,
``references``, ``internal`` (``invalid_input``).
"""
from dataclasses import dataclass
from datetime import date
from typing import Any, Callable

from flask_babel import lazy_gettext as _l

from directory import taxonomy

MAX_REFERENCES = 20


def _this_year() -> int:
    return date.today().year


@dataclass(frozen=True)
class Field:
    name: str  # the data key
    kind: str
    label: Any  # lazy string: the member form's label, shared msgid
    max_length: int | None = None  # text kinds; a text_list: the typed (joined) text
    minimum: int | None = None  # int
    maximum: Callable[[], int] | None = None  # int: evaluated when checked (today's year)
    codes: Callable[[], Any] | None = None  # code/codes: the valid codes (a container)
    required: bool | str = False  # True, or a group name: at least one field of the group
    missing: Any = None  # what the completeness panel says when it is missing
    public: bool = False  # buyers see it: the profile and the API
    api_key: str | None = None  # its key in the API's provider JSON (public fields)
    csv_column: str | None = None  # CONTRACT §4 column (same name as the key)
    export_label: Any = None  # the xlsx heading
    diff_label: Any = None  # review diff; for an _en/_zh pair, the pair's label
    search: tuple[str, ...] = ()  # search document keys built from it
    form: tuple[str, ...] | None = None  # member form field names; () = not edited there
    help: Any = None  # the form's hint under the field
    range_message: Any = None  # int: the message for a value out of range

    @property
    def form_names(self) -> tuple[str, ...]:
        return (self.name,) if self.form is None else self.form

    @property
    def editable(self) -> bool:
        return bool(self.form_names)

    @property
    def anchor(self) -> str:
        """The form field id a message about this field links to."""
        return self.form_names[0] if self.form_names else self.name

    @property
    def pair(self) -> str | None:
        """"company_name" for company_name_en / _zh (a bilingual pair), else None."""
        base, _sep, lang = self.name.rpartition("_")
        return base if lang in ("en", "zh") and self.kind in ("text", "multiline") else None


def _f(name, kind, label, **kw) -> Field:
    return Field(name, kind, label, **kw)


_REQUIRED = _l("This is required before you submit.")
_NAME_MISSING = _l("Enter the company name in English, Chinese or both.")
_SUMMARY_MISSING = _l("Write a one-line summary in English, Chinese or both.")
_YEAR_RANGE = _l("Please enter a year between 1800 and this year.")
_AREAS = lambda: set(taxonomy.REGION_CODES) | set(taxonomy.country_codes())  # noqa: E731

#: The listing's keys, in the member form's order.
FIELDS: tuple[Field, ...] = (
    _f("company_name_en", "text", _l("Company name (English)"), max_length=200, required="company_name",
       missing=_NAME_MISSING, public=True, api_key="name_en", csv_column="company_name_en",
       export_label=_l("Company name (English)"), diff_label=_l("Company name"), search=("name_en", "sort_name")),
    _f("company_name_zh", "text", _l("Company name (Chinese)"), max_length=200, required="company_name",
       missing=_NAME_MISSING, public=True, api_key="name_zh", csv_column="company_name_zh",
       export_label=_l("Company name (Chinese)"), diff_label=_l("Company name"),
       search=("name_zh", "sort_name_hant", "sort_name_hans")),
    _f("br_number", "br", _l("Business Registration number"), required=True, missing=_REQUIRED,
       csv_column="br_number", export_label=_l("BR number"), diff_label=_l("Business Registration number"),
       help=_l("The 8 digits at the start of your Hong Kong BR certificate number.")),
    _f("year_established", "int", _l("Year established"), minimum=1800, maximum=_this_year,
       range_message=_YEAR_RANGE, public=True, api_key="year_established", csv_column="year_established",
       export_label=_l("Year established"), diff_label=_l("Year established")),
    _f("staff_size", "code", _l("Staff size"), codes=lambda: taxonomy.STAFF_SIZES, public=True,
       api_key="staff_size", csv_column="staff_size", export_label=_l("Staff size"),
       diff_label=_l("Staff size"), search=("staff_size",)),
    _f("website", "url", _l("Website"), max_length=300, public=True, api_key="website", csv_column="website",
       export_label=_l("Website"), diff_label=_l("Website"), help=_l("Starts with https:// or http://")),
    _f("email", "email", _l("Contact email"), max_length=254, required=True, missing=_REQUIRED,
       csv_column="email", export_label=_l("Contact email"), diff_label=_l("Contact email"),
       help=_l("Enquiries from buyers are relayed here. It is never shown publicly.")),
    _f("phone", "phone", _l("Phone"), max_length=40, csv_column="phone", export_label=_l("Phone"),
       diff_label=_l("Phone"), help=_l("Hong Kong numbers need no country code.")),
    _f("address_en", "multiline", _l("Office address (English)"), max_length=300, public=True,
       api_key="address_en", csv_column="address_en", export_label=_l("Address (English)"),
       diff_label=_l("Office address")),
    _f("address_zh", "multiline", _l("Office address (Chinese)"), max_length=300, public=True,
       api_key="address_zh", csv_column="address_zh", export_label=_l("Address (Chinese)"),
       diff_label=_l("Office address")),
    _f("summary_en", "text", _l("One-line summary (English)"), max_length=200, required="summary",
       missing=_SUMMARY_MISSING, public=True, api_key="summary_en", csv_column="summary_en",
       export_label=_l("Summary (English)"), diff_label=_l("One-line summary"), search=("summary_en",)),
    _f("summary_zh", "text", _l("One-line summary (Chinese)"), max_length=200, required="summary",
       missing=_SUMMARY_MISSING, public=True, api_key="summary_zh", csv_column="summary_zh",
       export_label=_l("Summary (Chinese)"), diff_label=_l("One-line summary"), search=("summary_zh",)),
    _f("description_en", "multiline", _l("Description (English)"), max_length=5000, public=True,
       api_key="description_en", csv_column="description_en", export_label=_l("Description (English)"),
       diff_label=_l("Description"), search=("description_en",)),
    _f("description_zh", "multiline", _l("Description (Chinese)"), max_length=5000, public=True,
       api_key="description_zh", csv_column="description_zh", export_label=_l("Description (Chinese)"),
       diff_label=_l("Description"), search=("description_zh",)),
    _f("capabilities", "codes", _l("Capabilities"), codes=lambda: taxonomy.CAPABILITIES, required=True,
       missing=_l("Choose at least one capability."), public=True, api_key="capabilities",
       csv_column="capabilities", export_label=_l("Capability codes"), diff_label=_l("Capabilities"),
       search=("capability_text", "capability")),
    # The member ticks regions and countries: the form says so; the secretariat's and buyers'
    # short name for the column (diff, filters, the workbook's label column) stays "Regions served".
    _f("regions_served", "codes", _l("Regions and countries served"), codes=_AREAS, required=True,
       missing=_l("Choose at least one region or country."), public=True, api_key="regions_served",
       csv_column="regions_served", export_label=_l("Regions served (codes)"), diff_label=_l("Regions served"),
       search=("extra_text", "region"), form=("regions", "countries")),
    _f("certifications", "text_list", _l("Certifications"), max_length=500, public=True,
       api_key="certifications", csv_column="certifications", export_label=_l("Certifications"),
       diff_label=_l("Certifications"), search=("extra_text",),
       help=_l("Separate them with semicolons, e.g. ISO 9001; ISO 27001")),
    _f("languages", "codes", _l("Languages your team works in"), codes=lambda: taxonomy.WORK_LANGUAGES,
       public=True, api_key="languages", diff_label=_l("Working languages")),
    _f("contact_name", "text", _l("Contact person"), max_length=120, csv_column="contact_name",
       export_label=_l("Contact person"), diff_label=_l("Contact person")),
    _f("contact_title", "text", _l("Title"), max_length=120, csv_column="contact_title",
       export_label=_l("Contact title"), diff_label=_l("Title")),
    _f("scc_member_no", "text", _l("SCC member number"), max_length=40, csv_column="scc_member_no",
       export_label=_l("Association member no."), diff_label=_l("SCC member number")),
    _f("hktdc_consent", "bool", _l("I agree that the association may share this listing with HKTDC"),
       csv_column="hktdc_consent", export_label=_l("HKTDC consent"), diff_label=_l("Consent to share with HKTDC")),
    _f("consent_at", "timestamp", _l("Consent to share with HKTDC"), form=()),  # set by the save, not typed
    _f("logo", "file", _l("Logo"), max_length=100, public=True, api_key="logo_url", diff_label=_l("Logo"),
       help=_l("PNG, JPEG or WebP, at most 2 MB.")),
    _f("references", "references", _l("Project references"), public=True, api_key="references",
       diff_label=_l("Project references"), search=("reference_text", "delivered_in")),
    _f("invalid_input", "internal", _l("Please correct this value."), form=()),  # a draft's flagged input
)

_CLIENT_TYPES = lambda: taxonomy.CLIENT_TYPES  # noqa: E731
_ROLES = lambda: taxonomy.PROJECT_ROLES  # noqa: E731

#: A project reference's keys (each reference is public: profile, API, the xlsx references sheet).
REFERENCE_FIELDS: tuple[Field, ...] = (
    _f("title_en", "text", _l("Project title (English)"), max_length=200, export_label=_l("Project (English)")),
    _f("title_zh", "text", _l("Project title (Chinese)"), max_length=200, export_label=_l("Project (Chinese)")),
    _f("country", "code", _l("Country"), codes=taxonomy.country_codes, export_label=_l("Country code")),
    _f("city_en", "text", _l("City (English)"), max_length=100, export_label=_l("City (English)")),
    _f("city_zh", "text", _l("City (Chinese)"), max_length=100, export_label=_l("City (Chinese)")),
    _f("year", "int", _l("Year"), minimum=1950, maximum=lambda: _this_year() + 5,
       range_message=_l("Please enter a year such as 2021."), export_label=_l("Year")),
    _f("client_type", "code", _l("Client type"), codes=_CLIENT_TYPES, export_label=_l("Client type (code)")),
    _f("role", "code", _l("Our role"), codes=_ROLES, export_label=_l("Role (code)")),
    _f("description_en", "multiline", _l("Short description (English)"), max_length=1000,
       export_label=_l("Description (English)")),
    _f("description_zh", "multiline", _l("Short description (Chinese)"), max_length=1000,
       export_label=_l("Description (Chinese)")),
)
REFERENCE_FIELDS = tuple(Field(**{**f.__dict__, "public": True, "api_key": f.name, "diff_label": f.label})
                         for f in REFERENCE_FIELDS)

_BY_NAME = {f.name: f for f in FIELDS}
_REFERENCE_BY_NAME = {f.name: f for f in REFERENCE_FIELDS}


def field(name: str) -> Field:
    """The listing field called `name` (KeyError for a key the listing does not have)."""
    return _BY_NAME[name]


def reference_field(name: str) -> Field:
    return _REFERENCE_BY_NAME[name]


def public_fields() -> tuple[Field, ...]:
    return tuple(f for f in FIELDS if f.public)


def searchable_fields() -> tuple[Field, ...]:
    return tuple(f for f in FIELDS if f.search)


# ---- CSV (CONTRACT §4) ------------------------------------------------------------------------

#: Columns the export writes and the import ignores: (column, heading).
DERIVED_COLUMNS: dict[str, Any] = {
    "listing_id": _l("Listing id"), "countries_delivered": _l("Projects delivered in (codes)"),
    "last_updated": _l("Last updated (UTC)"), "profile_url": _l("Profile page"),
}
#: The contract's columns, in its order (a fixed contract: the declaration does not reorder it).
CSV_COLUMNS: tuple[str, ...] = (
    "listing_id", "company_name_en", "company_name_zh", "br_number", "year_established", "staff_size",
    "website", "email", "phone", "address_en", "address_zh", "summary_en", "summary_zh", "description_en",
    "description_zh", "capabilities", "regions_served", "countries_delivered", "certifications",
    "contact_name", "contact_title", "scc_member_no", "hktdc_consent", "last_updated", "profile_url",
)
_BY_COLUMN = {f.csv_column: f for f in FIELDS if f.csv_column}
assert set(CSV_COLUMNS) == set(_BY_COLUMN) | set(DERIVED_COLUMNS), "CSV columns and fields disagree"


def csv_field(column: str) -> Field | None:
    """The field a CSV column carries; None for a derived column."""
    return _BY_COLUMN.get(column)


def column_label(column: str) -> str:
    """A CSV column's heading (xlsx) in the current language."""
    f = _BY_COLUMN.get(column)
    return str(f.export_label if f is not None else DERIVED_COLUMNS[column])


# ---- docs/listing-data.md ---------------------------------------------------------------------

def _limits(f: Field) -> str:
    if f.kind == "int":
        offset = f.maximum() - _this_year()
        return f"{f.minimum}..this year" + (f" + {offset}" if offset else "")
    if f.kind in ("code", "codes") and len(f.codes()) <= 8:
        return ", ".join(f"`{code}`" for code in f.codes())
    if f.kind in ("code", "codes"):
        return {"regions_served": "region codes and/or ISO 3166-1 alpha-2",
                "country": "ISO 3166-1 alpha-2"}.get(f.name, "taxonomy codes")
    text = {"br": "8 digits", "phone": "E.164 (+852 default)", "url": "http/https with a host name"}.get(f.kind, "")
    return "; ".join(p for p in (text, f"≤ {f.max_length} chars" if f.max_length else "") if p)


def _required(f: Field) -> str:
    if f.required is True:
        return "yes"
    if f.required:
        return "one of " + " / ".join(f"`{g.name}`" for g in FIELDS if g.required == f.required)
    return ""


def markdown_table(references: bool = False) -> str:
    """The field table of docs/listing-data.md (tests/test_listing_fields.py checks the doc holds
    it): ``.venv/bin/python -m directory.listings.fields`` prints both tables."""
    if references:
        rows = ["| reference key | kind | limits | xlsx heading |", "|---|---|---|---|"]
        rows += [f"| `{f.name}` | {f.kind} | {_limits(f)} | {f.export_label} |" for f in REFERENCE_FIELDS]
        return "\n".join(rows)
    rows = ["| key | kind | limits | required to submit | public | CSV column | search |",
            "|---|---|---|---|---|---|---|"]
    rows += [f"| `{f.name}` | {f.kind} | {_limits(f)} | {_required(f)} | {'yes' if f.public else ''} | "
             f"{f.csv_column or ''} | {', '.join(f.search)} |" for f in FIELDS]
    return "\n".join(rows)


# The rules live beside the declaration (kept short): value checks, typed-input parsing, the submit rule.
from directory.listings.field_rules import (Missing, Problem, check, missing_to_submit, parse,  # noqa: E402,F401
                                            problems_to_submit)


if __name__ == "__main__":  # print the tables of docs/listing-data.md
    print(markdown_table(), markdown_table(references=True), sep="\n\n")
