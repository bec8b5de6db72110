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
