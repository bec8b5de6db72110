"""One search over a View: match, correct or broaden, count facets, rank in tiers, highlight.

Matching and scoring run on cached per-token (and per-equivalence-set) tables (terms.py)
instead of Whoosh's matcher tree: the facet rule needs the complete set of matches anyway, and
set algebra on Python ints plus one pass over the matches is several times faster.

Ranking is lexicographic, like Meilisearch's or Typesense's ranking rules (docs/search.md):
  1. how many of the query's clauses a provider matches: a few full matches are followed by the
     near misses (near.py), a query nobody matches in full keeps its most informative words;
  2. for a place named in the query: delivered a project there < serves it < mentions it;
     then, for a Chinese run the vocabulary cut up (智能回收站 -> 智能 + 回收 + 站), holding it
     whole as typed < only its pieces apart;
  3. how well, summed over clauses: the words as typed < only a stemmed form of them < an
     equivalent or acronym < a corrected typo < a related capability's tag;
  4. in which field, summed: name < summary < capabilities < description < project references;
  5. proximity: the query's words side by side somewhere, or not;
  6. BM25 (idf from the live documents) within all that;
  7. sort name, then id: the same order in every process and every rebuild.
"""

from __future__ import annotations

import heapq
import itertools
import re
from array import array
from dataclasses import replace

from . import bitsets
from . import facets as facets_mod
from . import near as near_mod
from .analysis import exact_keys, joined
from .highlight import Marks
from .highlight import highlight as mark
from .query import Clause, parse
from .schema import EXACT_FIELD, FIELD_RANK, NO_FIELD, STORED_EXTRA, STORED_TEXT
from .terms import idf

EXACT, STEMMED, EQUIVALENT, TYPO, RELATED = 0, 1, 2, 3, 4  # match kinds, best first
DELIVERED, SERVES, MENTIONS = 0, 1, 2  # how a provider matches a place
WORD, PLACE, KIND = 1_000_000, 10_000, 100  # tier weights: clauses matched > place > kind > field
RUN = 5_000  # between place and kind: 12 clauses' kinds and fields sum to < 5,000
_LATIN_WORD = re.compile(r"(?:\b[A-Za-z]-)?[A-Za-z]+")  # a word as the tokenizer cuts it
RUN_PENALTY = RUN * 2e8  # a cut-up Chinese run not held whole (key units, see _top_level)
MAX_DROP_TRIES = 300  # subsets tried when broadening a query nobody matches in full


