"""The buyer's shortlist: kept in the session across pages and searches, changed only by a
CSRF-protected POST (S08), and the enquiry goes to exactly the shortlist, with a receipt."""
from pathlib import Path

import pytest
from babel.messages.extract import extract_python
from conftest import body_of, csrf_from, read_outbox
from test_api import seed_directory
from test_enquiries import BUYER

from directory.core.extensions import db
from directory.models import Enquiry
from directory.public import receipts


@pytest.fixture
def seeded(app):
    app.config["ENQUIRY_RATE_LIMIT"] = "100 per minute"
    return seed_directory(app, count=6)


def name_of(data):
    return data["company_name_en"] or data["company_name_zh"]


def tick(client, pid, action="add", next_url="/search?q=cloud"):
    token = csrf_from(client.get("/search").get_data(as_text=True))
    return client.post("/shortlist", data={"csrf_token": token, "provider": pid, "action": action, "next": next_url})


def header_count(client) -> str:
    html = client.get("/").get_data(as_text=True)
    return html.split('class="shortlist-link"')[1].split("</a>")[0]


def test_a_tick_redirects_back_to_the_result_and_the_header_counts_it(client, seeded):
    first, second = list(seeded["public"])[:2]
    response = tick(client, first, next_url="/search?q=cloud&page=2")
    assert response.status_code == 303 and response.location == f"/search?q=cloud&page=2#p-{first}"
    tick(client, second)
    assert "Shortlist (2)" in header_count(client)
    html = client.get("/search?capability=cloud").get_data(as_text=True)  # a new search keeps it
    assert "Shortlist (2)" in html
    tick(client, first, action="remove")
    assert "Shortlist (1)" in header_count(client)
    page = client.get("/shortlist").get_data(as_text=True)
    assert name_of(seeded["public"][second]) in page and name_of(seeded["public"][first]) not in page


def test_only_a_post_with_csrf_changes_it(client, seeded):
    first = list(seeded["public"])[0]
    assert client.post("/shortlist", data={"provider": first, "action": "add"}).status_code == 400
    client.get(f"/shortlist?provider={first}&action=add")
    assert "Shortlist (0)" in header_count(client)


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:x"])
def test_the_way_back_never_leaves_the_site(client, seeded, target):
    response = tick(client, list(seeded["public"])[0], next_url=target)
    assert response.status_code == 303 and response.location.startswith("/shortlist")


def test_the_enquiry_goes_to_exactly_the_shortlist_with_a_receipt_naming_them(app, client, seeded):
    chosen = list(seeded["public"])[:3]
    for pid in chosen:
        tick(client, pid)
    tick(client, seeded["hidden"]["draft"][0])  # a crafted id that is not public: never listed, never mailed
    form = client.get("/enquiry").get_data(as_text=True)
    for pid in chosen:
        assert name_of(seeded["public"][pid]) in form and f'name="provider" value="{pid}"' in form
    response = client.post("/enquiry", data={**BUYER, "csrf_token": csrf_from(form),
                                             "provider": chosen + [seeded["hidden"]["draft"][0]]})
    assert response.status_code == 302
    sent = client.get(response.location).get_data(as_text=True)
    names = [name_of(seeded["public"][pid]) for pid in chosen]
    assert all(n in sent for n in names)

    messages = read_outbox(app)
    to_providers = sorted(m["To"] for m in messages if m["To"] != BUYER["email"])
    assert to_providers == sorted(seeded["public"][pid]["email"] for pid in chosen)
    [receipt] = [m for m in messages if m["To"] == BUYER["email"]]
    body = body_of(receipt)
    assert all(n in body for n in names)
    assert not [m for m in to_providers if m in body] and "@" not in body.replace(app.config["ASSOCIATION_EMAIL"], "")
    assert BUYER["message"] not in body  # a receipt repeats nothing the sender typed
    with app.app_context():
        [row] = db.session.scalars(db.select(Enquiry)).all()
        assert set(row.delivered_to) == set(chosen)
    assert "Shortlist (0)" in header_count(client)  # written to: the next search starts afresh


def test_a_receipt_speaks_the_buyers_language(app, client, seeded):
    pid = list(seeded["public"])[0]
    tick(client, pid)
    form = client.get("/enquiry?lang=zh-Hant").get_data(as_text=True)
    client.post("/enquiry", data={**BUYER, "csrf_token": csrf_from(form), "provider": [pid]})
    [receipt] = [m for m in read_outbox(app) if m["To"] == BUYER["email"]]
    data = seeded["public"][pid]
    assert (data["company_name_zh"] or data["company_name_en"]) in body_of(receipt)


def test_the_receipt_subject_names_one_provider_and_counts_several_with_plural_forms(app, client, seeded):
    one, *three = list(seeded["public"])[:4]
    for chosen in ([one], three):
        form = client.get("/enquiry", query_string={"provider": chosen}).get_data(as_text=True)
        client.post("/enquiry", data={**BUYER, "csrf_token": csrf_from(form), "provider": chosen})
    subjects = [m["Subject"] for m in read_outbox(app) if m["To"] == BUYER["email"]]
    assert sorted(subjects) == sorted([f"Your enquiry was sent to {name_of(seeded['public'][one])}",
                                       "Your enquiry was sent to 3 providers"])
    # What the translator gets: the count as one entry with its plural forms (ngettext), so a
    # language with more than one plural (2–4 vs 5+) can say "3" and "7" correctly.
    source = Path(receipts.__file__)
    with source.open("rb") as fh:
        found = [tuple(message[:2]) for _line, funcname, message, _comments in
                 extract_python(fh, {"_": None, "ngettext": (1, 2)}, [], {}) if funcname == "ngettext"]
    assert ("Your enquiry was sent to %(num)d provider", "Your enquiry was sent to %(num)d providers") in found


def test_a_full_shortlist_says_so_and_keeps_ten(client, app):
    seeded = seed_directory(app, count=11)
    ids = list(seeded["public"])
    for pid in ids[:10]:
        tick(client, pid)
    response = tick(client, ids[10])
    html = client.get(response.location).get_data(as_text=True)
    assert "Your shortlist is full" in html and "Shortlist (10)" in html


def test_send_with_an_empty_shortlist_says_so_without_a_form(client, seeded):
    html = client.get("/enquiry").get_data(as_text=True)
    assert "Your shortlist is empty" in html and "<textarea" not in html
