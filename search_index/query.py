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
    """One thing the query asks for; satisfied by any of ``alts``, by a provider tagged with one
    of the ``related`` capabilities, or (a place) by one serving or having delivered there.

    Each alternative is a tuple of index tokens: one token is a term, several are a phrase
    (consecutive positions) or a Chinese word (all its bigrams).  ``exact`` are the tokens as
    typed (a better match than an equivalent); ``text`` is what the user typed, for messages.
    """

    alts: tuple[tuple[str, ...], ...]
    word: str | None = None  # plain Latin word: candidate for spelling correction
    char: str | None = None  # lone CJK character: also matches bigrams it starts
    exact: tuple[str, ...] = ()
    related: tuple[str, ...] = ()  # capability codes
    place: tuple[tuple[str, tuple[str, ...]], ...] = ()  # ((facet group, codes), ...)
    text: str = ""
    vocab: bool = False  # a term of the query vocabulary (a topic, for near misses: near.py)

    @property
    def is_place(self) -> bool:
        return bool(self.place)


@dataclass
class ParsedQuery:
    cleaned: str  # the text after cleaning and capping (basis for suggestions)
    clauses: list[Clause] = field(default_factory=list)
    # Bigrams of each Chinese run the vocabulary cut into a term and leftovers (智能回收站 ->
    # 智能 + 回收 + 站): a text holding the whole run says what was typed (search.py ranks it first).
    runs: list[tuple[str, ...]] = field(default_factory=list)


@dataclass
class Entry:
    alts: tuple[tuple[str, ...], ...] = ()
    related: tuple[str, ...] = ()
    place: tuple[tuple[str, tuple[str, ...]], ...] = ()


class SynonymTable:
    """The query vocabulary, keyed by analysed form.

    ``sets``: sets of equivalent terms (any member finds the others); ``related``: term ->
    capability codes it is related to; ``places``: (names, {facet group: codes}) pairs -- a
    place named in the query prefers providers carrying those facet values.

    A key is a sequence of atoms -- ('w', stem) for a word, ('c', char) for a CJK character --
    so "Information  Security", "information security" and 資訊保安 inside a longer Chinese
    run all match.  A term listed in two equivalence sets is a vocabulary error: the first
    set keeps it (tests of the app's taxonomy check there are none).
    """

    def __init__(self, sets=(), related=None, places=()):
        self._index: dict[tuple, Entry] = {}
        self.max_len = 0
        self.words: set[str] = set()  # single Latin words of the vocabulary: spelling targets
        sets, related, places = list(sets or ()), dict(related or {}), list(places or ())
        names = [str(t) for terms in sets for t in terms] + [str(t) for t in related]
        names += [str(n) for ns, _f in places for n in ns]
        cleaned = [analysis.clean(n) for n in names]
        self._folded = dict(zip(names, analysis.fold_many(cleaned)))  # one OpenCC call
        for terms in sets or ():
            self._add_set(terms)
        for term, codes in (related or {}).items():
            for key, tokens in self._keys((term,)):
                entry = self._entry(key, tokens)
                entry.related = tuple(dict.fromkeys(entry.related + tuple(codes)))
        for names, facets in places or ():
            keys = self._keys(names)
            alts = tuple(dict.fromkeys(tokens for _k, tokens in keys))
            place = tuple((g, tuple(codes)) for g, codes in sorted(dict(facets).items()))
            for key, tokens in keys:
                entry = self._entry(key, tokens)
                if not entry.place:
                    entry.place = place
                    entry.alts = tuple(dict.fromkeys(entry.alts + alts))
        del self._folded

    def _keys(self, terms):
        out = []
        for term in terms:
            folded = self._folded.get(str(term))
            if folded is None:
                folded = analysis.fold(analysis.clean(str(term)))
            tokens = tuple(analysis.tokens_of_folded(folded))
            key = atom_key(folded)
            if tokens and key:
                out.append((key, tokens))
                if analysis.spell_word(analysis.joined(folded)):
                    self.words.add(analysis.joined(folded))
        return out

    def _entry(self, key, tokens) -> Entry:
        entry = self._index.get(key)
        if entry is None:
            entry = self._index[key] = Entry(alts=(tokens,))
            self.max_len = max(self.max_len, len(key))
        return entry

    def _add_set(self, terms) -> None:
        keys = self._keys(terms)
        alts = tuple(dict.fromkeys(tokens for _k, tokens in keys))
        if len(alts) < 2 and len(keys) < 2:
            return
        entry = Entry(alts=alts)  # one object for the whole set: related terms reach every member
        for key, _tokens in keys:
            if key not in self._index:
                self._index[key] = entry
                self.max_len = max(self.max_len, len(key))

    @property
    def frozen_words(self) -> frozenset:
        got = getattr(self, "_frozen", None)
        if got is None or len(got) != len(self.words):
            got = self._frozen = frozenset(self.words)
        return got

    def lookup(self, key: tuple) -> Entry | None:
        return self._index.get(key)