class Matcher:
    """What one clause matches in one view (masks over live documents)."""

    def __init__(self, view, clause: Clause, typo: bool = False):
        self.view, self.clause, self.typo = view, clause, typo
        alts = clause.alts
        if clause.char:  # a lone CJK character also matches the bigrams it starts
            alts = alts + tuple((g,) for g in view.prefix_grams(clause.char))
        self.table = view.cache.group(alts)
        self.table_alts = alts
        self.exact = view.cache.alternative(clause.exact) if clause.exact else self.table
        self.text_mask = self.table.mask
        self.as_typed = self._as_typed(view, clause) if clause.exact and not typo else None
        self.related = 0
        if clause.related:
            caps = view.facet_masks("capability")
            for code in clause.related:
                self.related |= caps.get(code, 0)
            self.related &= ~self.text_mask
        self.delivered = self.serves = 0
        for group, codes in clause.place:
            by_value = view.facet_masks(group)
            m = 0
            for code in codes:
                m |= by_value.get(code, 0)
            if group == "delivered_in":
                self.delivered |= m
            else:
                self.serves |= m
        self.mask = (self.text_mask | self.related | self.delivered | self.serves) & view.live

    @staticmethod
    def _as_typed(view, clause: Clause) -> int | None:
        """Documents writing the clause's Latin words as typed, not only a stemmed form
        (None: nothing to tell apart, or an index built before the exact field existed)."""
        keys = exact_keys(clause.text) if view.has_exact else []
        if not keys:
            return None
        mask = view.live
        for token, present in keys:
            found = view.cache.field_mask((token,), EXACT_FIELD)
            mask = mask & found if present else mask & ~found
        return mask

    def add_tiers(self, docs_mask: int, tier, bm) -> None:
        """Add this clause's tier points and BM25 to the documents of ``docs_mask``."""
        view = self.view
        table, best = self.table, self.table.best
        weight = idf(table.df(view.live), view.n_live)
        scores = table.scores
        if self.clause.place:
            groups = ((self.delivered, DELIVERED), (self.serves & ~self.delivered, SERVES),
                      (self.text_mask & ~(self.delivered | self.serves), MENTIONS))
            for m, kind in groups:
                base = kind * PLACE - WORD
                for d in bitsets.to_list(m & docs_mask):
                    tier[d] += base
            for d in bitsets.to_list(self.text_mask & docs_mask):
                bm[d] += weight * scores[d]
            return
        exact = 0 if self.typo else self.exact.mask & docs_mask
        rest = self.text_mask & docs_mask & ~exact
        stemmed = exact & ~self.as_typed if self.as_typed is not None else 0
        rest_kind = TYPO if self.typo else EQUIVALENT
        xbest = self.exact.best
        for d in bitsets.to_list(exact & ~stemmed):
            tier[d] += xbest[d] - WORD
            bm[d] += weight * scores[d]
        base = STEMMED * KIND - WORD
        for d in bitsets.to_list(stemmed):
            tier[d] += base + xbest[d]
            bm[d] += weight * scores[d]
        base = rest_kind * KIND - WORD
        for d in bitsets.to_list(rest):
            tier[d] += base + best[d]
            bm[d] += weight * scores[d]
        base = RELATED * KIND + NO_FIELD - WORD
        for d in bitsets.to_list(self.related & docs_mask):
            tier[d] += base


def _and(matchers, start: int) -> int:
    m = start
    for mt in matchers:
        m &= mt.mask
        if not m:
            break
    return m


def _corrected(view, clauses, synonyms):
    """Clauses with each unknown plain word replaced by its confident correction (a word of the
    index or of the query vocabulary, which then brings its equivalents and related terms), and
    the (typed, fixed) word pairs; (None, None) when there is nothing to correct.  Never a word
    the index or the vocabulary knows, never Chinese (the speller knows Latin words only)."""
    speller = view.speller(synonyms.frozen_words)
    out, words = [], []
    for c in clauses:
        typed = joined(c.word.casefold()) if c.word and not (c.related or c.place) else None
        fix = speller.correct(typed) if typed else None
        if fix and "-" in c.word[1:2] and fix[:1] == typed[:1]:
            fix = c.word[:2].casefold() + fix[1:]  # e-goverment -> e-government, as it is written
        fixed = parse(fix, synonyms).clauses if fix else []
        if len(fixed) == 1:
            out.append((replace(fixed[0], text=fix), True))
            words.append((c.word, fix))
        else:
            out.append((c, False))
    return (out, words) if words else (None, None)


def _replace_words(cleaned: str, fixes: dict[str, str]) -> str:
    """The query as typed with the corrected words replaced (plain text: the page escapes it)."""
    fixes = {joined(typed.casefold()): fix for typed, fix in fixes.items()}
    return _LATIN_WORD.sub(lambda m: fixes.get(joined(m.group().casefold()), m.group()), cleaned)


def _broaden(matchers, allowed: int):
    """The clauses to keep when nobody matches them all: drop clauses that match nothing, then
    the least informative (most common) first, until some provider matches the rest."""
    keep = [m for m in matchers if m.mask & allowed]
    if not keep:
        return [], 0
    got = _and(keep, allowed)
    if got:
        return keep, got
    by_commonness = sorted(range(len(keep)), key=lambda i: (-(keep[i].mask & allowed).bit_count(), -i))
    tries = 0
    for n_drop in range(1, len(keep)):
        for drop in itertools.combinations(by_commonness, n_drop):
            tries += 1
            rest = [keep[i] for i in range(len(keep)) if i not in drop]
            got = _and(rest, allowed)
            if got or tries > MAX_DROP_TRIES:
                return (rest, got) if got else ([], 0)
    return [], 0


