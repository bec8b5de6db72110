"""Buyers' enquiries: relay by email, header injection (S14), honeypot and rate limit (S15),
identical answers for providers that are not public (S16), and addresses that never show."""
import re

import pytest
from conftest import body_of, csrf_from, read_outbox
from test_api import seed_directory

from directory.core.extensions import db
from directory.models import Enquiry

BUYER = {"name": "Aisha Rahman", "organisation": "Jakarta Smart City Office", "country": "ID",
         "email": "aisha@jakarta-city.example.id", "subject": "Smart lamp posts for 2026",
         "message": "We plan 3,000 smart lamp posts in Jakarta. Can you quote by March?"}


@pytest.fixture
def seeded(app):
    return seed_directory(app, count=6)


def public_ids(seeded, n=2):
    return list(seeded["public"])[:n]


def send(client, providers, ip="198.51.100.7", **changes):
    """Open the form like a buyer (for the CSRF token), then post it."""
    env = {"REMOTE_ADDR": ip}
    page = client.get("/enquiry", query_string={"provider": providers}, environ_base=env)
    data = {**BUYER, **changes, "provider": providers, "csrf_token": csrf_from(page.get_data(as_text=True))}
    return client.post("/enquiry", data=data, environ_base=env)


def provider_mail(app):
    """The relayed messages (the buyer's receipt left out)."""
    return [m for m in read_outbox(app) if m["To"] != BUYER["email"]]


def receipts(app):
    return [m for m in read_outbox(app) if m["To"] == BUYER["email"]]


def enquiries(app):
    with app.app_context():
        return db.session.scalars(db.select(Enquiry).order_by(Enquiry.id)).all()


def test_form_lists_the_chosen_public_providers_and_drops_the_others(client, seeded):
    first, second = public_ids(seeded)
    draft_id, draft = seeded["hidden"]["draft"]
    suspended_id, suspended = seeded["hidden"]["suspended"]
    html = client.get("/enquiry", query_string={"provider": [first, draft_id, "nosuchprovider", second,
                                                             suspended_id]}).get_data(as_text=True)
    for pid in (first, second):
        data = seeded["public"][pid]
        assert (data["company_name_en"] or data["company_name_zh"]) in html
    for data in (draft, suspended):
        names = [n for n in (data["company_name_en"], data["company_name_zh"]) if n]
        assert names and not [n for n in names if n in html]
    assert 'name="csrf_token"' in html and '<option value="SG">Singapore</option>' in html
    assert "Leave this field empty" in html and 'class="hp"' in html


def test_relay_to_two_providers_writes_two_messages_to_them_only(app, client, seeded):
    first, second = public_ids(seeded)
    response = send(client, [first, second])
    assert response.status_code == 302 and response.location.endswith("/enquiry/sent")
    assert "Thank you" in client.get(response.location).get_data(as_text=True)
    messages = provider_mail(app)
    assert sorted(m["To"] for m in messages) == sorted(seeded["public"][p]["email"] for p in (first, second))
    for message in messages:
        assert len(message["To"].addresses) == 1 and message["Cc"] is None and message["Bcc"] is None
        assert [a.addr_spec for a in message["Reply-To"].addresses] == [BUYER["email"]]
        assert message["Subject"] == f"Enquiry via the Belt and Road directory: {BUYER['subject']}"
        body = body_of(message)
        assert BUYER["message"] in body and BUYER["organisation"] in body and "Indonesia" in body
    [row] = enquiries(app)
    assert row.listing_ids == [first, second] and row.delivered_to == [first, second]
    assert (row.email, row.country, row.lang) == (BUYER["email"], "ID", "en")


@pytest.mark.parametrize("field", ["name", "subject"])
@pytest.mark.parametrize("payload", ["Eve\r\nBcc: x@evil.example", "Eve\nBcc: x@evil.example",
                                     "Eve\rCc: x@evil.example"])
def test_header_injection_is_refused_with_a_field_error(app, client, seeded, field, payload):
    response = send(client, public_ids(seeded, 1), **{field: payload})
    assert response.status_code == 200
    assert "Line breaks and control characters are not allowed here." in response.get_data(as_text=True)
    assert read_outbox(app) == [] and enquiries(app) == []


