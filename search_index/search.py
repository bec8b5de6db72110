"""One search over a View: match, fall back, count facets, rank, highlight.

Matching and scoring run on cached per-token document sets and BM25F score
tables (terms.py) instead of Whoosh's matcher tree: the facet rule needs the
complete set of matches anyway, and set algebra on Python ints plus one pass
over the matches is several times faster than Whoosh scoring every match.
"""

from __future__ import annotations

import heapq
from array import array

from . import bitsets
from . import facets as facets_mod
from .analysis import is_cjk_gram
from .highlight import highlight as mark
from .query import Clause, parse
from .schema import STORED_TEXT

FEW_HITS = 3  # below this many OR hits the fuzzy fallback is tried


def _alts(view, clause: Clause):
    if clause.char:  # a lone CJK character also matches the bigrams it starts
        return clause.alts + tuple((g,) for g in view.prefix_grams(clause.char))
    return clause.alts


def _alt_mask(view, alt: tuple[str, ...]) -> int:
    if len(alt) == 1:
        return view.term(alt[0]).mask
    if all(is_cjk_gram(t) for t in alt):
        # A Chinese word is its overlapping bigrams; all of them present is
        # as good as adjacent (慧城 hardly occurs outside 智慧城市) and far
        # cheaper than Whoosh's positional check.
        m = view.live
        for tok in alt:
            m &= view.term(tok).mask
            if not m:
                break
        return m
    return view.phrase(alt)  # English phrases: positions checked


def _clause_mask(view, clause: Clause) -> int:
    m = 0
    for alt in _alts(view, clause):
        m |= _alt_mask(view, alt)
    return m


def match(view, clauses, mode: str) -> int:
    if mode == "and":
        m = view.live
        for c in clauses:
            m &= _clause_mask(view, c)
            if not m:
                break
        return m
    m = 0
    for c in clauses:
        m |= _clause_mask(view, c)
    return m & view.live


def fuzzy_clauses(view, clauses) -> list[Clause]:
    """Clauses whose plain words also accept known words one edit away."""
    speller = view.speller()
    out = []
    for c in clauses:
        if c.word:
            extra = []
            for v in speller.variants(c.word):
                term = view.term_for_word(v)
                if term and (term,) not in c.alts:
                    extra.append((term,))
            if extra:
                c = Clause(alts=c.alts + tuple(extra), word=c.word, char=c.char)
        out.append(c)
    return out


def _scores(view, clauses, matched: int, docs: list[int]):
    """BM25F score of every matched document, indexable by doc number."""
    alts = [alt for clause in clauses for alt in _alts(view, clause)]
    if len(alts) == 1 and len(alts[0]) == 1:  # one token: its table is the score
        return view.term(alts[0][0]).scores
    sc = array("d", bytes(8 * view.n_all))
    for alt in alts:
        hit = _alt_mask(view, alt) & matched
        if not hit:
            continue
        hit_docs = docs if hit == matched else bitsets.to_list(hit)
        for tok in alt:
            tbl = view.term(tok).scores
            for d in hit_docs:
                sc[d] += tbl[d]
    return sc


def _top_relevance(view, clauses, matched: int, k: int) -> list[int]:
    docs = bitsets.to_list(matched)
    sc = _scores(view, clauses, matched, docs)
    best = heapq.nlargest(k, docs, key=sc.__getitem__)
    if not best:
        return []
    cut = sc[best[-1]]  # take every tie at the cut, then order ties by name
    pool = [d for d in docs if sc[d] >= cut] if len(best) == k else best
    names = view.names()
    pool.sort(key=lambda d: (-sc[d], names[d], d))
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


def run_search(view, synonyms, text, filters, sort, page, per_page, groups, want_highlight):
    filters = facets_mod.check_filters(filters)
    for g in groups:
        if g not in facets_mod.FACET_FIELDS:
            raise ValueError("unknown facet %r" % (g,))
    parsed = parse(text, synonyms)
    fmasks = facets_mod.filter_masks(view, filters)
    allowed = facets_mod.combine(fmasks, view.live)
    clauses = parsed.clauses
    suggestion, fuzzy = None, False
    if clauses:
        text_mask = match(view, clauses, "and")
        if not text_mask & allowed:
            suggestion = view.speller().suggest(parsed.cleaned)
            if len(clauses) > 1:
                text_mask = match(view, clauses, "or")
            if (text_mask & allowed).bit_count() < FEW_HITS:
                fz = fuzzy_clauses(view, clauses)
                if fz != clauses:
                    m = match(view, fz, "and")
                    if not m & allowed:
                        m = match(view, fz, "or")
                    if (m & allowed).bit_count() > (text_mask & allowed).bit_count():
                        text_mask, clauses, fuzzy = m, fz, True
    else:
        text_mask = view.live
    matched = text_mask & allowed
    total = matched.bit_count()
    counts = facets_mod.counts(view, groups, text_mask, fmasks, filters)

    k = page * per_page
    if not matched or (page - 1) * per_page >= total:
        top: list[int] = []
    elif sort == "relevance" and clauses:
        top = _top_relevance(view, clauses, matched, k)
    else:  # browsing without words: newest first
        top = _top_ordered(view, "name" if sort == "name" else "newest", matched, total, k)
    page_docs = top[(page - 1) * per_page : k]

    ids: list[str] = []
    highlights: dict[str, dict[str, str]] = {}
    terms = set()
    if want_highlight:
        for c in clauses:
            terms.update(_alts(view, c))
    for d in page_docs:
        stored = view.stored(d)
        ids.append(stored["id"])
        if want_highlight:
            highlights[stored["id"]] = {
                name: mark(stored.get(name, ""), terms) for name in STORED_TEXT
            }
    return {
        "total": total,
        "ids": ids,
        "facets": counts,
        "highlights": highlights,
        "suggestion": suggestion,
        "fuzzy": fuzzy,
    }
