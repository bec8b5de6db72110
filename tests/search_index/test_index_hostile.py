"""SECURITY-CHECKS S17: hostile queries do bounded work (capped text and clauses) and never raise."""

from __future__ import annotations

import pytest
from index_helpers import SYNONYMS, random_docs

from search_index import SearchIndex
from search_index import query as search_query

HOSTILE = [
    "*a* *b* *c* *d* *e*",
    "{a TO }",
    "*",
    "name:[a TO z]",
    "\udfff*",
    "(" * 988 + "a" + ")" * 988,
    "date:[2020 TO abc]",
    '"abc',
    'abc"',
    '"""',
    "smart\x00city\x00",
    "\x00" * 500,
    "\u202eytic trams\u202c \u2066smart\u2069",
    "a" * 10_000,
    "smart city " * 1_000,       # 11,000 characters, 2,000 words
    "智" * 20_000,
    "x" * 20_000,
    "' OR 1=1 --",
    "'; DROP TABLE listings; --",
    "smart~2 city^10 +sensors -drones",
    "/regex.*/ ?????",
    "AND OR NOT AND",
    "\ufeff\u200b\u200d",
    "𝕤𝕞𝕒𝕣𝕥 ｓｍａｒｔ",
    "a" * 40 + " b" * 100,
    "\"" + "智慧城市 " * 50 + "\"",
    "%s%s%n {{7*7}} ${7*7} <script>alert(1)</script>",
]


@pytest.fixture(scope="module")
def idx(tmp_path_factory):
    index = SearchIndex(tmp_path_factory.mktemp("hostile") / "ix", synonyms=SYNONYMS)
    index.rebuild(random_docs(2000, seed=11), 0)
    index.search("warm up")
    yield index
    index.close()


@pytest.mark.parametrize("query", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_query_does_bounded_work_and_never_raises(idx, query):
    # A work bound, not a clock (timings: bench/search.py): whatever is typed, the search runs
    # on at most MAX_CHARS characters in at most MAX_CLAUSES clauses.
    parsed = search_query.parse(query, idx.synonyms)
    assert len(parsed.cleaned) <= search_query.MAX_CHARS and len(parsed.clauses) <= search_query.MAX_CLAUSES
    result = idx.search(query, filters={"region": ["SG"]}, highlight=True)
    assert isinstance(result.total, int) and result.total >= 0
    for fields in result.highlights.values():
        for html_text in fields.values():
            html_text.encode("utf-8")  # printable: no lone surrogates
    if result.suggestion is not None:
        result.suggestion.encode("utf-8")


@pytest.mark.parametrize("value", ["' OR 1=1 --", "\x00", "\udfff", "a" * 5000, "<script>"])
def test_hostile_filter_values_just_match_nothing(idx, value):
    result = idx.search("smart", filters={"capability": [value], "region": ["SG", value]})
    assert result.total == 0
    assert value in result.facets["capability"]  # selected values are echoed with 0


def test_not_a_string_query(idx):
    assert idx.search(None).total == 2000
    assert idx.search(12345).total == 0
