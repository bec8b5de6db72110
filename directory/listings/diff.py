"""Field-by-field difference between two listing data dicts (docs/listing-data.md).

The review page shows the secretariat what an edit changes against the published version:
bilingual text as English and Chinese side by side, lists as items added and removed (with
vocabulary labels), project references as added / removed / changed rows, the logo as two
images. Only changed fields are returned, in the order of the member's form.
"""
import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l

from directory import taxonomy
from directory.listings import fields as declared
from directory.listings.reference_text import upgraded

# Everything below is read from the declaration (directory/listings/fields.py): a new field is
# labelled and shown the way its kind says, in the form's order.
_LIST_KINDS = ("codes", "text_list")
_NOT_VALUES = (*_LIST_KINDS, "file", "references", "timestamp", "internal")
BILINGUAL = {f.pair: f.diff_label for f in declared.FIELDS if f.pair}  # company_name → "Company name"
VALUES = {f.name: f.diff_label for f in declared.FIELDS if not f.pair and f.kind not in _NOT_VALUES}
LISTS = {f.name: f.diff_label for f in declared.FIELDS if f.kind in _LIST_KINDS}
REFERENCE_FIELDS = {f.name: f.diff_label for f in declared.REFERENCE_FIELDS}
# The form's order; keys not named here (unknown keys) follow, so nothing changes unseen.
ORDER = tuple(dict.fromkeys(f.pair or f.name for f in declared.FIELDS))
DERIVED = {f.name for f in declared.FIELDS  # consent_at follows hktdc_consent (shown once);
           if f.kind in ("timestamp", "internal")}  # invalid_input is empty in anything submitted
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKENS = re.compile(rf"[{_CJK}]|[^\W{_CJK}]+|\s+|[^\w\s]")


def field_label(key: str) -> str:
    """A data key (``company_name_en``, ``capabilities``…) in words, else the key itself."""
    base, _sep, suffix = key.rpartition("_")
    if suffix in ("en", "zh") and base in BILINGUAL:
        language = _l("English") if suffix == "en" else _l("Chinese")
        return f"{BILINGUAL[base]} ({language})"
    for labels in (VALUES, LISTS, BILINGUAL):
        if key in labels:
            return str(labels[key])
    return key


@dataclass
class Segment:
    text: str
    marked: bool  # deleted (in the old text) or inserted (in the new text)


@dataclass
class TextChange:
    """One text before and after, each cut into segments so the changed words can be marked."""

    before: list[Segment]
    after: list[Segment]
    changed: bool


@dataclass
class ReferenceChange:
    kind: str  # added | removed | changed
    before: dict | None
    after: dict | None
    fields: list[tuple[str, str, str]] = field(default_factory=list)  # (label, old, new) when changed


@dataclass
class FieldChange:
    key: str
    label: str
    kind: str  # bilingual | value | list | logo | references
    before: Any = None
    after: Any = None
    text: TextChange | None = None  # value: the two texts marked up
    en: TextChange | None = None  # bilingual
    zh: TextChange | None = None
    added: list[str] = field(default_factory=list)  # list: labels of the items
    removed: list[str] = field(default_factory=list)
    rows: list[ReferenceChange] = field(default_factory=list)  # references


def text_change(old: str, new: str) -> TextChange:
    """Word-level (and, for Chinese, character-level) marks of what was deleted and inserted."""
    a, b = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    before, after = [], []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            before.append(Segment("".join(a[i1:i2]), False))
            after.append(Segment("".join(b[j1:j2]), False))
            continue
        if i2 > i1:
            before.append(Segment("".join(a[i1:i2]), True))
        if j2 > j1:
            after.append(Segment("".join(b[j1:j2]), True))
    return TextChange(before, after, (old or "") != (new or ""))


def _spec(key: str) -> declared.Field | None:
    """The declared field `key` names: a listing field, else a project reference's sub-field."""
    try:
        return declared.field(key)
    except KeyError:
        try:
            return declared.reference_field(key)
        except KeyError:
            return None


def code_label(spec: declared.Field | None, code: str, lang: str) -> str:
    """A vocabulary code in words; countries and regions by their CLDR / region names."""
    if spec is None:
        return str(code)
    if spec.name in ("regions_served", "country"):
        return taxonomy.region_label(code, lang)
    vocabulary = spec.codes() if spec.codes else None
    return vocabulary.label(code, lang) if hasattr(vocabulary, "label") else str(code)


