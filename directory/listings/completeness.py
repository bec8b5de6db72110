"""What a listing still lacks before it can be submitted: one rule for the service
(operations.submit), the form, the edit page's panel and the dashboard — the declaration's
(fields.missing_to_submit).

Each item names the form field it is about (its HTML id, so the panel links straight to it) and
says what to do in the reader's language.
"""
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from directory.listings import fields as declared


@dataclass(frozen=True)
class Missing:
    field: str  # the form field's id: company_name_en, br_number, capabilities, regions, …
    message: str


def missing_for_submit(data: dict) -> list[Missing]:
    """The completeness rules (fields.missing_to_submit), in the form's order, by form field id."""
    return [Missing(item.anchor, item.message) for item in declared.missing_to_submit(data)]


@dataclass(frozen=True)
class Todo:
    """One line of the completeness panel: a link to a field and what to do there."""

    field: str
    label: str
    message: str


def todo_list(data: dict, labels: dict) -> list[Todo]:
    """Fields to correct (typed but not valid, kept in the draft) then fields still missing.

    ``labels`` maps a field id to its label (the form's labels, in the reader's language).
    """
    items = []
    for name in sorted((data.get("invalid_input") or {}), key=_field_order(labels)):
        typed = data["invalid_input"][name]
        items.append(Todo(name, labels.get(name, _reference_label(name, labels)), _flag_message(name, typed)))
    for item in missing_for_submit(data):
        if not any(t.field == item.field for t in items):
            items.append(Todo(item.field, labels.get(item.field, item.field), str(item.message)))
    return items


def _flag_message(name: str, typed) -> str:
    """What the field's own rule says about the text kept as typed (the dashboard shows the
    same words as the field on the edit page); the generic line when no rule says more."""
    parts = name.split("-")
    try:
        f = (declared.reference_field(parts[2]) if len(parts) == 3 and parts[0] == "references"
             else declared.field(name))
        value, problem = declared.parse(f, typed)
        problem = problem or declared.check(f, value)
    except (KeyError, TypeError, ValueError):
        problem = None
    return str(problem) if problem else str(_l("Please correct this value."))


def _field_order(labels: dict):
    order = list(labels)
    return lambda name: (order.index(name) if name in order else len(order), name)


def _reference_label(name: str, labels: dict) -> str:
    """"references-0-year" → "Reference 1: Year"."""
    parts = name.split("-")
    if len(parts) == 3 and parts[0] == "references" and parts[1].isdigit():
        sub = labels.get(f"references-{parts[2]}", parts[2])
        return str(_l("Reference %(n)d: %(field)s", n=int(parts[1]) + 1, field=sub))
    return name
