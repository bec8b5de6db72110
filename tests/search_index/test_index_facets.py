"""Filters, disjunctive facet counts, sorts and pages against brute-force Python."""

from __future__ import annotations

import itertools

import pytest
from index_helpers import make_index, random_docs  # noqa: F401 (make_index is a fixture)

from search_index import analysis

GROUPS = ("capability", "region", "delivered_in", "staff_size")
DOCS = random_docs(300)


def values(d, group):
    v = d[group]
    return set(v) if isinstance(v, list) else ({v} if v else set())


def text_match(d, word):
    """Ground truth for a one-word query: the word's token in any text field."""
    if not word:
        return True
    token = analysis.analyze(word)[0]
    keys = ("name_en", "name_zh", "summary_en", "summary_zh", "description_en",
            "description_zh", "extra_text")
    return any(token in analysis.analyze(d[k]) for k in keys)


def passes(d, filters, skip=None):
    return all(values(d, g) & set(vals) for g, vals in filters.items() if g != skip and vals)


def expected(word, filters):
    matched = [d for d in DOCS if text_match(d, word)]
    total = sum(passes(d, filters) for d in matched)
    facets = {}
    for g in GROUPS:
        counts = {}
        for d in matched:
            if passes(d, filters, skip=g):
                for v in values(d, g):
                    counts[v] = counts.get(v, 0) + 1
        for v in filters.get(g, ()):
            counts.setdefault(v, 0)
        facets[g] = counts
    return total, facets


@pytest.fixture(scope="module")
def idx(tmp_path_factory):
    from search_index import SearchIndex
    index = SearchIndex(tmp_path_factory.mktemp("facets") / "ix")
    index.rebuild(DOCS, 0)
    yield index
    index.close()


FILTER_CASES = [
    {},
    {"capability": ["iot"]},
    {"capability": ["iot", "ai"]},                       # OR within a key
    {"capability": ["iot", "ai"], "region": ["SG"]},     # AND across keys
    {"region": ["asean", "CN"], "staff_size": ["1-10"]},
    {"delivered_in": ["AE"], "capability": ["cloud", "gis"], "staff_size": ["11-50", "1-10"]},
    {"capability": ["no-such-code"]},
]


@pytest.mark.parametrize("word, filters", list(itertools.product(
    ["", "smart", "sensors", "平台", "drones"], FILTER_CASES)))
def test_total_and_disjunctive_facets_match_brute_force(idx, word, filters):
    r = idx.search(word, filters=filters, per_page=5)
    total, facets = expected(word, filters)
    assert r.total == total
    assert r.facets == facets


def test_facet_counts_exclude_their_own_filter(idx):
    r = idx.search("", filters={"capability": ["iot"]})
    unfiltered = idx.search("")
    # choosing iot must not shrink the capability group's own counts
    assert r.facets["capability"] == unfiltered.facets["capability"]
    assert r.facets["region"] != unfiltered.facets["region"]


def test_unknown_filter_key_is_an_error(idx):
    with pytest.raises(ValueError):
        idx.search("", filters={"colour": ["red"]})


def test_sort_by_name_and_newest(idx):
    r = idx.search("", sort="name", per_page=300)
    assert r.ids == [d["id"] for d in sorted(DOCS, key=lambda d: d["sort_name"].casefold())]
    r = idx.search("", sort="newest", per_page=300)
    pub = {d["id"]: d["published_at"] for d in DOCS}
    assert [pub[i] for i in r.ids] == sorted(pub.values(), reverse=True)


def test_sorted_subsets_follow_the_same_order(idx):
    smart = [d for d in DOCS if text_match(d, "smart")]
    r = idx.search("smart", sort="name", per_page=100)
    assert r.ids == [d["id"] for d in sorted(smart, key=lambda d: d["sort_name"].casefold())][:100]


def test_pages_partition_the_results(idx):
    full = idx.search("smart", per_page=100).ids
    total = idx.search("smart").total
    pages = [idx.search("smart", page=p, per_page=7).ids for p in range(1, total // 7 + 3)]
    joined = [i for p in pages for i in p]
    assert joined[:100] == full and len(joined) == len(set(joined)) == total
    assert pages[-1] == []


def test_relevance_ties_are_ordered_by_name(make_index):
    from index_helpers import doc
    docs = [doc(str(i), name_en="Same Words", sort_name=name) for i, name in
            enumerate(["delta", "alpha", "charlie", "bravo"])]
    idx = make_index(docs)
    assert idx.search("same words").ids == ["1", "3", "2", "0"]
    assert idx.search("same words", page=2, per_page=2).ids == ["2", "0"]


def test_bad_arguments(idx):
    for kwargs in ({"sort": "price"}, {"page": 0}, {"per_page": 0}, {"facets": ("colour",)}):
        with pytest.raises(ValueError):
            idx.search("smart", **kwargs)
