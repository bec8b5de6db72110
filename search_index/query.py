"""The search box language, deliberately tiny (SECURITY-CHECKS S17).

Allowed: words in any language and "quoted phrases".  Nothing else is
syntax: no fields, wildcards, ranges, boosts, fuzzy~, +/-, regexes, groups.
AND / OR / NOT are ordinary words (English stop words, so they are dropped).
Whoosh's query parser is never used, so none of its plugins can be reached.

Input is cleaned (lone surrogates, controls, bidi/format characters out; NFKC)
and capped at MAX_CHARS characters, MAX_CLAUSES clauses and MAX_CJK CJK
characters, so the work per query is bounded whatever is typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import analysis

MAX_CHARS = 200
MAX_CLAUSES = 12
MAX_CJK = 48
_RAW_CAP = MAX_CHARS * 8  # bounded work before cleaning a 20,000-char input
_QUOTED = re.compile(r'"([^"]*)"')


@dataclass(frozen=True)
class Clause:
    """One thing the query asks for; satisfied by any of ``alts``.

    Each alternative is a tuple of index tokens: one token is a term, several
    are a phrase (consecutive positions).
    """

    alts: tuple[tuple[str, ...], ...]
    word: str | None = None  # plain Latin word: candidate for fuzzy matching
    char: str | None = None  # lone CJK character: also matches bigrams it starts


@dataclass
class ParsedQuery:
    cleaned: str  # the text after cleaning and capping (basis for suggestions)
    clauses: list[Clause] = field(default_factory=list)


class SynonymTable:
    """Synonym sets keyed by their analysed form.

    A key is a sequence of atoms — ('w', stem) for a word, ('c', char) for a
    CJK character — so "Information  Security", "information security" and
    資訊保安 inside a longer Chinese run all match.
    """

    def __init__(self, sets=()):
        self._groups: list[tuple[tuple[str, ...], ...]] = []
        self._index: dict[tuple, int] = {}
        self.max_len = 0
        for terms in sets or ():
            alts: dict[tuple[str, ...], None] = {}
            keys = []
            for term in terms:
                tokens = tuple(analysis.analyze(str(term)))
                key = atom_key(analysis.fold(analysis.clean(str(term))))
                if tokens and key:
                    alts[tokens] = None
                    keys.append(key)
            if len(alts) < 2 and len(keys) < 2:
                continue
            gid = len(self._groups)
            self._groups.append(tuple(alts))
            for key in keys:
                # A term listed in two sets: merge by keeping the first set's
                # id and adding the second set's alternatives to it.
                if key in self._index:
                    old = self._index[key]
                    merged = dict.fromkeys(self._groups[old] + self._groups[gid])
                    self._groups[old] = tuple(merged)
                else:
                    self._index[key] = gid
                self.max_len = max(self.max_len, len(key))

    def lookup(self, key: tuple) -> tuple[tuple[str, ...], ...] | None:
        gid = self._index.get(key)
        return None if gid is None else self._groups[gid]


def atoms(folded: str):
    """Atoms of folded text: ('w', stem, run) and ('c', char, run)."""
    run = 0
    for kind, text, _s, _e in analysis.scan(folded):
        run += 1
        if kind == "w":
            term = analysis.word_term(text)
            if term:
                yield ("w", term, run, text)
        else:
            for ch in text:
                yield ("c", ch, run, ch)


def atom_key(folded: str) -> tuple:
    return tuple((a[0], a[1]) for a in atoms(folded))


def clean_query(text) -> str:
    if text is None:
        return ""
    if not isinstance(text, str):
        text = str(text)
    cleaned = analysis.clean(text[:_RAW_CAP])
    return " ".join(cleaned.split())[:MAX_CHARS]


def _cjk_clause(chars: list[str]) -> Clause:
    run = "".join(chars)
    grams = tuple(analysis.cjk_grams(run))
    return Clause(alts=(grams,), char=run if len(run) == 1 else None)


def _plain_clauses(folded: str, synonyms: SynonymTable, budget: list[int]):
    items = list(atoms(folded))
    out: list[Clause] = []
    pending: list[str] = []  # leftover CJK characters of the current run
    pending_run = None

    def flush():
        nonlocal pending, pending_run
        if pending:
            out.append(_cjk_clause(pending))
        pending, pending_run = [], None

    i = 0
    while i < len(items):
        match = None
        for size in range(min(synonyms.max_len, len(items) - i), 0, -1):
            key = tuple((a[0], a[1]) for a in items[i : i + size])
            alts = synonyms.lookup(key)
            if alts:
                match = (size, alts)
                break
        if match:
            flush()
            out.append(Clause(alts=match[1]))
            i += match[0]
            continue
        kind, text, run, raw = items[i]
        if kind == "w":
            flush()
            out.append(Clause(alts=((text,),), word=raw))
        elif budget[0] > 0:
            if pending_run is not None and run != pending_run:
                flush()
            pending.append(text)
            pending_run = run
            budget[0] -= 1
        i += 1
    flush()
    return out


def parse(text, synonyms: SynonymTable | None = None) -> ParsedQuery:
    """Turn user input into clauses.  Never raises for any string."""
    synonyms = synonyms or SynonymTable()
    cleaned = clean_query(text)
    try:
        clauses = _parse(cleaned, synonyms)
    except Exception:  # a bug here must not become a 500: retry as plain words
        try:
            clauses = _parse(cleaned.replace('"', " "), synonyms)
        except Exception:
            clauses = []
    return ParsedQuery(cleaned=cleaned, clauses=clauses)


def _parse(cleaned: str, synonyms: SynonymTable) -> list[Clause]:
    parts = _QUOTED.split(cleaned)  # even indexes: plain text, odd: quoted
    clauses: list[Clause] = []
    budget = [MAX_CJK]
    for n, part in enumerate(parts):
        folded = analysis.fold(part)
        if n % 2 == 0:
            clauses.extend(_plain_clauses(folded, synonyms, budget))
            continue
        tokens = tuple(analysis.tokens_of_folded(folded))[:MAX_CJK]
        if not tokens:
            continue
        alts = synonyms.lookup(atom_key(folded))
        clauses.append(Clause(alts=alts or (tokens,)))
    unique: dict[Clause, None] = dict.fromkeys(clauses)
    return list(unique)[:MAX_CLAUSES]


def highlight_terms(clauses) -> set[tuple[str, ...]]:
    """Token sequences to mark in highlighted text."""
    return {alt for c in clauses for alt in c.alts}
