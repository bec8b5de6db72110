"""Search that says what it did (issue 7), on the page and in the API, over seeded demo listings:
a correction when the query as typed finds nothing, a partial match when nobody has every word,
places named in the query, and the project reference that matched."""
import re
from html import unescape

import pytest
from test_api import seed_directory

from directory import taxonomy


@pytest.fixture
def seeded(app):
    return seed_directory(app, count=40)


def api(client, **params):
    response = client.get("/api/v1/providers", query_string=params)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def page(client, **params) -> str:
    response = client.get("/search", query_string=params)
    assert response.status_code == 200
    return unescape(response.get_data(as_text=True))


def test_a_typo_that_finds_nothing_shows_the_correction_and_offers_the_query_as_typed(client, seeded):
    typed = api(client, q="blockchian")
    right = api(client, q="blockchain")
    assert right["total"] > 0 and right["corrected"] is False and right["suggestion"] is None
    assert typed["corrected"] is True and typed["suggestion"] == "blockchain"
    assert [r["id"] for r in typed["results"]] == [r["id"] for r in right["results"]]
    exact = api(client, q="blockchian", exact=1)
    assert exact["total"] == 0 and exact["corrected"] is False
    html = page(client, q="blockchian")
    assert "Showing results for" in html and "Search instead for" in html
    link = re.search(r'Search instead for <a href="([^"]+)"', html).group(1)
    assert "exact=1" in link and "q=blockchian" in link
    assert "No provider matches this search" in page(client, q="blockchian", exact=1)


def test_nobody_has_every_word_so_the_page_and_the_api_say_what_was_dropped(client, seeded):
    body = api(client, q="blockchain zqxwvy")
    assert body["partial"] is True and body["total"] > 0
    assert body["dropped_terms"] == ["zqxwvy"] and body["matched_terms"] == ["blockchain"]
    html = page(client, q="blockchain zqxwvy")
    assert "No provider matched all of “blockchain zqxwvy”; showing those that match “blockchain”." in html
    full = api(client, q="blockchain")
    assert full["partial"] is False and full["dropped_terms"] == []


def _a_reference(seeded):
    """(capability, country, provider id) of a listing with a project reference in a country."""
    for pid, data in sorted(seeded["public"].items()):
        for ref in data.get("references") or []:
            if ref.get("country") and data["capabilities"]:
                return data["capabilities"][0], ref["country"], pid
    pytest.skip("no demo listing with a reference")


@pytest.mark.parametrize("lang", ["en", "zh-Hant", "zh-Hans"])
def test_a_place_in_the_query_ranks_providers_who_delivered_there_first_and_says_so(client, seeded, lang):
    cap, country, pid = _a_reference(seeded)
    q = f"{taxonomy.capability_label(cap, lang)} {taxonomy.country_name(country, lang)}"
    body = api(client, q=q, lang=lang)
    assert body["places"]["region"] == [country]
    delivered = [r for r in body["results"] if country in r["place_match"]["delivered_in"]]
    assert any(r["id"] == pid for r in delivered)
    # everyone who delivered there comes before everyone who did not
    flags = [country in r["place_match"]["delivered_in"] for r in body["results"]]
    assert flags == sorted(flags, reverse=True)
    html = page(client, q=q, lang=lang)
    assert f"Delivered projects in {taxonomy.country_name(country, 'en')}" in html or lang != "en"
    assert f"region={country}" in html  # the matching facet is offered


def test_a_matching_project_reference_is_the_snippet(client, seeded):
    cap, country, pid = _a_reference(seeded)
    ref = next(r for r in seeded["public"][pid]["references"] if r.get("country") == country)
    word = max(re.findall(r"[A-Za-z]{6,}", ref["title_en"]), key=len)
    body = api(client, q=word)
    hit = next(r for r in body["results"] if r["id"] == pid)
    assert "<mark>" in hit["reference_snippet"]
    assert word.casefold() in re.sub("<[^>]+>", "", hit["reference_snippet"]).casefold()


def test_a_related_term_finds_tagged_providers_below_those_who_say_it_and_is_not_highlighted(client, seeded):
    body = api(client, q="digital twin", per_page=100)
    gis = {pid for pid, data in seeded["public"].items() if "gis" in data["capabilities"]}
    assert gis and {r["id"] for r in body["results"]} >= gis
    assert all("<mark>" not in unescape(v) for r in body["results"] for v in [r["summary"]])


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
def test_sort_by_name_follows_the_readers_names_and_collation(client, seeded, lang):
    """Chinese readers get the Chinese names in pinyin (Simplified) or stroke (Traditional) order,
    not the English order; the same order on the page and in the API."""
    from directory.core import collation
    from directory.core.i18n import in_script
    body = api(client, sort="name", per_page=100, lang=lang)
    got = [r["id"] for r in body["results"]]
    public = seeded["public"]
    assert len(got) == len(public)

    def name(pid):
        data = public[pid]
        if lang == "en":
            return (data.get("company_name_en") or data.get("company_name_zh") or "").casefold()
        return in_script(data.get("company_name_zh") or "", lang) or data.get("company_name_en") or ""
    key = (lambda text: text.encode()) if lang == "en" else collation.sort_key(lang)
    names = [name(pid) for pid in got]
    assert [key(n) for n in names] == sorted(key(n) for n in names)
    if lang != "en":
        english = sorted(got, key=lambda pid: (public[pid].get("company_name_en") or "").casefold())
        assert got != english  # the English order would be a different list
    html = page(client, sort="name", lang=lang)
    first = body["results"][0]
    shown = first["name_zh"] if lang != "en" and first["name_zh"] else first["name_en"]
    assert in_script(shown, lang) in html


@pytest.mark.parametrize("lang", ["en", "zh-Hans"])
def test_the_page_shows_the_matching_reference_in_the_readers_language(client, seeded, lang):
    """Not the search line (every language and country name at once): the reference's own title
    in the reader's language, its place by name."""
    from directory.core.i18n import in_script
    _cap, country, pid = _a_reference(seeded)
    ref = next(r for r in seeded["public"][pid]["references"] if r.get("country") == country)
    word = max(re.findall(r"[A-Za-z]{6,}", ref["title_en"]), key=len)
    html = page(client, q=word, lang=lang, per_page=100)
    item = re.search(rf'<li class="result" id="p-{pid}">(.*?)</li>\s*(?:<li class="result"|</ol>)', html, re.S)
    assert item, "the provider is on the page"
    snippet = re.search(r'<p class="reference-snippet">(.*?)</p>', item.group(1), re.S).group(1)
    text = re.sub(r"<[^>]+>", "", snippet)
    title = in_script(ref.get("title_zh"), lang) if lang != "en" and ref.get("title_zh") else ref["title_en"]
    assert title in text
    assert taxonomy.region_label(country, lang) in text
    other = [taxonomy.country_name(country, other_lang) for other_lang in taxonomy.LANGS if other_lang != lang]
    assert not any(name in text for name in other if name != taxonomy.region_label(country, lang))
