"""The JSON API (CONTRACT §5) against the seeded demo listings, with S11, S17 and S18 attacks."""
import json
import re
from pathlib import Path
from urllib.parse import urlencode

import pytest

from directory import taxonomy
from directory.search import service as search
from directory.core import web
from directory.demo_data import generate
from directory.core.extensions import db
from directory.core.i18n import pick
from directory.models import Listing, SearchLog
from directory.accounts import operations as accounts
from directory.listings import operations as listings
from directory.listings import review

HIDDEN_STATES = ("draft", "submitted", "rejected", "suspended")
GROUPS = ("capability", "region", "delivered_in", "staff_size")


def seed_directory(app, count=12, seed=7) -> dict:
    """`count` approved demo listings (as `flask demo load` makes them) plus one listing in each
    state buyers must never see. Returns {"public": {public_id: data}, "hidden": {state: (public_id, data)},
    "slugs": {public_id: slug}}."""
    rows = list(generate(count + len(HIDDEN_STATES), seed))
    out = {"public": {}, "hidden": {}, "slugs": {}}
    with app.test_request_context():
        owner = accounts.create_user("demo-owner@example.com", "correct horse battery", confirmed=True)
        secretariat = accounts.create_user("sec@example.com", "correct horse battery", role="secretariat",
                                           confirmed=True)
        for i, data in enumerate(rows):
            listing = listings.create(owner)
            listings.save_draft(listing, data, owner)
            state = HIDDEN_STATES[i - count] if i >= count else "approved"
            if state != "draft":
                listings.submit(listing, owner)
            if state in ("approved", "suspended"):
                review.approve(listing, None)
            if state == "suspended":
                review.suspend(listing, secretariat, "complaint under review")
            if state == "rejected":
                review.reject(listing, secretariat, "incomplete")
            db.session.flush()
            if state == "approved":
                out["public"][listing.public_id] = data
            else:
                out["hidden"][state] = (listing.public_id, data)
            out["slugs"][listing.public_id] = listing.slug
        web.commit()
        search.catch_up()
    for message in Path(app.config["MAIL_OUTBOX"]).glob("*.eml"):
        message.unlink()  # notices to the owner about approvals: tests start with an empty mailbox
    return out


@pytest.fixture
def seeded(app):
    return seed_directory(app)


def api(client, **params):
    response = client.get("/api/v1/providers?" + urlencode(params, doseq=True))
    return response


# ---- brute force over the seeded data: what the API must agree with -------------------------

def values(data: dict, group: str) -> set[str]:
    if group == "capability":
        return set(data.get("capabilities") or [])
    if group == "region":
        return taxonomy.expand_served(data.get("regions_served") or [])
    if group == "delivered_in":
        return {r["country"] for r in data.get("references") or [] if r.get("country")}
    return {data["staff_size"]} if data.get("staff_size") else set()


def matches(data: dict, filters: dict, skip: str | None = None) -> bool:
    return all(values(data, g) & set(v) for g, v in filters.items() if v and g != skip)


def brute_facets(public: dict, filters: dict) -> dict:
    counts = {g: {} for g in GROUPS}
    for data in public.values():
        for group in GROUPS:
            if matches(data, filters, skip=group):
                for code in values(data, group):
                    counts[group][code] = counts[group].get(code, 0) + 1
    return counts


# ---- shape -----------------------------------------------------------------------------------

def test_search_response_has_the_contract_shape(client, seeded):
    response = api(client, per_page=5)
    assert response.status_code == 200 and response.mimetype == "application/json"
    body = response.get_json()
    assert {"query", "total", "page", "per_page", "suggestion", "results", "facets"} <= set(body)
    assert (body["query"], body["total"], body["page"], body["per_page"]) == ("", 12, 1, 5)
    assert len(body["results"]) == 5
    first = body["results"][0]
    assert set(first) == {"id", "slug", "name_en", "name_zh", "summary", "capabilities", "regions_served", "url"}
    assert first["url"] == f"http://directory.test/providers/{seeded['slugs'][first['id']]}"
    assert client.get(first["url"].replace("http://directory.test", "")).status_code == 200
    assert set(body["facets"]) >= {"capability", "region", "staff_size", "delivered_in"}
    for entries in body["facets"].values():
        assert entries and all({"code", "label", "count"} <= set(e) for e in entries)


