"""Saved-search alerts, as a buyer meets them: the form on the search page, the confirmation mail,
a button behind the link, a digest of newly approved matching providers with RFC 8058 headers,
one-click unsubscribe, and the secretariat's counts (numbers only)."""
import re
from datetime import timedelta

import sqlalchemy as sa
from conftest import BASE_URL, PASSWORD, body_of, csrf_from, post_form, read_outbox

from directory.search import service as search
from directory.core import web
from directory.core.extensions import db
from directory.models import AlertSubscription, Listing
from directory.accounts import operations as accounts
from directory.listings import operations as listings
from directory.listings import review

BUYER = "Buyer@Example.COM"
EVIL = "evil.example"
LIDAR = {"company_name_en": "Harbour Lidar Systems", "company_name_zh": "海港激光雷達系統", "br_number": "31415926",
         "summary_en": "Lidar mapping for smart ports", "capabilities": ["iot"], "regions_served": ["asean"],
         "staff_size": "11-50", "email": "hello@lidar.example", "website": "https://lidar.example"}
PAYROLL = {**LIDAR, "company_name_en": "Kowloon Payroll Services", "company_name_zh": "九龍薪酬服務",
           "br_number": "27182818", "summary_en": "Payroll outsourcing for retailers", "capabilities": ["fintech"],
           "email": "hello@payroll.example", "website": "https://payroll.example"}


def approve_new(app, data: dict, **changes) -> str:
    """A member's listing, submitted and approved through the services; returns its slug."""
    with app.test_request_context():
        owner = accounts.find_by_email("owner@example.com") or accounts.create_user(
            "owner@example.com", "correct horse battery", confirmed=True)
        listing = listings.create(owner)
        listings.save_draft(listing, {**data, **changes}, owner)
        listings.submit(listing, owner)
        review.approve(listing, None)
        web.commit()
        search.catch_up()
        return listing.slug


def mails_to(app, address: str) -> list:
    return [m for m in read_outbox(app) if m["To"] == address]


def subscribe(client, query="lidar", email=BUYER, frequency="immediate", filters="", **kw):
    """Fill in the form under the results of /search?q=<query><filters>, as a browser would."""
    page = client.get(f"/search?q={query}{filters}", **kw)
    html = page.get_data(as_text=True)
    form = re.search(r'<form method="post" action="/alerts".*?</form>', html, re.S)
    assert form, "the search page offers the alert form"
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form.group(0)))
    assert hidden.get("q", "") == query
    return client.post("/alerts", data={**hidden, "csrf_token": csrf_from(form.group(0)), "email": email,
                                        "frequency": frequency}, **kw)


def link_in(message, path: str) -> str:
    match = re.search(re.escape(BASE_URL + path) + r"\S+", body_of(message))
    assert match, body_of(message)
    return match.group(0)


def confirm(client, app, address="buyer@example.com"):
    link = link_in(mails_to(app, address)[-1], "/alerts/confirm/")
    path = link[len(BASE_URL):]
    page = client.get(path)
    assert page.status_code == 200 and "Confirm" in page.get_data(as_text=True)
    return client.post(path, data={"csrf_token": csrf_from(page.get_data(as_text=True))})


def subscriptions(app) -> list[AlertSubscription]:
    with app.app_context():
        rows = db.session.scalars(sa.select(AlertSubscription).order_by(AlertSubscription.id)).all()
        for row in rows:
            db.session.expunge(row)
        return rows


def digests(app, address="buyer@example.com") -> list:
    return [m for m in mails_to(app, address) if m["List-Unsubscribe"]]


