"""The smaller vocabularies (staff sizes, client types, project roles, working languages), the
registry of all vocabularies by name, and label/choices lookups by vocabulary."""
from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from directory.taxonomy.capabilities import CAPABILITIES
from directory.taxonomy.regions import REGIONS, region_label
from directory.taxonomy.terms import DEFAULT_LANG, LANGS, Term, Vocabulary, _L, cldr_locale

# --------------------------------------------------------------------------------------------
# Other vocabularies
# --------------------------------------------------------------------------------------------

STAFF_SIZES = Vocabulary("staff_sizes", [
    Term("1-10", _L("1–10 staff", "1至10人", "1至10人")),
    Term("11-50", _L("11–50 staff", "11至50人", "11至50人")),
    Term("51-200", _L("51–200 staff", "51至200人", "51至200人")),
    Term("201-500", _L("201–500 staff", "201至500人", "201至500人")),
    Term("501-1000", _L("501–1,000 staff", "501至1,000人", "501至1000人")),
    Term("1001+", _L("1,001+ staff", "1,001人或以上", "1001人及以上")),
])

CLIENT_TYPES = Vocabulary("client_types", [
    Term("government", _L("Government", "政府", "政府")),
    Term("public-body", _L("Public body", "公營機構", "公共机构")),
    Term("private", _L("Private sector", "私營機構", "私营企业")),
])

PROJECT_ROLES = Vocabulary("project_roles", [
    Term("prime-contractor", _L("Prime contractor", "總承辦商", "总承包商")),
    Term("sub-contractor", _L("Sub-contractor", "分判商", "分包商")),
    Term("supplier", _L("Supplier", "供應商", "供应商")),
    Term("consultant", _L("Consultant", "顧問", "咨询顾问")),
])

#: Working languages (ISO 639 codes).  Labels come from CLDR (Babel) except where CLDR's
#: name is not what a Hong Kong user means: ``zh`` is the spoken standard, Putonghua /
#: Mandarin, as distinct from ``yue`` Cantonese (CLDR would say just "Chinese").
_WORK_LANGUAGE_CODES: tuple[str, ...] = (
    "en", "yue", "zh", "ar", "ru", "ms", "id", "th", "vi", "fil", "km", "lo", "my",
    "hi", "ur", "bn", "ta", "ne", "si", "kk", "uz", "ky", "tg", "fa", "tr", "he",
    "pl", "cs", "hu", "ro", "bg", "sr", "hr", "el", "uk",
    "fr", "es", "pt", "de", "it", "sw", "ha", "ja", "ko",
)
_LANGUAGE_OVERRIDES: Mapping[str, dict[str, str]] = {
    "zh": _L("Putonghua (Mandarin)", "普通話", "普通话"),
    "yue": _L("Cantonese", "廣東話", "粤语"),
}


def _language_term(code: str) -> Term:
    if code in _LANGUAGE_OVERRIDES:
        return Term(code, _LANGUAGE_OVERRIDES[code])
    labels = {}
    for lang in LANGS:
        name = cldr_locale(lang).languages.get(code)
        if not name:
            raise ValueError(f"CLDR has no name for language {code!r} in {lang}")
        labels[lang] = name
    return Term(code, labels)


WORK_LANGUAGES = Vocabulary("work_languages", [_language_term(c) for c in _WORK_LANGUAGE_CODES])

#: Vocabularies by name and by module attribute name (``label("STAFF_SIZES", ...)`` works).
VOCABULARIES: Mapping[str, Vocabulary] = MappingProxyType({
    v.name: v for v in (CAPABILITIES, REGIONS, STAFF_SIZES, CLIENT_TYPES, PROJECT_ROLES,
                        WORK_LANGUAGES)
})


# --------------------------------------------------------------------------------------------
# Labels and choices
# --------------------------------------------------------------------------------------------

def _vocabulary(vocab: Vocabulary | str) -> Vocabulary:
    if isinstance(vocab, Vocabulary):
        return vocab
    if isinstance(vocab, str):
        found = VOCABULARIES.get(vocab) or VOCABULARIES.get(vocab.lower())
        if found is not None:
            return found
    raise KeyError(f"unknown vocabulary {vocab!r}")


def label(vocab: Vocabulary | str, code: str, lang: str = DEFAULT_LANG) -> str:
    """The label of ``code`` in ``vocab`` (a Vocabulary or its name, e.g. ``"staff_sizes"``
    or ``"STAFF_SIZES"``).  An unknown code is returned unchanged, so a template never fails
    on old data.  For :data:`REGIONS` country codes work too (see :func:`region_label`)."""
    vocabulary = _vocabulary(vocab)
    if vocabulary is REGIONS:
        return region_label(code, lang)
    return vocabulary.label(code, lang)


def choices(vocab: Vocabulary | str, lang: str = DEFAULT_LANG) -> list[tuple[str, str]]:
    """``(code, label)`` pairs in the vocabulary's display order."""
    return _vocabulary(vocab).choices(lang)
