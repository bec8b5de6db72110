"""The Whoosh schema and the document -> Whoosh fields conversion.

Text is analysed here (see analysis.py) and handed to Whoosh as ready-made
token lists, so the pickled schema holds only stock Whoosh classes and an
index never depends on how our own analyser classes are named.
"""

from __future__ import annotations

import math

from . import analysis
from ._whoosh import columns, fields

# Searchable text fields -> the document keys joined into each of them, in rank order: a match
# in an earlier field is a better match (the "field" tier of the ranking, search.py).
TEXT_FIELDS: dict[str, tuple[str, ...]] = {
    "t_name": ("name_en", "name_zh"),
    "t_summary": ("summary_en", "summary_zh"),
    "t_cap": ("capability_text",),
    "t_desc": ("description_en", "description_zh"),
    "t_ref": ("reference_text",),
    "t_extra": ("extra_text",),
}
FIELD_RANK = {name: rank for rank, name in enumerate(TEXT_FIELDS)}
# Lines from fixed lists (capability names; regions served and certifications), the same in
# thousands of listings: analysed once per line (analysis.analyze_fields).
LINE_FIELDS = ("t_cap", "t_extra")
NO_FIELD = len(TEXT_FIELDS)  # rank of a match that is not in the text (a tag, a place served)
# BM25 weights within a tier: a match in the name counts more than one in the summary, and so on.
FIELD_BOOSTS = {"t_name": 4.0, "t_summary": 2.0, "t_cap": 1.5, "t_desc": 1.0, "t_ref": 0.7,
                "t_extra": 0.5}

# Not scored: which documents write a word exactly as typed (analysis.exact_tokens), for the
# "exact word > stemmed form" tier.
EXACT_FIELD = "t_exact"
FACET_FIELDS = ("capability", "region", "delivered_in", "staff_size")
STORED_TEXT = ("name_en", "name_zh", "summary_en", "summary_zh")
# Stored for snippets only: one project reference a line.
STORED_EXTRA = ("reference_text",)
DOC_KEYS = (
    ("id", "version")
    + STORED_TEXT
    + ("description_en", "description_zh", "capability_text", "reference_text", "extra_text")
    + FACET_FIELDS
    + ("sort_name", "sort_name_hant", "sort_name_hans", "published_at")
)
# Sort by name in the reader's language: the English key is folded text; the Chinese keys are
# collation keys (bytes) the app makes with its own collator (pinyin, strokes), so this package
# needs no collation library. A document without one sorts by the English key.
NAME_COLUMNS = {"en": "sort_name", "zh-Hant": "sort_name_hant", "zh-Hans": "sort_name_hans"}


def _keyword() -> fields.FieldType:
    # Exact codes, case kept ("asean" and "SG" both occur), no scoring.
    return fields.KEYWORD(lowercase=False, commas=True, scorable=False)


def build_schema() -> fields.Schema:
    spec = {
        # a column too: the stable tie-break of the ranking (the same in every index built)
        "id": fields.ID(stored=True, unique=True, sortable=True),
        "version": fields.STORED(),
        # sort keys as columns: read for every document once per segment
        "sort_name": fields.COLUMN(columns.VarBytesColumn()),
        "sort_name_hant": fields.COLUMN(columns.VarBytesColumn()),
        "sort_name_hans": fields.COLUMN(columns.VarBytesColumn()),
        "published_at": fields.COLUMN(columns.NumericColumn("d", default=0.0)),
    }
    for name in STORED_TEXT + STORED_EXTRA:
        spec[name] = fields.STORED()
    for name in TEXT_FIELDS:
        spec[name] = fields.TEXT(phrase=True, stored=False)
    for name in FACET_FIELDS + (EXACT_FIELD,):
        spec[name] = _keyword()
    return fields.Schema(**spec)


_CODE_CACHE: dict = {}  # facet value as given -> cleaned (a few hundred codes, in every listing)


def _codes(value) -> list[str]:
    """A facet value list: strings, blank and duplicate entries dropped."""
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    seen: dict[str, None] = {}
    cache = _CODE_CACHE
    for v in value:
        got = cache.get(v) if type(v) is str else None
        if got is None:
            got = analysis.clean(str(v)).strip()
            if type(v) is str and len(cache) < 10_000:
                cache[v] = got
        if got:
            seen[got] = None
    return list(seen)


def _epoch(value) -> float:
    try:
        f = float(value or 0.0)
    except (TypeError, ValueError):
        return 0.0
    return f if math.isfinite(f) else 0.0


def sort_key_bytes(sort_name: str) -> bytes:
    return analysis.fold(analysis.clean(sort_name or "")).strip().encode("utf-8")


def to_fields(doc: dict) -> tuple[dict, set[str]]:
    """One app document -> (keyword arguments for Whoosh's writer, the
    document's spelling words for the generation's vocabulary file)."""
    doc_id = str(doc["id"])
    if not doc_id:
        raise ValueError("document without id")
    out: dict = {"id": doc_id, "version": str(doc.get("version") or "")}
    spell: set[str] = set()
    forms: dict[str, str] = {}
    # The free texts are folded together (one OpenCC call a document); the fixed lines
    # (LINE_FIELDS) are analysed once per distinct line.
    free = [str(doc.get(k) or "") for field, keys in TEXT_FIELDS.items() if field not in LINE_FIELDS
            for k in keys]
    folded = iter(analysis.fold_many([analysis.clean(t) if t else "" for t in free]))
    for field, keys in TEXT_FIELDS.items():
        if field in LINE_FIELDS:
            tokens, words = analysis.analyze_fields((str(doc.get(k) or "") for k in keys), forms,
                                                    by_line=True)
        else:
            tokens, words = analysis.analyze_folded([next(folded) for _k in keys], forms)
        out[field] = tokens
        spell |= words
    out[EXACT_FIELD] = analysis.exact_tokens(forms)
    for name in STORED_TEXT + STORED_EXTRA:
        out[name] = str(doc.get(name) or "")
    for name in FACET_FIELDS:
        out[name] = _codes(doc.get(name))
    out["sort_name"] = sort_key_bytes(str(doc.get("sort_name") or doc.get("name_en") or ""))
    for column in ("sort_name_hant", "sort_name_hans"):
        key = doc.get(column)
        out[column] = key if isinstance(key, bytes) else (sort_key_bytes(key) if key else out["sort_name"])
    out["published_at"] = _epoch(doc.get("published_at"))
    return out, spell