def atoms(folded: str, original: str | None = None):
    """Atoms of folded text: ('w', stem, run, raw) and ('c', char, run, raw); ``raw`` is the
    text as typed when ``original`` (the unfolded text) lines up with ``folded``."""
    same = original is not None and len(original) == len(folded)
    run = 0
    for kind, text, s, e in analysis.scan(folded):
        run += 1
        if kind == "w":
            term = analysis.word_term(text)
            if term:
                yield ("w", term, run, original[s:e] if same else text)
        else:
            for k, ch in enumerate(text):
                yield ("c", ch, run, original[s + k] if same else ch)


def atom_key(folded: str) -> tuple:
    return tuple((a[0], a[1]) for a in atoms(folded))


def clean_query(text) -> str:
    if text is None:
        return ""
    if not isinstance(text, str):
        text = str(text)
    cleaned = analysis.clean(text[:_RAW_CAP])
    return " ".join(cleaned.split())[:MAX_CHARS]


def _cjk_clause(chars: list[str], typed: str, before: str | None = None) -> Clause:
    """Leftover CJK characters.  ``before``: the character typed just before them in the same
    run, when a vocabulary term took it (回收站 -> 回收 + 站): a lone character then also
    matches the bigram it ends (收站), as a text saying 回收站 is indexed; the bigrams it starts
    (站x) cannot occur at the end of that text's run."""
    run = "".join(chars)
    grams = tuple(analysis.cjk_grams(run))
    alts = (grams,) + (((before + run,),) if before and len(run) == 1 else ())
    return Clause(alts=alts, char=run if len(run) == 1 else None, exact=grams, text=typed)


def _entry_clause(entry: Entry, exact: tuple[str, ...], text: str) -> Clause:
    alts = entry.alts if exact in entry.alts else (exact,) + entry.alts
    return Clause(alts=alts, exact=exact, related=entry.related, place=entry.place, text=text, vocab=True)


