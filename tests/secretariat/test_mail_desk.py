"""The secretariat's mail page: counts by state, what waits or failed and why, "retry now"."""
from conftest import csrf_from, read_outbox
from desk_helpers import desk  # noqa: F401
from mail_helpers import queue_committed

from directory.core.extensions import db
from directory.models import MailMessage


def fail_all(app, error="mail server unreachable: ConnectionRefusedError"):
    with app.app_context():
        db.session.execute(db.update(MailMessage).values(state="failed", attempts=8, last_error=error))
        db.session.commit()


def test_failed_mail_is_listed_with_its_error_and_retry_now_sends_it(app, desk):
    queue_committed(app, 2)
    fail_all(app)
    page = desk.get("/secretariat/mail")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'data-state="failed">2<' in html and 'data-state="sent">0<' in html
    assert "reader0@example.com" in html and "Notice 1" in html and "ConnectionRefusedError" in html
    assert "Body 0" not in html  # bodies hold reset and confirmation links: never shown
    assert 'href="/secretariat/mail"' in desk.get("/secretariat/").get_data(as_text=True)  # in the nav

    with app.app_context():
        first = db.session.scalar(db.select(MailMessage.id).order_by(MailMessage.id))
    response = desk.post(f"/secretariat/mail/{first}/retry", data={"csrf_token": csrf_from(html)})
    assert response.status_code == 302
    assert [m["Subject"] for m in read_outbox(app)] == ["Notice 0"]  # sent right after the commit
    html = desk.get("/secretariat/mail").get_data(as_text=True)
    assert 'data-state="failed">1<' in html and 'data-state="sent">1<' in html

    # Retrying a message that was sent meanwhile sends nothing twice.
    again = desk.post(f"/secretariat/mail/{first}/retry", data={"csrf_token": csrf_from(html)})
    assert again.status_code == 302 and len(read_outbox(app)) == 1
    desk.post("/secretariat/mail/retry-failed", data={"csrf_token": csrf_from(html)})
    assert sorted(m["Subject"] for m in read_outbox(app)) == ["Notice 0", "Notice 1"]
    assert "Nothing is waiting" in desk.get("/secretariat/mail").get_data(as_text=True)


def test_retry_without_the_csrf_token_is_refused_and_members_cannot_see_the_page(app, desk, client, member):
    queue_committed(app, 1)
    fail_all(app)
    assert desk.post("/secretariat/mail/1/retry").status_code == 400
    assert read_outbox(app) == []
    assert client.get("/secretariat/mail").status_code == 403


def test_retry_of_an_id_that_is_not_a_message_is_a_clean_404(app, desk):
    token = csrf_from(desk.get("/secretariat/mail").get_data(as_text=True))
    for bad in ("abc", "99999999999999999999999", "-1"):
        assert desk.post(f"/secretariat/mail/{bad}/retry", data={"csrf_token": token}).status_code == 404
    unknown = desk.post("/secretariat/mail/42/retry", data={"csrf_token": token}, follow_redirects=True)
    assert unknown.status_code == 200 and "no longer waiting" in unknown.get_data(as_text=True)
