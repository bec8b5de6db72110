"""Ranking in tiers (issue 7): clauses matched, place, match kind, field, proximity, BM25, a stable key."""

from __future__ import annotations

import pytest

from index_helpers import doc, make_index  # noqa: F401 (make_index is a fixture)

EQUIVALENTS = [{"soc", "security operations centre", "保安運作中心"},
               {"digital twin", "數碼孿生"}]
RELATED = {"digital twin": ["gis"], "penetration testing": ["infosec"]}
PLACES = [(("Kazakhstan", "哈薩克", "哈萨克斯坦", "Almaty", "阿拉木圖"), {"delivered_in": ["KZ"], "region": ["KZ"]})]


@pytest.fixture
def idx(tmp_path):
    from search_index import SearchIndex

    index = SearchIndex(tmp_path / "ix", synonyms=EQUIVALENTS, related=RELATED, places=PLACES)
    index.rebuild([
        doc("says-it-in-desc", name_en="Delta Co", description_en="We run a digital twin of the port."),
        doc("says-it-in-summary", name_en="Echo Co", summary_en="Digital twin platforms"),
        doc("tagged-only", name_en="Alpha Mapping", summary_en="Survey maps", capability=["gis"]),
        doc("equivalent", name_en="Bravo Co", summary_en="數碼孿生平台"),
        doc("soc-typed", name_en="Foxtrot", description_en="Our SOC watches networks."),
        doc("soc-spelled", name_en="Golf", summary_en="A security operations centre for banks"),
        doc("kz-delivered", name_en="Hotel IoT", summary_en="IoT sensors", delivered_in=["KZ"]),
        doc("kz-serves", name_en="India IoT", summary_en="IoT sensors", region=["KZ", "central-asia"]),
        doc("kz-mentions", name_en="Juliet IoT", summary_en="IoT sensors, an office in Kazakhstan"),
        doc("kz-nothing", name_en="Kilo IoT", summary_en="IoT sensors"),
        doc("twin-a", name_en="Same Name", summary_en="harbour cranes", sort_name="same"),
        doc("twin-b", name_en="Same Name", summary_en="harbour cranes", sort_name="same"),
        doc("plural-says", name_en="Yankee Co", summary_en="Managed services for banks"),
        doc("singular-says", name_en="Xray Co", summary_en="Managed service for banks"),
        doc("literal", name_en="Whiskey Co", description_en="Edge gateway for ports"),
        doc("variant", name_en="Victor Co", description_en="Edge gateways for ports"),
        doc("ref", name_en="Lima", summary_en="Engineering",
            reference_text="Bridge sensors, Almaty · 阿拉木圖橋樑感應器\nTunnel lighting, Tashkent"),
    ], 0)
    yield index
    index.close()


def test_a_provider_that_says_the_word_outranks_one_that_only_carries_a_related_capability(idx):
    r = idx.search("digital twin")
    assert r.ids[-1] == "tagged-only" and set(r.ids) >= {"says-it-in-summary", "says-it-in-desc", "equivalent"}
    assert "<mark>" not in "".join(r.highlights["tagged-only"].values())  # never highlighted as if typed


def test_the_words_typed_outrank_an_equivalent_and_a_better_field_outranks_a_worse_one(idx):
    assert idx.search("digital twin").ids[:3] == ["says-it-in-summary", "says-it-in-desc", "equivalent"]
    assert idx.search("SOC").ids == ["soc-typed", "soc-spelled"]  # exact in description > equivalent in summary
    assert idx.search("security operations centre").ids == ["soc-spelled", "soc-typed"]


def test_the_word_as_typed_outranks_only_a_stemmed_form_of_it_all_else_equal(idx):
    # Names sort the other way, so only the exact/stemmed tier can give this order.
    assert idx.search("services").ids == ["plural-says", "singular-says"]
    assert idx.search("service").ids == ["singular-says", "plural-says"]
    assert idx.search("gateway").ids == ["literal", "variant"]  # a word that is its own stem
    assert idx.search("gateways").ids == ["variant", "literal"]
    assert idx.search("edge gateway").ids == ["literal", "variant"]  # a phrase: each word as typed


@pytest.mark.parametrize("q", ["IoT Kazakhstan", "IoT 哈薩克", "IoT 哈萨克斯坦", "IoT Almaty", "IoT 阿拉木圖"])
def test_a_place_ranks_delivered_then_serves_then_mentions_and_says_where(idx, q):
    r = idx.search(q)
    assert r.ids == ["kz-delivered", "kz-serves", "kz-mentions"] and r.places == {"delivered_in": ["KZ"],
                                                                                     "region": ["KZ"]}
    assert r.where["kz-delivered"] == {"delivered_in": ["KZ"], "serves": []}
    assert r.where["kz-serves"] == {"delivered_in": [], "serves": ["KZ"]}


def test_a_place_nobody_serves_is_dropped_and_said_so(idx):
    r = idx.search("cranes Kazakhstan")
    assert r.partial and r.dropped_terms == ["Kazakhstan"] and set(r.ids) == {"twin-a", "twin-b"}


def test_ties_are_broken_by_name_then_id_the_same_way_every_time(idx):
    assert idx.search("harbour cranes").ids == ["twin-a", "twin-b"]
    assert idx.search("harbour cranes", page=2, per_page=1).ids == ["twin-b"]


def test_a_matching_project_reference_is_the_snippet_and_ranks_below_the_listing_text(idx):
    r = idx.search("Tashkent")
    assert r.ids == ["ref"] and r.snippets["ref"] == "Tunnel lighting, <mark>Tashkent</mark>"
    r = idx.search("sensors")
    assert r.ids[-1] == "ref" and "<mark>sensors</mark>" in r.snippets["ref"]
    assert r.snippets["kz-nothing"] == ""
