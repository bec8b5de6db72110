"""Near misses: when few providers match every clause of a several-word query, those matching
most of the clauses follow them (Meilisearch's "words" ranking rule; Typesense's
``drop_tokens_threshold``).

Why: an AND of every word is right when it finds a page of providers, but "QR payment gateway"
finds the 4 that say all three words and hides the 21 other payment providers a buyer would
call next; "energy management university campus" hides every energy-management provider
without a campus project. Ranked strictly below every full match, they cost the full matches
nothing.

What may be missed: plain words and topics, never a place -- a place narrows like a filter
(providers elsewhere answer another question, and the page offers "only providers serving
..." anyway) -- and a query that names a topic (a vocabulary term: equivalents or a related
capability) keeps at least one: a provider matching only "system" or "platform" of "smart
parking guidance system" or "遙距醫療 平台" is no answer. A query of plain words only keeps
any one of them. Levels, best first: missing one clause, then two, ...; within a count,
missing no topic before missing one (the topic is what is bought, a plain word such as
"gateway" or "university" is context). Whole levels are added until the results reach
``FILL`` (the app's first page), so a query whose full matches fill a page is unchanged, and
a big level of one common word is reached only when nothing better exists.

The counts per document are bit-sliced counters over the clause masks (a handful of big-int
operations per clause, whatever the number of documents).
"""

from __future__ import annotations

FILL = 20  # results wanted before near misses stop being added: one page of the app
TOPIC, PLACE, PLAIN = 0, 1, 2


def importance(clause) -> int:
    """PLACE, TOPIC for another term of the query vocabulary (it has equivalents or related
    capabilities), else PLAIN (a word or Chinese characters the vocabulary does not know)."""
    if clause.place:
        return PLACE
    return TOPIC if clause.vocab else PLAIN


class _Count:
    """Per-document counter kept as bit planes: plane i holds the documents whose count has
    bit i set."""

    def __init__(self):
        self.planes: list[int] = []

    def add(self, mask: int) -> None:
        carry = mask
        for i, plane in enumerate(self.planes):
            if not carry:
                return
            self.planes[i], carry = plane ^ carry, plane & carry
        if carry:
            self.planes.append(carry)

    def equal(self, k: int, within: int) -> int:
        """Documents of ``within`` whose count is exactly ``k``."""
        if k >> len(self.planes):
            return 0
        m = within
        for i, plane in enumerate(self.planes):
            m &= plane if k >> i & 1 else ~plane
            if not m:
                break
        return m


def levels(matchers, full: int, allowed: int, fill: int | None = None) -> list[int]:
    """Masks of near misses (unfiltered: the facet counts use them) in rank order, never
    overlapping ``full`` (the documents matching every clause); [] when ``full`` already has
    ``fill`` results within ``allowed``, has none (the partial-match rule handles that), or
    the query has a single clause."""
    fill = FILL if fill is None else fill
    have = (full & allowed).bit_count()
    if len(matchers) < 2 or not have or have >= fill:
        return []
    kinds = [importance(mt.clause) for mt in matchers]
    total, topics = _Count(), _Count()
    places = any_topic = any_other = -1  # -1: every document (no such clause)
    for mt, kind in zip(matchers, kinds):
        total.add(mt.mask)
        if kind == PLACE:
            places &= mt.mask
            continue
        if kind == TOPIC:
            topics.add(mt.mask)
            any_topic = (any_topic if any_topic != -1 else 0) | mt.mask
        any_other = (any_other if any_other != -1 else 0) | mt.mask
    some = places & any_topic & any_other  # -1 & mask == mask
    n, n_topics = len(matchers), kinds.count(TOPIC)
    out = []
    for missed in range(1, n - kinds.count(PLACE)):
        at = total.equal(n - missed, some)
        for t_missed in range(min(missed, n_topics) + 1) if at & allowed else ():
            m = topics.equal(n_topics - t_missed, at) if n_topics else at
            got = (m & allowed).bit_count()
            if got:
                out.append(m)
                have += got
                if have >= fill:
                    return out
    return out
