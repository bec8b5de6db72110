"""What finds what: per language, across scripts, synonyms, typos, field weights."""

from __future__ import annotations

import pytest

from index_helpers import doc, make_index  # noqa: F401 (make_index is a fixture)

DOCS = [
    doc("iot", name_en="Harbour Sensors Ltd", name_zh="海港感應器有限公司",
        summary_en="Smart city IoT sensors for ports", summary_zh="為港口提供智慧城市物聯網感應器",
        capability=["iot"], region=["asean", "SG"], published_at=300),
    doc("sec", name_en="Peak Guard", summary_en="Managed security operations",
        summary_zh="資訊保安服務及監察", capability=["infosec"], published_at=200),
    doc("sec2", name_en="Shield Labs", summary_en="Information security audits",
        capability=["infosec"], published_at=100),
    doc("chain", name_en="Ledger Works", summary_en="Blockchain for trade finance",
        description_en="Distributed ledger platforms", capability=["blockchain"], published_at=400),
    doc("robot", name_en="Delta Automation", summary_zh="服務型機械人", capability=["robotics"]),
    doc("rank-name", name_en="Drone Masters", summary_en="Aerial surveys"),
    doc("rank-summary", name_en="Sky Co", summary_en="Drone inspections for utilities"),
    doc("rank-desc", name_en="Air Co", summary_en="Inspections",
        description_en="We fly a drone over bridges"),
    doc("rank-extra", name_en="Ground Co", summary_en="Surveys", extra_text="drone"),
    doc("mixed", name_en="Bay Cloud", summary_en="雲端 cloud hosting 香港"),
]


@pytest.fixture
def idx(make_index):
    return make_index(DOCS)


def ids(result):
    return result.ids


@pytest.mark.parametrize("query, expected", [
    ("sensors", ["iot"]),
    ("smart city iot", ["iot"]),
    ('"trade finance"', ["chain"]),
    ("物聯網", ["iot"]),           # Traditional
    ("物联网", ["iot"]),           # Simplified finds Traditional text
    ("感应器", ["iot"]),
    ("智慧城市", ["iot"]),
    ("cloud 雲端", ["mixed"]),     # mixed languages in one query
    ("云端", ["mixed"]),
])
def test_finds_by_language(idx, query, expected):
    assert ids(idx.search(query)) == expected


def test_traditional_query_finds_text_written_in_simplified(make_index):
    idx = make_index([doc("s", name_en="Simp", summary_zh="我们提供区块链方案")])
    assert ids(idx.search("區塊鏈")) == ["s"]
    assert ids(idx.search("区块链")) == ["s"]


def test_synonyms_cross_languages(idx):
    # "cybersecurity" is in no document; its synonym set is
    assert set(ids(idx.search("cybersecurity"))) == {"sec", "sec2"}
    assert set(ids(idx.search("信息安全"))) == {"sec", "sec2"}  # Simplified synonym
    assert set(ids(idx.search("資訊保安"))) == {"sec", "sec2"}
    assert set(ids(idx.search("information security"))) == {"sec", "sec2"}
    assert ids(idx.search("robot")) == ["robot"]   # English finds 機械人
    assert ids(idx.search("机器人")) == ["robot"]  # Simplified word for robot, HK uses 機械人


def test_field_weights_rank_name_over_summary_over_description_over_extra(idx):
    assert ids(idx.search("drone")) == ["rank-name", "rank-summary", "rank-desc", "rank-extra"]


def test_nobody_matches_every_word_so_the_most_informative_words_are_kept_and_it_says_so(idx):
    r = idx.search("ledger sensors")  # no document has both, each word one document
    assert r.partial is True and r.total == 1
    assert r.dropped_terms == ["sensors"] and r.matched_terms == ["ledger"]  # a tie: the later word goes
    r = idx.search("drone inspections zzzqqq")  # a word nobody has goes first
    assert r.partial and r.dropped_terms == ["zzzqqq"] and set(r.ids) == {"rank-summary", "rank-desc"}
    r = idx.search("inspections drone sensors")  # "drone" (4 documents) is the least informative
    assert r.partial and r.dropped_terms == ["sensors"]
    r = idx.search("ledger platforms")  # AND when both match: a full answer
    assert r.ids == ["chain"] and r.partial is False and r.dropped_terms == []


def test_a_typo_that_finds_nothing_shows_the_results_of_its_correction(idx):
    r = idx.search("blockchian")
    assert r.ids == ["chain"] and r.corrected is True and r.suggestion == "blockchain"
    r = idx.search("Sensers for ports")
    assert r.ids == ["iot"] and r.corrected and r.suggestion == "sensors for ports"
    r = idx.search("blockchain")
    assert r.corrected is False and r.suggestion is None
    r = idx.search("blockchian", spell=False)  # "search instead for" exactly what was typed
    assert r.total == 0 and r.corrected is False and r.suggestion is None


def test_a_word_the_index_knows_is_never_corrected(make_index):
    idx = make_index([doc("a", name_en="Sensors Ltd"), doc("b", name_en="Senors Ltd")])
    r = idx.search("senors")  # a real word of one listing, one edit from a commoner one
    assert r.ids == ["b"] and r.corrected is False and r.suggestion is None


def test_chinese_is_never_corrected_by_edit_distance(idx):
    r = idx.search("區塊練")  # one character off 區塊鏈
    assert r.total == 0 and r.corrected is False and r.suggestion is None


def test_no_suggestion_when_nothing_is_close(idx):
    r = idx.search("zzzzqqq")
    assert r.total == 0 and r.suggestion is None and r.corrected is False


def test_single_cjk_character_matches_words_starting_with_it(idx):
    assert "iot" in ids(idx.search("港"))


def test_empty_query_browses_newest_first(idx):
    r = idx.search("")
    assert r.total == len(DOCS)
    assert r.ids[:4] == ["chain", "iot", "sec", "sec2"]