def test_subscribe_confirm_digest_and_one_click_unsubscribe(app, client, runner):
    approve_new(app, LIDAR, br_number="11223344", company_name_en="Old Lidar Works")  # before: not news
    response = subscribe(client)
    assert response.status_code == 302
    assert "Check your inbox" in client.get(response.location).get_data(as_text=True)
    [sub] = subscriptions(app)
    assert sub.email == "buyer@example.com" and sub.query == "lidar" and sub.confirmed_at is None
    [confirmation] = mails_to(app, "buyer@example.com")

    # The link opens a page with a button; opening it changes nothing.
    path = link_in(confirmation, "/alerts/confirm/")[len(BASE_URL):]
    assert client.get(path).status_code == 200 and client.get(path).status_code == 200
    assert subscriptions(app)[0].confirmed_at is None
    assert runner.invoke(args=["alerts", "send"]).output.startswith("Queued 0")
    response = confirm(client, app)
    assert response.status_code == 200 and "alert is on" in response.get_data(as_text=True)
    assert subscriptions(app)[0].confirmed_at is not None

    slug = approve_new(app, LIDAR)
    approve_new(app, PAYROLL)  # approved too, but not a match
    result = runner.invoke(args=["alerts", "send"])
    assert result.exit_code == 0 and "Queued 1" in result.output, result.output
    [digest] = digests(app)
    text = body_of(digest)
    assert "Harbour Lidar Systems" in text and "Lidar mapping for smart ports" in text
    assert f"{BASE_URL}/providers/{slug}" in text
    assert "Payroll" not in text and "Old Lidar Works" not in text
    unsubscribe = digest["List-Unsubscribe"].strip("<>")
    assert unsubscribe.startswith(BASE_URL + "/alerts/unsubscribe/") and unsubscribe in text
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert subscriptions(app)[0].last_sent_at is not None

    # Nothing new: the next run sends nothing.
    assert "Queued 0" in runner.invoke(args=["alerts", "send"]).output

    # One click from a mail client: a POST with no session and no CSRF token.
    mail_client = app.test_client()
    response = mail_client.post(unsubscribe[len(BASE_URL):], data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200 and subscriptions(app) == []
    assert mail_client.post(unsubscribe[len(BASE_URL):]).status_code == 200  # twice is harmless
    approve_new(app, LIDAR, br_number="99887766", company_name_en="Another Lidar Ltd")
    assert "Queued 0" in runner.invoke(args=["alerts", "send"]).output
    assert len(digests(app)) == 1


def test_the_answer_never_tells_whether_the_address_already_has_alerts(app, client):
    first = subscribe(client)
    confirm(client, app)
    again = subscribe(app.test_client())
    assert first.status_code == again.status_code == 302 and first.location == again.location
    assert len(subscriptions(app)) == 1  # the same search once; its owner hears about the attempt
    assert "already receives" in body_of(mails_to(app, "buyer@example.com")[-1])


def time_passes(app, days: int) -> None:
    """Move every alert and approval time back, as if `days` had gone by."""
    with app.app_context():
        for row in db.session.scalars(sa.select(AlertSubscription)):
            row.created_at -= timedelta(days=days)
            row.confirmed_at = row.confirmed_at and row.confirmed_at - timedelta(days=days)
            row.last_sent_at = row.last_sent_at and row.last_sent_at - timedelta(days=days)
        for listing in db.session.scalars(sa.select(Listing).where(Listing.published_at.is_not(None))):
            listing.published_at -= timedelta(days=days)
        db.session.commit()


def test_a_weekly_alert_is_sent_at_most_once_a_week(app, client, runner):
    subscribe(client, frequency="weekly")
    confirm(client, app)
    approve_new(app, LIDAR)
    assert "Queued 0" in runner.invoke(args=["alerts", "send"]).output  # not a week since confirming
    time_passes(app, 8)
    assert "Queued 1" in runner.invoke(args=["alerts", "send"]).output
    approve_new(app, LIDAR, br_number="55667788", company_name_en="Second Lidar Ltd")
    assert "Queued 0" in runner.invoke(args=["alerts", "send"]).output  # within the week
    time_passes(app, 6)
    assert "Queued 0" in runner.invoke(args=["alerts", "send"]).output  # six days: still within it
    time_passes(app, 2)
    assert "Queued 1" in runner.invoke(args=["alerts", "send"]).output
    first, second = digests(app)
    assert "Harbour Lidar Systems" in body_of(first) and "Second Lidar" not in body_of(first)
    assert "Second Lidar Ltd" in body_of(second) and "Harbour" not in body_of(second)  # only what is new


def test_links_come_from_base_url_whatever_the_host_header(app, client, runner):
    subscribe(client, base_url=f"http://{EVIL}")
    [confirmation] = mails_to(app, "buyer@example.com")
    assert EVIL not in confirmation.as_string()
    path = link_in(confirmation, "/alerts/confirm/")[len(BASE_URL):]
    page = client.get(path, base_url=f"http://{EVIL}")
    client.post(path, data={"csrf_token": csrf_from(page.get_data(as_text=True))}, base_url=f"http://{EVIL}")
    approve_new(app, LIDAR)
    runner.invoke(args=["alerts", "send"])
    [digest] = digests(app)
    assert EVIL not in digest.as_string() and BASE_URL in body_of(digest)


def test_bad_input_gets_a_message_and_keeps_the_search(app, client):
    response = subscribe(client, email="not an address")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "valid email address" in html
    assert 'name="q" value="lidar"' in html and subscriptions(app) == []
    assert client.get("/alerts/confirm/forged").status_code == 404
    assert client.post("/alerts/unsubscribe/forged").status_code == 404


def test_the_mail_names_the_search_in_one_sentence_with_its_filters(app, client):
    """The saved search reads as one phrase translators can order ("“lidar”, filtered by …"),
    not words and labels glued with a dash."""
    subscribe(client, filters="&capability=iot&region=asean")
    subscribe(client, query="", filters="&capability=iot")
    subscribe(client, query="")
    first, filters_only, everything = (body_of(m) for m in mails_to(app, "buyer@example.com"))
    assert "“lidar”, filtered by Internet of Things (IoT), ASEAN" in first
    assert "every new provider, filtered by Internet of Things (IoT)" in filters_only
    assert "joins the directory:\nevery new provider\n\n" in everything
    assert " — " not in first + filters_only + everything


def test_a_digest_shows_the_search_on_its_own_line_after_a_whole_sentence(app, client, runner):
    # Not "New providers match your saved search every new provider, filtered by …:".
    subscribe(client, query="", filters="&capability=iot")
    confirm(client, app)
    approve_new(app, LIDAR)
    assert "Queued 1" in runner.invoke(args=["alerts", "send"]).output
    [digest] = digests(app)
    assert body_of(digest).startswith("New providers match your saved search:\n"
                                      "every new provider, filtered by Internet of Things (IoT)\n\n")


def test_subscriptions_are_rate_limited_per_address(app, client):
    codes = [subscribe(app.test_client(), query=f"lidar{i}").status_code for i in range(7)]
    assert codes[:5] == [302] * 5 and codes[-1] == 429
    assert subscribe(app.test_client(), email="other@example.com").status_code == 302


def test_the_secretariat_sees_counts_and_no_addresses(app, client, make_user, runner):
    subscribe(client)
    confirm(client, app)
    subscribe(app.test_client(), email="second@example.com")
    approve_new(app, LIDAR)
    runner.invoke(args=["alerts", "send"])
    make_user(email="sec@example.com", role="secretariat")
    desk = app.test_client()
    post_form(desk, "/account/login", {"email": "sec@example.com", "password": PASSWORD})
    html = desk.get("/secretariat/dashboard").get_data(as_text=True)
    assert "1 confirmed and 1 unconfirmed search alerts; 1 digests sent this month." in html
    assert "buyer@example.com" not in html and "second@example.com" not in html


def test_the_background_worker_sends_the_digests(app, client, runner):
    subscribe(client)
    confirm(client, app)
    approve_new(app, LIDAR)
    result = runner.invoke(args=["worker", "run", "--once"])
    assert result.exit_code == 0, result.output
    [digest] = digests(app)
    assert "Harbour Lidar Systems" in body_of(digest)


def test_a_page_speaks_its_own_language_and_the_mail_the_subscribers(app, client):
    """The confirm and unsubscribe pages describe the saved search in the language the visitor is
    browsing in (sentence, filter labels and list separator alike); the mails keep the language the
    alert was saved in."""
    client.get("/?lang=zh-Hant")  # the visitor browses in Traditional Chinese
    subscribe(client, filters="&capability=iot&region=asean")
    [confirmation] = mails_to(app, "buyer@example.com")
    text = body_of(confirmation)
    assert "「lidar」，篩選條件：物聯網、東盟" in text, text
    assert "Internet of Things" not in text and "filtered by" not in text

    path = link_in(confirmation, "/alerts/confirm/")[len(BASE_URL):]
    chinese = client.get(path).get_data(as_text=True)
    assert "「lidar」，篩選條件：物聯網、東盟" in chinese and "Internet of Things" not in chinese
    english_path = re.sub(r"lang=[^&]+", "lang=en", path)
    english = client.get(english_path).get_data(as_text=True)
    assert "“lidar”, filtered by Internet of Things (IoT), ASEAN" in english, english
    assert "物聯網" not in english and "東盟" not in english
    simplified = client.get(re.sub(r"lang=[^&]+", "lang=zh-Hans", path)).get_data(as_text=True)
    assert "“lidar”，筛选条件：物联网、东盟" in simplified and "物聯網" not in simplified
    confirmed = client.post(english_path, data={"csrf_token": csrf_from(english)}).get_data(as_text=True)
    assert "“lidar”, filtered by Internet of Things (IoT), ASEAN" in confirmed and "物聯網" not in confirmed

    # Saved again from an English page: the note goes out in the alert's own language.
    client.get("/?lang=en")
    subscribe(client, filters="&capability=iot&region=asean")
    note = body_of(mails_to(app, "buyer@example.com")[-1])
    assert "「lidar」，篩選條件：物聯網、東盟" in note and "filtered by" not in note, note
    stop = link_in(mails_to(app, "buyer@example.com")[-1], "/alerts/unsubscribe/")[len(BASE_URL):]
    page = client.get(re.sub(r"lang=[^&]+", "lang=en", stop)).get_data(as_text=True)
    assert "“lidar”, filtered by Internet of Things (IoT), ASEAN" in page and "物聯網" not in page