def test_addresses_in_a_name_add_no_recipient(app, client, seeded):
    response = send(client, public_ids(seeded, 1), name='Mallory <x@evil.example>, "y@evil.example"')
    assert response.status_code == 302
    [message] = provider_mail(app)
    assert [a.addr_spec for a in message["Reply-To"].addresses] == [BUYER["email"]]
    assert "evil.example" not in message["To"]


def test_a_filled_honeypot_is_answered_like_success_and_nothing_happens(app, client, seeded):
    real = send(client, public_ids(seeded, 1))
    trapped = send(client, public_ids(seeded, 1), website="https://spam.example")
    assert (trapped.status_code, trapped.location) == (real.status_code, real.location) == (302, "/enquiry/sent")
    assert len(provider_mail(app)) == 1 and len(receipts(app)) == 1 and len(enquiries(app)) == 1


def test_thirty_enquiries_in_a_minute_meet_429_after_the_limit(app, client, seeded):
    assert app.config["ENQUIRY_RATE_LIMIT"] == "5 per minute;30 per hour"
    codes = [send(client, public_ids(seeded, 1)).status_code for _ in range(30)]
    assert codes == [302] * 5 + [429] * 25
    assert len(provider_mail(app)) == 5
    assert send(client, public_ids(seeded, 1), ip="203.0.113.50").status_code == 302  # another address


def test_enquiries_to_providers_that_are_not_public_answer_exactly_the_same(app, client, seeded):
    app.config["ENQUIRY_RATE_LIMIT"] = "100 per minute"
    approved = public_ids(seeded, 1)[0]
    answers = {}
    for label, pid in [("approved", approved), ("unknown", "nosuchprovider"),
                       *[(state, pid) for state, (pid, _) in seeded["hidden"].items()]]:
        response = send(client, [pid])
        page = client.get(response.location)
        answers[label] = (response.status_code, response.location, response.get_data(), page.status_code,
                          page.get_data())
    # The answer to the POST is the same for all; the sent page names the public provider (as its
    # public profile does) and is the same for every id that is not public, known or not.
    assert len({a[:3] for a in answers.values()}) == 1, {k: v[:2] for k, v in answers.items()}
    hidden = {k: v for k, v in answers.items() if k != "approved"}
    assert len(set(hidden.values())) == 1, {k: v[:2] for k, v in hidden.items()}
    name = seeded["public"][approved]["company_name_en"] or seeded["public"][approved]["company_name_zh"]
    assert name in answers["approved"][4].decode() and name not in answers["unknown"][4].decode()
    assert [m["To"] for m in provider_mail(app)] == [seeded["public"][approved]["email"]]
    assert len(receipts(app)) == 1  # the buyer hears only about the one that was public
    assert [row.delivered_to for row in enquiries(app)] == [[approved]] + [[]] * 5


def test_at_most_ten_providers_and_at_least_one(app, client, seeded):
    app.config["ENQUIRY_RATE_LIMIT"] = "100 per minute"
    eleven = public_ids(seeded, 6) + [f"unknown{i}" for i in range(5)]
    response = send(client, eleven)
    assert response.status_code == 200 and "at most 10 providers" in response.get_data(as_text=True)
    empty = client.get("/enquiry").get_data(as_text=True)  # nothing chosen: says so, opens no form
    assert "Your shortlist is empty" in empty and 'name="message"' not in empty
    token = csrf_from(client.get("/enquiry", query_string={"provider": eleven[0]}).get_data(as_text=True))
    response = client.post("/enquiry", data={**BUYER, "csrf_token": token})
    assert response.status_code == 200 and "Your shortlist is empty" in response.get_data(as_text=True)
    assert read_outbox(app) == [] and enquiries(app) == []


def test_invalid_buyer_fields_are_refused_and_kept(app, client, seeded):
    response = send(client, public_ids(seeded, 1), email="not-an-address", country="XX", message="")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Please enter a valid email address" in html and "Please write your message." in html
    assert "Not a valid choice" in html and BUYER["organisation"] in html
    assert read_outbox(app) == []
    # One summary before the form, each problem a link to its field; the honeypot never listed.
    summary = html[html.index('class="error-summary"'):html.index("</div>", html.index('class="error-summary"'))]
    assert html.index('class="error-summary"') < html.index('id="name"')
    assert '<a href="#email">' in summary and '<a href="#message">' in summary and '<a href="#country">' in summary
    assert "#name" not in summary and "website" not in summary