def display_value(key: str, value, lang: str) -> str:
    """A data value as the secretariat reads it: labels for codes, Yes/No for flags."""
    from flask_babel import gettext as _
    if value in (None, "", []):
        return ""
    spec = _spec(key)
    kind = spec.kind if spec is not None else None
    if kind == "bool":
        return _("Yes") if value else _("No")
    if kind == "code":
        return code_label(spec, value, lang)
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


def list_label(key: str, code: str, lang: str) -> str:
    spec = _spec(key)
    return code_label(spec, code, lang) if spec is not None and spec.kind == "codes" else str(code)


def _reference_key(ref: dict) -> tuple:
    return ((ref.get("title_en") or "").strip().casefold(), (ref.get("title_zh") or "").strip())


def reference_changes(old: list, new: list, lang: str) -> list[ReferenceChange]:
    """Pair references by title (a reference has no id): same title → changed, else added/removed."""
    old = [upgraded(r) if isinstance(r, dict) else r for r in old or []]  # data from before 0006 too
    new = [upgraded(r) if isinstance(r, dict) else r for r in new or []]
    for ref in list(new):  # unchanged references drop out first
        if ref in old:
            old.remove(ref)
            new.remove(ref)
    rows = []
    for ref in list(new):
        en, zh = _reference_key(ref)
        match = next((o for o in old if (en and _reference_key(o)[0] == en) or (zh and _reference_key(o)[1] == zh)),
                     None)
        if match is None:
            continue
        old.remove(match)
        new.remove(ref)
        changed = [(str(label), display_value(k, match.get(k), lang), display_value(k, ref.get(k), lang))
                   for k, label in REFERENCE_FIELDS.items() if match.get(k) != ref.get(k)]
        rows.append(ReferenceChange("changed", match, ref, changed))
    rows += [ReferenceChange("removed", ref, None) for ref in old]
    rows += [ReferenceChange("added", None, ref) for ref in new]
    return rows


def _keys(before: dict, after: dict) -> list[str]:
    seen = []
    for key in list(before) + list(after):
        base = key[:-3] if key[:-3] in BILINGUAL and key[-3:] in ("_en", "_zh") else key
        if base not in seen and base not in DERIVED:
            seen.append(base)
    return sorted(seen, key=lambda k: (ORDER.index(k) if k in ORDER else len(ORDER), k))


def diff(before: dict | None, after: dict | None, lang: str = "en") -> list[FieldChange]:
    """The changed fields of `after` against `before` ({} or None for a new listing)."""
    before, after = before or {}, after or {}
    changes = []
    for key in _keys(before, after):
        if key in BILINGUAL:
            old_en, new_en = before.get(f"{key}_en") or "", after.get(f"{key}_en") or ""
            old_zh, new_zh = before.get(f"{key}_zh") or "", after.get(f"{key}_zh") or ""
            if (old_en, old_zh) != (new_en, new_zh):
                changes.append(FieldChange(key, str(BILINGUAL[key]), "bilingual",
                                           en=text_change(old_en, new_en), zh=text_change(old_zh, new_zh)))
            continue
        old, new = before.get(key), after.get(key)
        if old == new or (old in (None, "", []) and new in (None, "", [])):
            continue
        spec = _spec(key)
        kind = spec.kind if spec is not None else None
        if kind == "file":
            changes.append(FieldChange(key, str(spec.diff_label), "logo", before=old, after=new))
        elif kind == "references":
            rows = reference_changes(old, new, lang)
            if rows:
                changes.append(FieldChange(key, str(spec.diff_label), "references", rows=rows))
        elif key in LISTS:
            old_items, new_items = list(old or []), list(new or [])
            added = [list_label(key, v, lang) for v in new_items if v not in old_items]
            removed = [list_label(key, v, lang) for v in old_items if v not in new_items]
            if added or removed:  # a change of order alone is not worth a reviewer's time
                changes.append(FieldChange(key, str(LISTS[key]), "list", before=old, after=new,
                                           added=added, removed=removed))
        else:
            label = str(VALUES.get(key, key))
            old_text, new_text = display_value(key, old, lang), display_value(key, new, lang)
            changes.append(FieldChange(key, label, "value", before=old, after=new,
                                       text=text_change(old_text, new_text)))
    return changes