def _proximity(view, matchers) -> int | None:
    """Documents with the query's words side by side (an English phrase), if the query has
    several single words; None when the rule does not apply."""
    words = [m.clause.exact for m in matchers if m.clause.word and len(m.clause.exact) == 1]
    if len(words) < 2 or len(words) != len(matchers):
        return None
    mask = 0
    for m in view.cache.phrase(tuple(w[0] for w in words)):
        mask |= m
    return mask


def _whole_runs(view, runs) -> int | None:
    """Documents holding every Chinese run the vocabulary cut up (all its bigrams: as typed,
    not its pieces scattered over the text -- 一站式 ... 智能建築 ... 回收 is not 智能回收站);
    None when the query has none."""
    if not runs:
        return None
    mask = view.live
    for grams in runs:
        mask &= view.cache.alternative(grams).mask
    return mask


def _top_relevance(view, matchers, levels: list[int], k: int, runs=()) -> list[int]:
    """The best ``k`` of the first level, then of the next, ...: each level ranks strictly
    below the one before (full matches, then near misses missing one clause, ...)."""
    out: list[int] = []
    adjacent, whole = _proximity(view, matchers), _whole_runs(view, runs)
    for matched in levels:
        if len(out) >= k:
            break
        out.extend(_top_level(view, matchers, matched, k - len(out), adjacent, whole))
    return out


def _top_level(view, matchers, matched: int, k: int, adjacent, whole) -> list[int]:
    docs = bitsets.to_list(matched)
    n = view.n_all
    tier = array("q", bytes(8 * n))
    bm = array("d", bytes(8 * n))
    for mt in matchers:
        mt.add_tiers(matched, tier, bm)
    key = array("d", bytes(8 * n))
    far = matched & ~adjacent if adjacent is not None else 0
    for d in docs:  # one float: exact integers up to 2**53 (12 clauses: tier > -2.4e15)
        key[d] = tier[d] * 2e8 - bm[d] * 1e3
    for d in bitsets.to_list(far):
        key[d] += 1e8
    if whole is not None:
        for d in bitsets.to_list(matched & ~whole):
            key[d] += RUN_PENALTY
    best = heapq.nsmallest(k, docs, key=key.__getitem__)
    if not best:
        return []
    cut = key[best[-1]]  # take every tie at the cut, then order ties by name and id
    pool = [d for d in docs if key[d] <= cut] if len(best) == k else best
    names, ids = view.names(), view.ids()
    pool.sort(key=lambda d: (key[d], names[d], ids[d]))
    return pool[:k]


def _top_ordered(view, kind: str, matched: int, total: int, k: int) -> list[int]:
    if total * 8 < view.n_all:  # few matches: sorting them beats a full order
        return heapq.nsmallest(k, bitsets.to_list(matched), key=view.sort_key(kind))
    order = view.order(kind)
    member = bitsets.member_bytes(matched, view.n_all)
    out = []
    for d in order:
        if member[d >> 3] >> (d & 7) & 1:
            out.append(d)
            if len(out) == k:
                break
    return out


def _where(view, matchers, d: int) -> dict:
    """How a result matches the places of the query: {"delivered_in": [...], "serves": [...]}."""
    out = {"delivered_in": [], "serves": []}
    for mt in matchers:
        for group, codes in mt.clause.place:
            by_value = view.facet_masks(group)
            key = "delivered_in" if group == "delivered_in" else "serves"
            out[key].extend(c for c in codes if by_value.get(c, 0) >> d & 1 and c not in out[key])
    return out


def _in_field(matcher, d: int, field: str) -> bool:
    """Does some alternative of the clause occur in ``field`` of document ``d``?  (Checked with
    the field's own postings: the tables keep only the best field.)"""
    view = matcher.view
    return any(view.cache.field_mask(alt, field) >> d & 1 for alt in matcher.table_alts)


