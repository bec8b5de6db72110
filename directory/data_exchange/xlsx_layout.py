"""The xlsx export as people read it: headings in the chosen language, labels beside the codes.

The hktdc-csv keeps the contract's machine column names; the workbook is for the secretariat
and HKTDC staff who open it, so each column gets a heading, a width and -- for code columns --
a column of labels in the same language.  The codes stay, so the sheet still sorts and filters
by stable values.
"""
from flask_babel import gettext as _

from directory import taxonomy
from directory.data_exchange.exports.xlsx import Column
from directory.core.i18n import speaking

# key → (heading, width); the order is the export's column order (hktdc_csv.COLUMNS).
_LISTING = (
    ("listing_id", lambda: _("Listing id"), 12),
    ("company_name_en", lambda: _("Company name (English)"), 32),
    ("company_name_zh", lambda: _("Company name (Chinese)"), 24),
    ("br_number", lambda: _("BR number"), 12),
    ("year_established", lambda: _("Year established"), 10),
    ("staff_size", lambda: _("Staff size"), 10),
    ("website", lambda: _("Website"), 28),
    ("email", lambda: _("Contact email"), 28),
    ("phone", lambda: _("Phone"), 16),
    ("address_en", lambda: _("Address (English)"), 36),
    ("address_zh", lambda: _("Address (Chinese)"), 28),
    ("summary_en", lambda: _("Summary (English)"), 48),
    ("summary_zh", lambda: _("Summary (Chinese)"), 36),
    ("description_en", lambda: _("Description (English)"), 60),
    ("description_zh", lambda: _("Description (Chinese)"), 48),
    ("capabilities", lambda: _("Capability codes"), 18),
    ("regions_served", lambda: _("Regions served (codes)"), 18),
    ("countries_delivered", lambda: _("Projects delivered in (codes)"), 16),
    ("certifications", lambda: _("Certifications"), 20),
    ("contact_name", lambda: _("Contact person"), 20),
    ("contact_title", lambda: _("Contact title"), 18),
    ("scc_member_no", lambda: _("Association member no."), 14),
    ("hktdc_consent", lambda: _("HKTDC consent"), 10),
    ("last_updated", lambda: _("Last updated (UTC)"), 20),
    ("profile_url", lambda: _("Profile page"), 40),
)

_REFERENCES = (
    ("listing_id", lambda: _("Listing id"), 12),
    ("company_name_en", lambda: _("Company name (English)"), 32),
    ("company_name_zh", lambda: _("Company name (Chinese)"), 24),
    ("title_en", lambda: _("Project (English)"), 36),
    ("title_zh", lambda: _("Project (Chinese)"), 28),
    ("country", lambda: _("Country code"), 10),
    ("city_en", lambda: _("City (English)"), 16),
    ("city_zh", lambda: _("City (Chinese)"), 12),
    ("year", lambda: _("Year"), 8),
    ("client_type", lambda: _("Client type (code)"), 14),
    ("role", lambda: _("Role (code)"), 14),
    ("description_en", lambda: _("Description (English)"), 60),
    ("description_zh", lambda: _("Description (Chinese)"), 48),
)


def _labellers(lang: str) -> dict:
    """Code columns → (label function, heading of the label column)."""
    capability = lambda code: taxonomy.capability_label(code, lang)  # noqa: E731
    area = lambda code: taxonomy.region_label(code, lang)  # noqa: E731
    return {
        "capabilities": (capability, _("Capabilities")),
        "regions_served": (area, _("Regions served")),
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
        return _columns(_LISTING, lang)


def reference_columns(lang: str = "en") -> tuple[Column, ...]:
    with speaking(lang):
        return _columns(_REFERENCES, lang)
