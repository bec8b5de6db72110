"""The relevance floor (issue 7): bench/relevance.py's judged queries over the demo data must not
get worse. Relevance on fixed data is not a timing test: the figures are exact for a given
engine, vocabulary and demo generator. FLOOR holds the figures reached (rounded down); raise it
when the search gets better, never lower it to make a change pass."""
import pytest

from bench.relevance import evaluate

FLOOR = {  # class: (recall@10, MRR, nDCG@10)
    "en": (0.99, 0.99, 0.98),
    "zh-Hant": (0.98, 0.99, 0.99),
    "zh-Hans": (0.98, 0.99, 0.99),
    "cross": (0.98, 0.99, 0.99),
    "acronym": (0.99, 0.99, 0.93),
    "typo": (0.99, 0.99, 0.97),
    "multi": (0.99, 0.99, 0.99),
    "place": (0.99, 0.99, 0.99),
    "name": (0.99, 0.99, 0.99),
}


@pytest.fixture(scope="module")
def figures():
    return evaluate()


@pytest.mark.parametrize("cls", sorted(FLOOR))
def test_no_query_class_falls_below_its_floor(figures, cls):
    got = figures["classes"][cls]
    recall, mrr, ndcg = FLOOR[cls]
    assert got["recall"] >= recall and got["mrr"] >= mrr and got["ndcg"] >= ndcg, (cls, got)


def test_the_judged_set_is_big_enough_and_covers_every_class(figures):
    assert figures["all"]["n"] >= 150
    assert all(figures["classes"][cls]["n"] >= 15 for cls in FLOOR)