def _snippet(stored: dict, terms) -> tuple[int | None, str]:
    """(number, marked text) of the first project reference line with a match; (None, "")."""
    for number, line in enumerate((stored.get(STORED_EXTRA[0]) or "").split("\n")):
        marked = mark(line, terms)
        if "<mark>" in marked:
            return number, marked
    return None, ""


def run_search(view, synonyms, text, filters, sort, page, per_page, groups, want_highlight,
               spell=True, lang="en"):
    filters = facets_mod.check_filters(filters)
    for g in groups:
        if g not in facets_mod.FACET_FIELDS:
            raise ValueError("unknown facet %r" % (g,))
    parsed = parse(text, synonyms)
    fmasks = facets_mod.filter_masks(view, filters)
    allowed = facets_mod.combine(fmasks, view.live)
    clauses = parsed.clauses
    out = {"suggestion": None, "corrected": False, "partial": False, "matched_terms": [],
           "dropped_terms": [], "places": {}, "where": {}, "snippets": {},
           "snippet_lines": {}}
    matchers = [Matcher(view, c) for c in clauses]
    if clauses:
        text_mask = _and(matchers, view.live)
        if not text_mask & allowed and spell:
            fixed, words = _corrected(view, clauses, synonyms)
            if fixed:
                trial = [Matcher(view, c, typo=t) for c, t in fixed]
                trial_mask = _and(trial, view.live)
                suggestion = _replace_words(parsed.cleaned, dict(words))
                if trial_mask & allowed:
                    matchers, text_mask = trial, trial_mask
                    out.update(suggestion=suggestion, corrected=True)
        if not text_mask & allowed and len(matchers) > 1:
            kept, got = _broaden(matchers, allowed)
            if kept:
                out.update(partial=True, matched_terms=[m.clause.text for m in kept],
                           dropped_terms=[m.clause.text for m in matchers if m not in kept])
                matchers = kept
                text_mask = _and(kept, view.live)
    else:
        text_mask = view.live
    near = []  # near misses only where they rank below every full match (not name / newest)
    if sort == "relevance" and clauses and not out["partial"]:
        near = near_mod.levels(matchers, text_mask, allowed)
    full = text_mask & allowed
    for m in near:
        text_mask |= m
    matched = text_mask & allowed
    total = matched.bit_count()
    out["near_misses"] = total - full.bit_count()
    counts = facets_mod.counts(view, groups, text_mask, fmasks, filters)
    places: dict[str, list[str]] = {}
    for mt in matchers:
        for group, codes in mt.clause.place:
            places.setdefault(group, [])
            places[group].extend(c for c in codes if c not in places[group])
    out["places"] = places

    k = page * per_page
    if not matched or (page - 1) * per_page >= total:
        top: list[int] = []
    elif sort == "relevance" and matchers:
        top = _top_relevance(view, matchers, [full] + [m & allowed for m in near], k, parsed.runs)
    else:  # browsing without words: newest first
        top = _top_ordered(view, f"name:{lang}" if sort == "name" else "newest", matched, total, k)
    page_docs = top[(page - 1) * per_page : k]

    ids: list[str] = []
    highlights: dict[str, dict[str, str]] = {}
    terms = set()
    if want_highlight:
        for mt in matchers:
            terms.update(mt.clause.alts)
    for d in page_docs:
        stored = view.stored(d)
        doc_id = stored["id"]
        ids.append(doc_id)
        if places:
            out["where"][doc_id] = _where(view, matchers, d)
        if want_highlight:
            # Marking costs a tokenization per text: only where the tables say a match is.
            best = {mt.table.best[d] for mt in matchers if mt.text_mask >> d & 1}
            shown = terms if best and min(best) <= FIELD_RANK["t_summary"] else set()
            highlights[doc_id] = Marks(stored, shown, STORED_TEXT)
            in_refs = any(mt.text_mask >> d & 1 and _in_field(mt, d, "t_ref") for mt in matchers)
            line, out["snippets"][doc_id] = _snippet(stored, terms) if in_refs else (None, "")
            if line is not None:
                out["snippet_lines"][doc_id] = line
    out.update(total=total, ids=ids, facets=counts, highlights=highlights, fuzzy=out["corrected"])
    return out
