"""A project reference's text in two languages (docs/listing-data.md).

A reference holds ``title_en``/``title_zh``, ``city_en``/``city_zh`` and
``description_en``/``description_zh``. Before migration 0006 the city and the description were
one key each (``city``, ``description``) in whatever language the member wrote; readers go
through `bilingual` / `upgraded`, so such data (a restored old backup, an old test fixture)
still reads right: the old text counts for the language it is written in. Pure: no Flask.
"""
import re

BILINGUAL_FIELDS = ("title", "city", "description")
_CJK = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")


def is_chinese(text: str) -> bool:
    """True when `text` contains CJK characters (ideographs or full-width punctuation)."""
    return bool(_CJK.search(text or ""))


def bilingual(ref: dict, field: str) -> tuple[str, str]:
    """(English, Chinese) text of one of BILINGUAL_FIELDS of `ref`."""
    en, zh = ref.get(f"{field}_en") or "", ref.get(f"{field}_zh") or ""
    old = ref.get(field) or ""
    if old and not en and not zh and isinstance(old, str):
        return ("", old) if is_chinese(old) else (old, "")
    return en, zh


def upgraded(ref: dict) -> dict:
    """`ref` with the two-language keys only (what migration 0006 stores)."""
    out = {k: v for k, v in ref.items() if k not in ("city", "description")}
    for field in BILINGUAL_FIELDS:
        out[f"{field}_en"], out[f"{field}_zh"] = bilingual(ref, field)
    return out