def test_api_headers_allow_any_origin_and_short_caching(client, seeded):
    for url in ("/api/v1/providers", "/api/v1/taxonomy", "/api/v1/openapi.json",
                f"/api/v1/providers/{next(iter(seeded['public']))}"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        assert response.headers["Cache-Control"] == "public, max-age=60"
    bad = api(client, page=0)
    assert bad.headers["Access-Control-Allow-Origin"] == "*" and "max-age" not in bad.headers.get("Cache-Control", "")


def test_summary_and_labels_follow_lang_with_fallback(client, seeded):
    by_lang = {lang: api(client, lang=lang, per_page=100, sort="name").get_json() for lang in taxonomy.LANGS}
    for lang, body in by_lang.items():
        labels = {e["code"]: e["label"] for e in body["facets"]["capability"]}
        assert labels["iot"] == taxonomy.capability_label("iot", lang)
        for result in body["results"]:
            data = seeded["public"][result["id"]]
            if lang == "en":
                assert result["summary"] == (data["summary_en"] or data["summary_zh"])
            else:  # Chinese first, in the reader's script; English when there is no Chinese
                assert result["summary"] == pick(data, "summary", lang)
    sg = {lang: {e["code"]: e["label"] for e in body["facets"]["region"]}.get("SG") for lang, body in by_lang.items()}
    assert sg == {"en": "Singapore", "zh-Hant": "新加坡", "zh-Hans": "新加坡"}


def test_searches_are_logged_like_the_html_page(app, client, seeded):
    assert api(client, q="cloud").status_code == 200
    with app.app_context():
        logged = db.session.scalars(db.select(SearchLog)).all()
    assert [(row.query, row.lang) for row in logged] == [("cloud", "en")]


# ---- filters and facets ----------------------------------------------------------------------

@pytest.mark.parametrize("filters", [
    {},
    {"capability": ["iot"]},
    {"capability": ["iot", "5g", "cloud"]},                          # OR within a parameter
    {"capability": ["iot", "cloud"], "region": ["asean"]},            # AND across parameters
    {"region": ["SG"]},
    {"region": ["middle-east", "CZ"], "staff_size": ["11-50", "1-10"]},
    {"delivered_in": ["SG", "AE"], "capability": ["big-data", "fintech"]},
])
def test_results_and_disjunctive_facets_equal_a_brute_force_count(client, seeded, filters):
    body = api(client, per_page=100, **filters).get_json()
    expected_ids = {pid for pid, data in seeded["public"].items() if matches(data, filters)}
    assert {r["id"] for r in body["results"]} == expected_ids
    assert body["total"] == len(expected_ids)
    expected = brute_facets(seeded["public"], filters)
    for group in GROUPS:
        shown = {e["code"]: e["count"] for e in body["facets"][group] if e["count"]}
        assert shown == expected[group], group
        selected = [e["code"] for e in body["facets"][group] if e.get("selected")]
        assert sorted(selected) == sorted(filters.get(group, []))


def test_region_sg_matches_listings_that_serve_asean(client, seeded):
    ids = {r["id"] for r in api(client, region="SG", per_page=100).get_json()["results"]}
    asean_only = [pid for pid, d in seeded["public"].items()
                  if "asean" in d["regions_served"] and "SG" not in d["regions_served"]]
    assert asean_only and set(asean_only) <= ids


# ---- invalid parameters (S18) ----------------------------------------------------------------

@pytest.mark.parametrize("params", [
    {"capability": "quantum"}, {"region": "atlantis"}, {"delivered_in": "asean"}, {"staff_size": "2-3"},
    {"page": "0"}, {"page": "-1"}, {"page": "abc"}, {"page": "²"}, {"per_page": "1000"}, {"per_page": "0"},
    {"sort": "random"}, {"lang": "fr"}, {"lang": "zh"}, {"region": "sg"}, {"capability": ""},
    {"capability": "iot' OR '1'='1"}, {"region": "asean; DROP TABLE listings;--"},
    {"staff_size": "1-10%"}, {"delivered_in": "SG\")--"}, {"capability": "iot\x00x"},
    {"capability": ["iot"] * 31},
])
def test_invalid_parameters_are_400_with_an_english_message(client, params):
    response = api(client, **params)
    assert response.status_code == 400, response.get_data(as_text=True)
    body = response.get_json()
    assert set(body) == {"error"} and body["error"].isascii() and len(body["error"]) > 5


def test_error_messages_are_english_whatever_the_language(client, seeded):
    client.get("/?lang=zh-Hant")  # remembered for the HTML pages
    message = api(client, page="0", lang="zh-Hant").get_json()["error"]
    assert "page must be a whole number from 1 to 1000" in message


# ---- hostile free text (S17) -----------------------------------------------------------------

HOSTILE = ["*a* *b* *c* *d* *e*", "{a TO }", "*", "name:[a TO z]", "%ED%BF%BF*", "(" * 988 + "a" + ")" * 988,
           "published_at:[2020 TO yesterday]", "date:[a TO 2020-13-45]", '"unbalanced', "a\x00b\x00",
           "\u202eevil\u202c \u2066x\u2069", "cloud " * 2000, "x" * 20000, "OR AND NOT", "雲端 OR 物联网 NOT"]


def test_hostile_queries_answer_200_with_bounded_work(client, seeded):
    """A work bound, not a clock (timings: bench/search.py): the index sees at most
    MAX_CHARS characters in MAX_CLAUSES clauses, whatever arrives."""
    from search_index import query as search_query
    failed = []
    for q in HOSTILE:
        raw = q if q.startswith("%") else urlencode({"q": q})[2:]  # a lone surrogate arrives as bad UTF-8
        response = client.get(f"/api/v1/providers?q={raw}")
        parsed = search_query.parse(q)
        if response.status_code != 200 or len(parsed.cleaned) > search_query.MAX_CHARS \
                or len(parsed.clauses) > search_query.MAX_CLAUSES:
            failed.append((q[:40], response.status_code, len(parsed.cleaned), len(parsed.clauses)))
    assert failed == []


# ---- what never shows (S11, S14) -------------------------------------------------------------

def test_unapproved_and_suspended_listings_are_never_in_results_or_detail(client, seeded):
    everything = api(client, per_page=100).get_json()
    assert {r["id"] for r in everything["results"]} == set(seeded["public"])
    for state, (pid, data) in seeded["hidden"].items():
        name = data.get("company_name_en") or data["company_name_zh"]
        found = api(client, q=name, per_page=100).get_json()
        assert pid not in {r["id"] for r in found["results"]}, state
        detail = client.get(f"/api/v1/providers/{pid}")
        assert detail.status_code == 404 and set(detail.get_json()) == {"error"}, state
    assert client.get("/api/v1/providers/nosuchid").status_code == 404


def test_a_pending_edit_stays_private_until_approved(app, client, seeded):
    pid = next(iter(seeded["public"]))
    with app.test_request_context():
        listing = db.session.scalar(db.select(Listing).filter_by(public_id=pid))
        listings.save_draft(listing, {"summary_en": "Pending secret wording"}, listing.owner)
        web.commit()
    assert "Pending secret wording" not in client.get(f"/api/v1/providers/{pid}").get_data(as_text=True)


def test_detail_has_references_and_no_contact_details(client, seeded):
    for pid, data in seeded["public"].items():
        body = client.get(f"/api/v1/providers/{pid}?lang=zh-Hant").get_json()
        assert body["id"] == pid and body["slug"] == seeded["slugs"][pid]
        assert [r["title_en"] for r in body["references"]] == [r["title_en"] for r in data["references"]]
        assert body["countries_delivered"] == sorted({r["country"] for r in data["references"]})
        assert body["summary"] == pick(data, "summary", "zh-Hant") and body["summary"]
        for key in ("email", "phone", "contact_name", "contact_title", "br_number"):
            assert key not in body


def test_no_email_phone_or_contact_person_anywhere_in_the_json(client, seeded):
    texts = [api(client, per_page=100, lang=lang).get_data(as_text=True) for lang in taxonomy.LANGS]
    texts += [client.get(f"/api/v1/providers/{pid}").get_data(as_text=True) for pid in seeded["public"]]
    texts.append(client.get("/api/v1/taxonomy").get_data(as_text=True))
    secrets = [v for d in seeded["public"].values() for v in (d["email"], d["phone"], d["contact_name"])]
    for text in texts:
        decoded = json.dumps(json.loads(text), ensure_ascii=False)
        assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.-]+", decoded)
        assert not [s for s in secrets if s and s in decoded]


# ---- taxonomy --------------------------------------------------------------------------------

def test_taxonomy_has_labels_in_three_languages_and_region_countries(client):
    body = client.get("/api/v1/taxonomy").get_json()
    caps = {c["code"]: c for c in body["capabilities"]}
    assert set(taxonomy.CAPABILITY_CODES) == set(caps) and len(caps) >= 20
    assert caps["infosec"]["labels"] == {"en": "Information Security", "zh-Hant": "資訊保安", "zh-Hans": "信息安全"}
    regions = {r["code"]: r for r in body["regions"]}
    assert "SG" in regions["asean"]["countries"] and regions["asean"]["labels"]["zh-Hant"] == "東盟"
    countries = {c["code"]: c["labels"] for c in body["countries"]}
    assert countries["AE"]["en"] == "United Arab Emirates" and len(countries) > 240
