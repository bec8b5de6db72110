"""The xlsx export as people read it: headings in the chosen language, labels beside the codes.

The hktdc-csv keeps the contract's machine column names; the workbook is for the secretariat
and HKTDC staff who open it, so each column gets a heading, a width and -- for code columns --
a column of labels in the same language.  The codes stay, so the sheet still sorts and filters
by stable values.
"""
from flask_babel import gettext as _

from directory import taxonomy
from directory.data_exchange.exports.hktdc_csv import COLUMNS
from directory.data_exchange.exports.xlsx import Column
from directory.listings import fields
from directory.core.i18n import speaking

# Column widths (presentation only); headings come from the field declaration
# (fields.column_label for the listings sheet, each reference field's export_label), so a new
# field gets its heading where it is declared. The order is the export's (hktdc_csv.COLUMNS).
_LISTING_WIDTHS = {
    "listing_id": 12, "company_name_en": 32, "company_name_zh": 24, "br_number": 12, "year_established": 10,
    "staff_size": 10, "website": 28, "email": 28, "phone": 16, "address_en": 36, "address_zh": 28,
    "summary_en": 48, "summary_zh": 36, "description_en": 60, "description_zh": 48, "capabilities": 18,
    "regions_served": 18, "countries_delivered": 16, "certifications": 20, "contact_name": 20,
    "contact_title": 18, "scc_member_no": 14, "hktdc_consent": 10, "last_updated": 20, "profile_url": 40,
}
_REFERENCE_WIDTHS = {
    "title_en": 36, "title_zh": 28, "country": 10, "city_en": 16, "city_zh": 12, "year": 8,
    "client_type": 14, "role": 14, "description_en": 60, "description_zh": 48,
}
_OWNER = ("listing_id", "company_name_en", "company_name_zh")  # the references sheet's first columns


def _listing_spec():
    return tuple((c, lambda c=c: fields.column_label(c), _LISTING_WIDTHS.get(c, 16)) for c in COLUMNS)


def _reference_spec():
    owner = tuple((c, lambda c=c: fields.column_label(c), _LISTING_WIDTHS[c]) for c in _OWNER)
    return owner + tuple((f.name, lambda f=f: str(f.export_label), _REFERENCE_WIDTHS.get(f.name, 16))
                         for f in fields.REFERENCE_FIELDS)


def _labellers(lang: str) -> dict:
    """Code columns → (label function, heading of the label column)."""
    capability = lambda code: taxonomy.capability_label(code, lang)  # noqa: E731
    area = lambda code: taxonomy.region_label(code, lang)  # noqa: E731
    return {
        "capabilities": (capability, _("Capabilities")),
        "regions_served": (area, str(fields.field("regions_served").diff_label)),
        "countries_delivered": (area, _("Projects delivered in")),
        "country": (area, _("Country")),
        "client_type": (lambda code: taxonomy.label(taxonomy.CLIENT_TYPES, code, lang), _("Client type")),
        "role": (lambda code: taxonomy.label(taxonomy.PROJECT_ROLES, code, lang), _("Role")),
    }


def _columns(spec, lang: str) -> tuple[Column, ...]:
    labellers = _labellers(lang)
    # Labels are joined as Chinese lists are written; in English by '; ' (names can hold commas).
    separator = "、" if lang.startswith("zh") else "; "
    columns = []
    for key, heading, width in spec:
        label, label_heading = labellers.get(key, (None, None))
        columns.append(Column(key, heading(), width, label, label_heading, separator))
    return tuple(columns)


def listing_columns(lang: str = "en") -> tuple[Column, ...]:
    with speaking(lang):
        return _columns(_listing_spec(), lang)


def reference_columns(lang: str = "en") -> tuple[Column, ...]:
    with speaking(lang):
        return _columns(_reference_spec(), lang)