def _plain_clauses(folded: str, synonyms: SynonymTable, budget: list[int], original: str | None = None,
                   runs: list | None = None):
    items = list(atoms(folded, original))
    term_runs: set[int] = set()  # CJK runs a vocabulary term took characters of
    left_runs: set[int] = set()  # CJK runs with leftover characters
    out: list[Clause] = []
    pending: list[str] = []  # leftover CJK characters of the current run
    pending_raw: list[str] = []
    pending_run = None
    pending_before = None  # the run's character just before the leftovers, taken by a term

    def flush():
        nonlocal pending, pending_raw, pending_run, pending_before
        if pending:
            out.append(_cjk_clause(pending, "".join(pending_raw), pending_before))
            left_runs.add(pending_run)
        pending, pending_raw, pending_run, pending_before = [], [], None, None

    i = 0
    while i < len(items):
        match = None
        for size in range(min(synonyms.max_len, len(items) - i), 0, -1):
            key = tuple((a[0], a[1]) for a in items[i : i + size])
            entry = synonyms.lookup(key)
            if entry:
                match = (size, entry)
                break
        if match:
            flush()
            size, entry = match
            span = items[i : i + size]
            exact = _exact_tokens(span)
            text = _span_text(span)
            out.append(_entry_clause(entry, exact, text))
            term_runs.update(a[2] for a in span if a[0] == "c")
            i += size
            continue
        kind, text, run, raw = items[i]
        if kind == "w":
            flush()
            out.append(Clause(alts=((text,),), word=raw, exact=(text,), text=raw))
        elif budget[0] > 0:
            if pending_run is not None and run != pending_run:
                flush()
            if not pending and i and items[i - 1][0] == "c" and items[i - 1][2] == run:
                pending_before = items[i - 1][1]
            pending.append(text)
            pending_raw.append(raw)
            pending_run = run
            budget[0] -= 1
        i += 1
    flush()
    if runs is not None:
        for run in sorted(term_runs & left_runs):
            chars = "".join(a[1] for a in items if a[0] == "c" and a[2] == run)
            runs.append(tuple(analysis.cjk_grams(chars[:MAX_CJK])))
    return out


def _exact_tokens(span) -> tuple[str, ...]:
    """Index tokens of a matched span of atoms, as the index would cut them."""
    tokens: list[str] = []
    chars: list[str] = []
    last_run = None
    for kind, text, run, _raw in span:
        if kind == "c" and (last_run is None or run == last_run or not chars):
            chars.append(text)
            last_run = run
            continue
        if chars:
            tokens.extend(analysis.cjk_grams("".join(chars)))
            chars = []
        if kind == "w":
            tokens.append(text)
            last_run = None
        else:
            chars, last_run = [text], run
    if chars:
        tokens.extend(analysis.cjk_grams("".join(chars)))
    return tuple(tokens)


def _span_text(span) -> str:
    parts: list[str] = []
    for kind, _text, _run, raw in span:
        if kind == "c" and parts and not parts[-1].isascii():
            parts[-1] += raw
        else:
            parts.append(raw)
    return " ".join(parts)


def parse(text, synonyms: SynonymTable | None = None) -> ParsedQuery:
    """Turn user input into clauses.  Never raises for any string."""
    synonyms = synonyms or SynonymTable()
    cleaned = clean_query(text)
    runs: list[tuple[str, ...]] = []
    try:
        clauses = _parse(cleaned, synonyms, runs)
    except Exception:  # a bug here must not become a 500: retry as plain words
        runs = []
        try:
            clauses = _parse(cleaned.replace('"', " "), synonyms, runs)
        except Exception:
            clauses, runs = [], []
    return ParsedQuery(cleaned=cleaned, clauses=clauses, runs=runs[:MAX_CLAUSES])


def _parse(cleaned: str, synonyms: SynonymTable, runs: list) -> list[Clause]:
    parts = _QUOTED.split(cleaned)  # even indexes: plain text, odd: quoted
    clauses: list[Clause] = []
    budget = [MAX_CJK]
    for n, part in enumerate(parts):
        folded = analysis.fold(part)
        if n % 2 == 0:
            clauses.extend(_plain_clauses(folded, synonyms, budget, part, runs))
            continue
        tokens = tuple(analysis.tokens_of_folded(folded))[:MAX_CJK]
        if not tokens:
            continue
        entry = synonyms.lookup(atom_key(folded))
        text = " ".join(part.split())
        clauses.append(_entry_clause(entry, tokens, text) if entry else
                       Clause(alts=(tokens,), exact=tokens, text=text))
    unique: dict[Clause, None] = dict.fromkeys(clauses)
    return list(unique)[:MAX_CLAUSES]


def highlight_terms(clauses) -> set[tuple[str, ...]]:
    """Token sequences to mark in highlighted text: what was typed and its equivalents (never
    a related term: a provider tagged "gis" does not say "digital twin")."""
    return {alt for c in clauses for alt in c.alts}
