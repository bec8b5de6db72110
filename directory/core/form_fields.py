"""Form fields shared by the role blueprints."""
from flask_babel import lazy_gettext as _l
from wtforms import SelectMultipleField
from wtforms.validators import ValidationError
from wtforms.widgets import CheckboxInput, ListWidget


class CodeList(SelectMultipleField):
    """Several vocabulary codes; an unknown one (a crafted post) is a field error in the reader's
    language, not a 400. Rendered by the template (e.g. as <select multiple>)."""

    def pre_validate(self, form):
        valid = {value for value, _label in self.choices}
        for value in self.data or []:
            if value not in valid:
                raise ValidationError(_l("Please choose from the list."))


class CheckList(CodeList):
    """The same, as a list of checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def area_groups(lang: str) -> list[dict]:
    """The countries-served control's groups: each Belt and Road region with its countries, then
    every other country; names sorted by the reader's collation (pinyin, stroke or alphabetical).

    Each group: ``{"code": region code or "", "label": …, "countries": [(code, name, english)]}``;
    the English name lets the filter box find 新加坡 by typing "Singapore".
    """
    from directory import taxonomy
    from directory.core import collation

    def entries(codes):
        rows = [(c, taxonomy.country_name(c, lang), taxonomy.country_name(c, "en")) for c in codes]
        return collation.sorted_by_label(rows, lang)

    grouped = set()
    groups = []
    for code, label in taxonomy.region_choices(lang):
        countries = taxonomy.region_countries(code)
        grouped |= countries
        groups.append({"code": code, "label": label, "countries": entries(countries)})
    others = [c for c in taxonomy.country_codes() if c not in grouped]
    groups.append({"code": "", "label": _l("Other countries and territories"), "countries": entries(others)})
    return groups
