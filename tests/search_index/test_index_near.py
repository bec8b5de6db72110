"""Near misses (search_index/near.py): a few full matches of a several-word query are followed by
the providers matching most of it, topics kept, places never dropped; and Chinese runs the
vocabulary cuts into a term and leftovers (search_index/query.py, search.py)."""

from __future__ import annotations

import pytest

from index_helpers import doc, make_index  # noqa: F401 (make_index is a fixture)
from search_index import near

EQUIVALENTS = [{"qr payment", "qr code payment"}, {"recycling", "回收"}]
RELATED = {"qr payment": ["fintech"], "recycling": ["smart-environment"]}
PLACES = [(("Kazakhstan", "哈薩克"), {"delivered_in": ["KZ"], "region": ["KZ"]})]


@pytest.fixture
def idx(tmp_path):
    from search_index import SearchIndex

    index = SearchIndex(tmp_path / "ix", synonyms=EQUIVALENTS, related=RELATED, places=PLACES)
    index.rebuild([
        doc("all-three", name_en="Alpha Pay", summary_en="QR payment gateway for shops",
            capability=["fintech"]),
        doc("topic-only", name_en="Bravo Pay", summary_en="QR payment apps", capability=["fintech"]),
        doc("tagged-only", name_en="Charlie Pay", summary_en="Card acquiring", capability=["fintech"]),
        doc("word-only", name_en="Delta IoT", summary_en="An IoT gateway for sensors", capability=["iot"]),
        doc("kz-all", name_en="Kilo Pay", summary_en="QR payment gateway, Kazakhstan", delivered_in=["KZ"]),
        doc("kz-topic", name_en="Echo Pay", summary_en="QR payment in Kazakhstan", delivered_in=["KZ"]),
        doc("kz-word", name_en="Foxtrot", summary_en="A gateway for Kazakhstan", delivered_in=["KZ"]),
        doc("whole-run", name_en="Golf Green", reference_text="Almaty 智能回收站",
            capability=["smart-environment"]),
        doc("scattered", name_en="Hotel Green", summary_en="一站式智能建築及回收方案",
            capability=["smart-environment"]),
        doc("recycles", name_en="India Green", summary_en="回收方案", capability=["smart-environment"]),
    ], 0)
    yield index
    index.close()


def test_a_few_full_matches_come_first_then_those_missing_a_plain_word_then_the_tagged(idx):
    r = idx.search("QR payment gateway")
    assert set(r.ids[:2]) == {"all-three", "kz-all"} and r.near_misses == r.total - 2 == 3
    assert set(r.ids[2:]) == {"topic-only", "tagged-only", "kz-topic"}  # the topic kept, "gateway" missed
    assert r.ids[-1] == "tagged-only"  # a related capability's tag ranks below saying it
    assert r.partial is False and r.facets["capability"]["fintech"] == 3  # facets count what is shown


def test_a_provider_matching_only_a_plain_word_is_no_near_miss_when_the_query_names_a_topic(idx):
    assert "word-only" not in idx.search("QR payment gateway").ids


def test_a_place_is_never_dropped(idx):
    r = idx.search("QR payment gateway Kazakhstan")
    assert r.ids == ["kz-all", "kz-topic"]  # not the QR payment providers elsewhere
    r = idx.search("QR payment Kazakhstan")
    assert set(r.ids) == {"kz-all", "kz-topic"} and r.near_misses == 0  # topic + place: nothing to add


def test_near_misses_only_under_relevance_and_only_when_the_full_matches_are_few(idx, monkeypatch):
    for sort in ("name", "newest"):
        r = idx.search("QR payment gateway", sort=sort)
        assert set(r.ids) == {"all-three", "kz-all"} and r.near_misses == 0
    monkeypatch.setattr(near, "FILL", 2)  # two full matches are a page: nothing added
    r = idx.search("QR payment gateway")
    assert set(r.ids) == {"all-three", "kz-all"} and r.near_misses == 0 and r.total == 2


def test_filters_apply_to_near_misses(idx):
    r = idx.search("QR payment gateway", filters={"capability": ["fintech"]})
    assert r.ids == ["all-three", "topic-only", "tagged-only"] and r.near_misses == 2


def test_a_plain_words_query_keeps_any_of_its_words(make_index):
    idx = make_index([doc("both", name_en="A", summary_en="bills of lading"),
                      doc("one", name_en="B", summary_en="lading notes"),
                      doc("none", name_en="C", summary_en="crates")])
    r = idx.search("bills lading")
    assert r.ids == ["both", "one"] and r.near_misses == 1


def test_a_lone_character_left_after_a_term_also_matches_the_bigram_it_ends(idx):
    # 智能回收站 -> 智能 + 回收 (a term) + 站; "Almaty 智能回收站" holds 收站, no bigram starting with 站
    r = idx.search("智能回收站")
    assert r.near_misses == 1 and r.ids[-1] == "recycles"
    assert r.ids[0] == "whole-run"  # holds the run as typed: above 一站式…智能…回收 in a better field
    assert r.ids[1] == "scattered"


def test_bit_sliced_counts():
    count = near._Count()
    for mask in (0b0111, 0b0110, 0b0100):
        count.add(mask)
    assert [count.equal(k, 0b1111) for k in range(4)] == [0b1000, 0b0001, 0b0010, 0b0100]
    assert count.equal(9, 0b1111) == 0
