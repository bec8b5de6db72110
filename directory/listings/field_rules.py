"""The rules of the listing's fields (directory/listings/fields.py): is a value acceptable
(`check`), typed input → the data shape (`parse`), and the submit rule (`missing_to_submit`,
`problems_to_submit`). Import them from `fields`; this module exists to keep files short."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any, NamedTuple
from urllib.parse import urlsplit

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l

from directory.listings.normalise import one_line


class _Declaration:
    """directory.listings.fields, looked up when first used (it imports this module)."""

    def __getattr__(self, name):
        from directory.listings import fields
        return getattr(fields, name)


declared = _Declaration()

@dataclass(frozen=True)
class Problem:
    """Why a value is refused: a code (too_long, one_line, format, range, unknown_code,
    too_many), the message for the member (lazy) and the figures in it."""

    code: str
    message: Any
    params: tuple = ()

    def __str__(self) -> str:
        return str(self.message)


_MESSAGES = {
    "br": _l("A BR number is exactly 8 digits, e.g. 12345678."),
    "url": _l("Please enter a web address that starts with https:// or http://."),
    "email": _l("Please enter a valid email address, like name@company.com."),
    "phone": _l("Please enter a valid phone number, e.g. 2123 4567 or +86 10 1234 5678."),
}
_CHOOSE = _l("Please choose from the list.")
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*\.[^\s]+$", re.IGNORECASE)
_BR = re.compile(r"^[0-9]{8}$")  # ASCII digits (\d would take any script's)
_YEAR = re.compile(r"^[0-9]{1,4}$")
_LIST_SPLIT = re.compile(r"[;；\n]")
_EMPTY = (None, "", [])


def _resolve(f) -> declared.Field:
    return f if isinstance(f, declared.Field) else declared.field(f)


def _too_long(text: str, limit: int | None) -> Problem | None:
    if limit is not None and len(text) > limit:
        return Problem("too_long", _l("At most %(max)d characters.", max=limit), (("max", limit), ("length", len(text))))
    return None


def _valid_url(value: str) -> bool:
    if not _URL.match(value):
        return False
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return False
    return bool(parts.hostname)


def _valid_phone(value: str) -> str | None:
    try:
        number = phonenumbers.parse(value, "HK")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _valid_email(value: str) -> bool:
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


def _references(value) -> Problem | None:
    if not isinstance(value, list) or not all(isinstance(r, dict) for r in value):
        return Problem("format", _CHOOSE)
    if len(value) > declared.MAX_REFERENCES:
        return Problem("too_many", _l("At most %(max)d project references.", max=declared.MAX_REFERENCES),
                       (("max", declared.MAX_REFERENCES),))
    for ref in value:
        for sub in declared.REFERENCE_FIELDS:
            problem = check(sub, ref.get(sub.name))
            if problem is not None:
                return problem
    return None


def check(f, value) -> Problem | None:
    """Why `value` (in the data shape) cannot be the value of field `f`; None when it can."""
    f = _resolve(f)
    if value in _EMPTY:
        return None
    kind = f.kind
    if kind in ("text", "multiline", "url", "email", "phone", "br", "file", "timestamp"):
        if not isinstance(value, str):
            return Problem("format", _MESSAGES.get(kind, _CHOOSE))
        if kind != "multiline" and one_line(value) != value.strip():
            return Problem("one_line", _l("The text must be on one line."))
        if (problem := _too_long(value, f.max_length)) is not None:
            return problem
        if kind == "br" and not _BR.match(value) or kind == "url" and not _valid_url(value) \
                or kind == "email" and not _valid_email(value) or kind == "phone" and _valid_phone(value) != value:
            return Problem("format", _MESSAGES[kind])
        return None
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int) or not f.minimum <= value <= f.maximum():
            return Problem("range", f.range_message, (("min", f.minimum), ("max", f.maximum())))
        return None
    if kind == "bool":
        return None if isinstance(value, bool) else Problem("format", _CHOOSE)
    if kind == "code":
        return None if isinstance(value, str) and value in f.codes() else Problem("unknown_code", _CHOOSE)
    if kind in ("codes", "text_list"):
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            return Problem("format", _CHOOSE)
        if kind == "codes":
            valid = f.codes()
            unknown = [v for v in value if v not in valid]
            return Problem("unknown_code", _CHOOSE, (("value", unknown[0]),)) if unknown else None
        if any(one_line(v) != v.strip() or _LIST_SPLIT.search(v) for v in value):
            return Problem("one_line", _l("The text must be on one line."))
        return _too_long("; ".join(value), f.max_length)
    if kind == "references":
        return _references(value)
    if kind == "internal":
        return None if isinstance(value, dict) else Problem("format", _CHOOSE)
    raise ValueError(f"unknown kind {kind!r}")


def parse(f, text) -> tuple[Any, Problem | None]:
    """Typed input of field `f` → (its value in the data shape, None), or (None, the problem).

    Text kinds are stripped (a single-line one put on one line); a BR number loses its spaces; a
    phone number becomes E.164 (Hong Kong by default); a year becomes an int; a text_list is
    split on ``;`` (or a full-width ``；``, or a line break); code lists lose repeats. An empty
    input gives the field's empty value.
    """
    f = _resolve(f)
    kind = f.kind
    if kind in ("codes", "text_list"):
        items = text if isinstance(text, list) else _LIST_SPLIT.split(text or "")
        if kind == "text_list" and not isinstance(text, list) and (problem := _too_long((text or "").strip(), f.max_length)):
            return None, problem
        value = list(dict.fromkeys(one_line(str(v)) for v in items if str(v).strip()))
        return value, check(f, value)
    if kind == "bool":
        return bool(text), None
    raw = "" if text is None else str(text)
    value = raw.strip() if kind == "multiline" else one_line(raw)  # a multi-line text keeps its lines
    if value == "":
        return (None if kind in ("int", "code", "file") else ""), None
    if kind in ("br", "int"):  # full-width digits (a Chinese IME) read as ASCII ones
        value = unicodedata.normalize("NFKC", value)
    if kind == "br":
        value = re.sub(r"\s", "", value)
    elif kind == "int":
        if not _YEAR.match(value):
            return None, Problem("range", f.range_message, (("min", f.minimum), ("max", f.maximum())))
        value = int(value)
    elif kind == "phone":
        if (problem := _too_long(value, f.max_length)) is not None:
            return None, problem
        normalised = _valid_phone(value)
        if normalised is None:
            return None, Problem("format", _MESSAGES["phone"])
        value = normalised
    problem = check(f, value)
    return (None, problem) if problem is not None else (value, None)


# ---- the submit rule --------------------------------------------------------------------------

class Missing(NamedTuple):
    field: str  # the data key (a group's first key)
    message: Any
    anchor: str  # the member form field id the panel links to


def _filled(data: dict, f: declared.Field) -> bool:
    value = data.get(f.name)
    return bool(value.strip()) if isinstance(value, str) else value not in _EMPTY and value is not False


def missing_to_submit(data: dict) -> list[Missing]:
    """What `data` still lacks before it can be submitted, in the form's order."""
    out, groups = [], set()
    for f in declared.FIELDS:
        if not f.required or f.required in groups:
            continue
        members = [g for g in declared.FIELDS if g.required == f.required] if isinstance(f.required, str) else [f]
        groups.add(f.required if isinstance(f.required, str) else f.name)
        if not any(_filled(data, g) for g in members):
            out.append(Missing(f.name, f.missing, f.anchor))
    return out


def problems_to_submit(data: dict) -> list[tuple[str, Any]]:
    """(data key, message) of everything that stops `data` being submitted: missing fields,
    values the rules refuse, and a draft's input still flagged as invalid."""
    out = [(m.field, m.message) for m in missing_to_submit(data)]
    for f in declared.FIELDS:
        if f.name in data and f.name != "invalid_input" and (problem := check(f, data[f.name])) is not None:
            out.append((f.name, problem.message))
    out += [(name, _l("Please correct this value.")) for name in data.get("invalid_input") or {}]
    return out
