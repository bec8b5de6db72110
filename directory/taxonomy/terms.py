"""The building blocks of the taxonomy: language keys, :class:`Term` and its subclasses, and
:class:`Vocabulary`.  ``_L`` (en, zh-Hant, zh-Hans labels) is shared by the vocabulary modules
of this package."""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType

from babel import Locale

LANGS: tuple[str, ...] = ("en", "zh-Hant", "zh-Hans")
DEFAULT_LANG = "en"

#: The CLDR locale that supplies country and language names for each language key.
CLDR_LOCALES: Mapping[str, str] = MappingProxyType(
    {"en": "en", "zh-Hant": "zh_Hant_HK", "zh-Hans": "zh_Hans_CN"})


# --------------------------------------------------------------------------------------------
# Data classes
# --------------------------------------------------------------------------------------------

def _frozen_labels(labels: Mapping[str, str]) -> Mapping[str, str]:
    missing = [lang for lang in LANGS if not labels.get(lang)]
    if missing:
        raise ValueError(f"labels missing for {missing}: {dict(labels)!r}")
    return MappingProxyType({lang: labels[lang] for lang in LANGS})


@dataclass(frozen=True)
class Term:
    """One entry of a vocabulary: a stable code and its label in each of :data:`LANGS`."""

    code: str
    labels: Mapping[str, str] = field(hash=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "labels", _frozen_labels(self.labels))

    def label(self, lang: str = DEFAULT_LANG) -> str:
        return self.labels[normalize_lang(lang)]


@dataclass(frozen=True)
class Capability(Term):
    """A capability: labels, equivalents (``synonyms``) and ``related`` search terms, in English,
    Traditional and Simplified (see capabilities.py for the difference)."""

    synonyms: tuple[str, ...] = ()
    related: tuple[str, ...] = ()


@dataclass(frozen=True)
class Region(Term):
    """A region served: labels, its ISO 3166-1 member countries, and search synonyms."""

    countries: frozenset[str] = frozenset()
    synonyms: tuple[str, ...] = ()


class Vocabulary(Mapping):
    """An ordered, read-only ``code -> Term`` mapping with a name (e.g. ``"capabilities"``)."""

    def __init__(self, name: str, terms: Iterable[Term]):
        self.name = name
        self._terms: dict[str, Term] = {}
        for term in terms:
            if term.code in self._terms:
                raise ValueError(f"duplicate code {term.code!r} in {name}")
            self._terms[term.code] = term

    def __getitem__(self, code: str) -> Term:
        return self._terms[code]

    def __iter__(self) -> Iterator[str]:
        return iter(self._terms)

    def __len__(self) -> int:
        return len(self._terms)

    def __repr__(self) -> str:
        return f"<Vocabulary {self.name}: {', '.join(self._terms)}>"

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self._terms)

    @property
    def terms(self) -> tuple[Term, ...]:
        return tuple(self._terms.values())

    def label(self, code: str, lang: str = DEFAULT_LANG) -> str:
        term = self._terms.get(code)
        return term.label(lang) if term is not None else code

    def choices(self, lang: str = DEFAULT_LANG) -> list[tuple[str, str]]:
        return [(code, term.label(lang)) for code, term in self._terms.items()]


def _L(en: str, hant: str, hans: str) -> dict[str, str]:
    return {"en": en, "zh-Hant": hant, "zh-Hans": hans}


# --------------------------------------------------------------------------------------------
# Languages
# --------------------------------------------------------------------------------------------

def normalize_lang(lang: str | None) -> str:
    """Map a language tag to one of :data:`LANGS`; anything unknown gives ``"en"``.

    ``zh-Hant``/``zh-HK``/``zh-TW``/``zh-MO`` → ``zh-Hant``; ``zh-Hans``/``zh-CN``/``zh-SG``
    and bare ``zh`` → ``zh-Hans``.  Underscores and case are tolerated (``zh_hant_hk``).
    """
    if not lang:
        return DEFAULT_LANG
    if lang in LANGS:
        return lang
    parts = lang.replace("_", "-").lower().split("-")
    if parts[0] != "zh":
        return DEFAULT_LANG
    rest = set(parts[1:])
    if "hant" in rest or rest & {"hk", "tw", "mo"}:
        return "zh-Hant"
    return "zh-Hans"


@lru_cache(maxsize=None)
def cldr_locale(lang: str) -> Locale:
    """The Babel locale (CLDR data) for a language key."""
    return Locale.parse(CLDR_LOCALES[lang])
