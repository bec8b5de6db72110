"""Highlights: matched words in <mark>, everything else HTML-escaped."""

from __future__ import annotations

import pytest
from index_helpers import doc, make_index  # noqa: F401 (make_index is a fixture)

from search_index.highlight import highlight
from search_index.analysis import analyze

PAYLOAD = '<script>alert("x")</script> & <img src=x onerror=alert(1)>'


@pytest.fixture
def idx(make_index):
    return make_index([
        doc("evil", name_en="Evil <b>Sensors</b> Ltd", name_zh="<script>感應器</script>",
            summary_en="Sensors " + PAYLOAD, summary_zh="物聯網" + PAYLOAD),
        doc("plain", name_en="Plain Co", summary_en="Smart city platform",
            summary_zh="提供智慧城市方案", description_en="sensors inside"),
    ])


def test_document_markup_is_escaped(idx):
    h = idx.search("sensors").highlights["evil"]
    assert h["name_en"] == "Evil &lt;b&gt;<mark>Sensors</mark>&lt;/b&gt; Ltd"
    assert "<script>" not in h["summary_en"] and "&lt;script&gt;" in h["summary_en"]
    assert "<img" not in h["summary_en"] and "&lt;img" in h["summary_en"]
    assert h["summary_en"].startswith("<mark>Sensors</mark> ")
    assert h["name_zh"] == "&lt;script&gt;感應器&lt;/script&gt;"
    for value in h.values():  # the only tags left are ours
        assert value.replace("<mark>", "").replace("</mark>", "").count("<") == 0


def test_chinese_marks_join_bigrams_and_follow_simplified_queries(idx):
    h = idx.search("物联网").highlights["evil"]
    assert h["summary_zh"].startswith("<mark>物聯網</mark>&lt;script&gt;")
    h = idx.search("智慧城市").highlights["plain"]
    assert h["summary_zh"] == "提供<mark>智慧城市</mark>方案"


def test_phrases_are_marked_only_where_words_are_adjacent():
    terms = {tuple(analyze("smart city"))}
    assert highlight("smart city, city smart", terms) == "<mark>smart city</mark>, city smart"


def test_every_page_result_has_all_four_fields(idx):
    r = idx.search("sensors")
    assert set(r.highlights) == set(r.ids) == {"evil", "plain"}
    assert r.highlights["plain"]["summary_en"] == "Smart city platform"  # matched elsewhere
    assert idx.search("sensors", highlight=False).highlights == {}


def test_long_text_is_cut_around_the_first_match():
    text = "filler " * 200 + "sensors here " + "tail " * 200
    out = highlight(text, {("sensor",)})
    assert out.startswith("…") and out.endswith("…") and "<mark>sensors</mark>" in out
    assert len(out) < 700