def test_provider_email_never_appears_in_public_pages(client, seeded):
    emails = [d["email"] for d in seeded["public"].values()] + [d["email"] for _, d in seeded["hidden"].values()]
    ids = list(seeded["public"])
    pages = ["/", "/search", "/search?q=cloud", "/enquiry/sent", "/enquiry?" + "&".join(f"provider={p}" for p in ids)]
    pages += [f"/providers/{seeded['slugs'][pid]}" for pid in ids]
    for lang in ("en", "zh-Hant", "zh-Hans"):
        for url in pages:
            response = client.get(url + ("&" if "?" in url else "?") + f"lang={lang}")
            html = response.get_data(as_text=True)
            assert response.status_code == 200, url
            assert not [e for e in emails if e in html], url
            assert not re.search(r"[\w.+-]+@[\w-]+\.example\.", html), url


def test_the_privacy_statement_says_who_sees_an_enquiry_in_whole_sentences(client):
    """Each line of "Who sees them" is a sentence of its own (capital, full stop), not pieces of
    one sentence spread over a list, which a translator could not put in their language's order."""
    html = client.get("/privacy").get_data(as_text=True)
    listed = html.split("Who sees them:", 1)[1].split("</ul>", 1)[0]
    items = [re.sub(r"\s+", " ", item).strip() for item in re.findall(r"<li>(.*?)</li>", listed, re.S)]
    assert len(items) == 3
    for item in items:
        assert item[0].isupper() and item.endswith("."), item
    assert items[2].startswith("No one else")


@pytest.mark.parametrize("spelling", ["Aisha@Jakarta-City.EXAMPLE.id",
                                      "ａｉｓｈａ@ｊａｋａｒｔａ-city.example.id"])  # full-width letters
def test_a_buyers_address_is_kept_in_the_spelling_sign_up_uses(app, client, seeded, spelling):
    """S40: another spelling of the same mailbox is kept as sign-up keeps it: the provider's
    Reply-To, the receipt and the secretariat's record all show the one plain spelling."""
    response = send(client, public_ids(seeded, 1), email=spelling)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    [relayed] = provider_mail(app)
    assert [a.addr_spec for a in relayed["Reply-To"].addresses] == [BUYER["email"]]
    assert BUYER["email"] in body_of(relayed)
    assert len(receipts(app)) == 1
    assert [row.email for row in enquiries(app)] == [BUYER["email"]]


@pytest.mark.parametrize("spelling", ["аisha@jakarta-city.example.id", "äisha@jakarta-city.example.id"])  # Cyrillic а
def test_a_look_alike_buyer_address_is_refused_with_sign_ups_message(app, client, seeded, spelling):
    response = send(client, public_ids(seeded, 1), email=spelling)
    assert response.status_code == 200
    assert "part before @ in Latin letters" in response.get_data(as_text=True)
    assert read_outbox(app) == [] and enquiries(app) == []


def test_relay_itself_refuses_a_look_alike_address(app, seeded):
    from directory.enquiries import operations
    with app.test_request_context():
        with pytest.raises(operations.EnquiryError):
            operations.relay(public_ids(seeded, 1), name="Eve", organisation="X", country="ID",
                             email="аisha@jakarta-city.example.id", subject="Hi", message="Hello there, please quote.",
                             lang="en")
        assert db.session.scalars(db.select(Enquiry)).all() == []


def test_a_provider_reading_chinese_sees_its_chinese_name_in_the_enquiry(app, client, seeded):
    from directory.models import User
    pid = next(p for p, d in seeded["public"].items() if d["company_name_en"] and d["company_name_zh"])
    with app.app_context():
        db.session.execute(db.update(User).where(User.email == "demo-owner@example.com").values(locale="zh-Hant"))
        db.session.commit()
    send(client, [pid])
    [relayed] = provider_mail(app)
    data = seeded["public"][pid]
    assert data["company_name_zh"] in body_of(relayed) and data["company_name_en"] not in body_of(relayed)
