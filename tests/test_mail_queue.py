"""Durable mail (issue 8 row 9, S38, CONTRACT §3 `mail deliver`, §7) against a real SMTP server
(aiosmtpd on 127.0.0.1): down then up, concurrent senders, kill -9 between commit and delivery,
smtp+plain:// and STARTTLS that is required, never skipped."""
import subprocess  # nosec B404
import sys
import threading
import time
from datetime import timedelta

import pytest
from conftest import body_of, post_form, read_outbox
from mail_helpers import ROOT, SMTPServer, StalledServer, env_for, free_port, queue_committed

from directory import create_app
from directory.core import mail
from directory.core import mail_queue
from directory.core.extensions import db
from directory.models import Enquiry, MailMessage, utcnow

sys.path.insert(0, str(ROOT / "tests" / "security"))
from live_server import HttpClient, Server  # noqa: E402

NEW = "new-member@example.com"
PASSWORD = "correct horse battery staple"


@pytest.fixture
def relay_port():
    """A port where the relay will listen; nothing listens there until a test starts SMTPServer."""
    return free_port()


@pytest.fixture
def app_config(app_config, relay_port):
    return {**app_config, "SMTP_URL": f"smtp+plain://127.0.0.1:{relay_port}", "MAIL_SMTP_TIMEOUT": 5}


def messages(app, kind=None) -> list[MailMessage]:
    with app.app_context():
        query = db.select(MailMessage).order_by(MailMessage.id)
        if kind:
            query = query.filter_by(kind=kind)
        rows = db.session.scalars(query).all()
        db.session.expunge_all()
        return rows


def deliver(runner):
    """(exit status, the summary line); a reason for stopping may follow on stderr."""
    result = runner.invoke(args=["mail", "deliver"])
    return result.exit_code, result.output.splitlines()[0]


def sign_up(client, email=NEW):
    return post_form(client, "/account/signup", {"email": email, "password": PASSWORD, "password_again": PASSWORD})


def test_sign_up_with_the_mail_server_down_succeeds_and_the_mail_goes_out_once_it_is_up(
        app, client, runner, relay_port):
    response = sign_up(client)
    assert response.status_code == 302 and response.location.endswith("/account/check-email")
    [row] = messages(app)
    assert (row.recipient, row.state, row.attempts) == (NEW, "queued", 1)
    assert "unreachable" in row.last_error and row.next_attempt_at > utcnow() + timedelta(seconds=30)
    assert read_outbox(app) == []  # with SMTP configured nothing falls back to the folder

    assert deliver(runner) == (1, "Sent 0 messages; 1 still failing.")
    with SMTPServer(relay_port) as server:
        assert deliver(runner) == (0, "Sent 1 message; 0 still failing.")
        assert deliver(runner) == (0, "Sent 0 messages; 0 still failing.")
    [message] = server.messages
    assert message["To"] == NEW and "/account/confirm/" in body_of(message)
    [row] = messages(app)
    assert (row.state, row.attempts, row.last_error, row.claimed_by) == ("sent", 3, None, None)


def test_mail_goes_out_right_after_the_commit_through_smtp_plain(app, client, relay_port):
    with SMTPServer(relay_port) as server:
        assert sign_up(client).status_code == 302
        [message] = server.messages  # delivered by the committing request itself
    assert message["To"] == NEW
    [row] = messages(app)
    assert (row.state, row.attempts) == ("sent", 1) and row.sent_at is not None


def test_a_rolled_back_transaction_queues_and_sends_nothing(app, relay_port):
    with SMTPServer(relay_port) as server, app.test_request_context():
        mail.send_after_commit("reader@example.com", "Never", "This transaction is rolled back.\n")
        db.session.rollback()
        from directory.core.web import commit
        commit()
    assert server.messages == [] and messages(app) == []


def test_extra_headers_arrive_and_line_breaks_in_them_are_refused(app, relay_port):
    unsubscribe = {"List-Unsubscribe": "<https://directory.example.hk/alerts/off/abc>",
                   "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    with SMTPServer(relay_port) as server, app.test_request_context():
        from directory.core.web import commit
        for bad in ({"List-Unsubscribe": "<x>\r\nBcc: x@evil.example"}, {"X-A\nBcc": "x"}, {"Bcc": "x@evil.example"}):
            with pytest.raises(mail.MailError):
                mail.send_after_commit("reader@example.com", "Alert", "Body\n", headers=bad)
        mail.send_after_commit("reader@example.com", "Alert", "Body\n", headers=unsubscribe)
        commit()
    [message] = server.messages
    assert message["List-Unsubscribe"] == unsubscribe["List-Unsubscribe"]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click" and message["Bcc"] is None


def test_starttls_is_required_a_plain_only_server_gets_nothing_and_the_mail_waits(app, client, runner, relay_port):
    app.config["SMTP_URL"] = f"smtp://user:secret-password@127.0.0.1:{relay_port}"
    with SMTPServer(relay_port) as server:  # aiosmtpd without a TLS context offers no STARTTLS
        assert sign_up(client).status_code == 302
        status, output = deliver(runner)
        assert server.recorder.mail_from == 0 and server.messages == []  # not a byte of the message
    assert (status, output) == (1, "Sent 0 messages; 1 still failing.")
    [row] = messages(app)
    assert row.state == "queued" and "STARTTLS" in row.last_error and "secret-password" not in row.last_error


def test_backoff_then_failed_and_mail_deliver_still_retries_failed_mail(app, runner, relay_port):
    queue_committed(app, 1)
    with app.app_context():
        for attempt in range(1, mail_queue.MAX_ATTEMPTS + 1):
            db.session.execute(db.update(MailMessage).values(next_attempt_at=utcnow()))  # it is due
            db.session.commit()
            run = mail_queue.deliver_due()
            assert (run.sent, run.failed) == (0, 1)
            row = db.session.scalar(db.select(MailMessage))
            assert row.attempts == attempt
            wait = row.next_attempt_at - utcnow()
            assert wait > mail_queue.BACKOFF[min(attempt, len(mail_queue.BACKOFF)) - 1] - timedelta(seconds=30)
        assert row.state == "failed"
        db.session.execute(db.update(MailMessage).values(next_attempt_at=utcnow()))
        db.session.commit()
        assert mail_queue.deliver_due().failed == 0  # the worker leaves given-up mail to people
    with SMTPServer(relay_port) as server:
        assert deliver(runner) == (0, "Sent 1 message; 0 still failing.")
    assert len(server.messages) == 1


def test_an_enquiry_with_the_mail_server_down_is_stored_and_delivered_to_nobody_until_sent(app, runner, relay_port):
    from test_api import seed_directory

    from directory.enquiries import operations as enquiries
    from directory.core.web import commit
    seeded = seed_directory(app, count=3)
    chosen = list(seeded["public"])[:2] + ["nosuchprovider"]
    with app.test_request_context():
        enquiry = enquiries.relay(chosen, name="Aisha Rahman", organisation="Jakarta Smart City Office",
                                  country="ID", email="aisha@jakarta-city.example.id", subject="Lamp posts",
                                  message="We plan 3,000 smart lamp posts.", lang="en")
        commit()
        enquiry_id = enquiry.id

    def delivered_to():
        with app.app_context():
            return db.session.get(Enquiry, enquiry_id).delivered_to

    desk = app.test_client()  # seed_directory's secretariat account
    assert post_form(desk, "/account/login", {"email": "sec@example.com", "password": "correct horse battery"}
                     ).status_code == 302

    assert delivered_to() == []
    assert [m.state for m in messages(app, "enquiry")] == ["queued", "queued"]
    page = desk.get("/secretariat/enquiries").get_data(as_text=True)
    assert page.count("waiting to be sent") == 2 and page.count("not delivered") == 1  # the unknown id
    with SMTPServer(relay_port) as server:
        assert deliver(runner)[0] == 0
    assert delivered_to() == chosen[:2]
    page = desk.get("/secretariat/enquiries").get_data(as_text=True)
    assert "waiting to be sent" not in page and page.count("not delivered") == 1
    assert sorted(m["To"] for m in server.messages if m["Subject"].startswith("Enquiry")) == \
        sorted(seeded["public"][pid]["email"] for pid in chosen[:2])


def test_concurrent_deliverers_in_one_process_send_every_message_exactly_once(app, app_config, relay_port):
    apps = [create_app(app_config) for _ in range(4)]
    try:
        with SMTPServer(relay_port, delay=0.002) as server:
            for round_ in range(5):
                queue_committed(app, 30, prefix=f"Round {round_}")
                start = threading.Barrier(len(apps))
                sent = []

                def work(worker_app):
                    with worker_app.app_context():
                        start.wait(timeout=30)
                        sent.append(mail_queue.deliver_all().sent)
                threads = [threading.Thread(target=work, args=(a,)) for a in apps]
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join(timeout=120)
                assert sum(sent) == 30, sent
            ids = server.recorder.ids()
        assert len(ids) == 150 and set(ids.values()) == {1}
        assert {m.state for m in messages(app)} == {"sent"}
    finally:
        for worker_app in apps:
            with worker_app.app_context():
                db.engine.dispose()


@pytest.mark.slow
def test_two_mail_deliver_processes_at_once_send_every_message_exactly_once(app, relay_port):
    queue_committed(app, 120)
    env = env_for(app)
    with SMTPServer(relay_port, delay=0.01) as server:
        procs = [subprocess.Popen([sys.executable, "-m", "flask", "--app", "directory", "mail", "deliver"],  # nosec B603
                                  env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for _ in range(2)]
        outputs = [proc.communicate(timeout=120) for proc in procs]
        ids = server.recorder.ids()
    assert [proc.returncode for proc in procs] == [0, 0], outputs
    sent = [int(out.split()[1]) for out, _ in outputs]
    assert sum(sent) == 120 and len(ids) == 120 and set(ids.values()) == {1}, (sent, outputs)


@pytest.mark.slow
def test_kill_9_between_commit_and_delivery_loses_nothing_and_sends_once(app, tmp_path, runner, relay_port):
    """The server commits a sign-up, claims its mail and hangs on a stalled relay; kill -9 then.
    The claim goes stale and the worker delivers the message, once."""
    env = env_for(app)
    with StalledServer() as stalled:
        env["DIRECTORY_SMTP_URL"] = f"smtp+plain://127.0.0.1:{stalled.port}"
        server = Server(env, tmp_path / "server.log")
        try:
            browser = HttpClient(server.base, timeout=60)
            browser.get("/account/signup")
            request = threading.Thread(target=lambda: _ignore_errors(
                browser.post, "/account/signup", {"email": NEW, "password": PASSWORD, "password_again": PASSWORD}))
            request.start()
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and [m.state for m in messages(app)] != ["sending"]:
                time.sleep(0.05)
            assert [m.state for m in messages(app)] == ["sending"], server.log()
        finally:
            server.kill9()
            server.stop()  # reaps the process and closes its log
        request.join(timeout=30)
    [row] = messages(app)
    assert row.state == "sending" and row.sent_at is None  # committed, claimed, never sent

    with SMTPServer(relay_port) as relay:
        assert runner.invoke(args=["worker", "run", "--once"]).exit_code == 0
        assert relay.messages == []  # a fresh claim is respected: its sender might still be alive
        app.config["MAIL_CLAIM_TIMEOUT"] = 0  # now it is stale
        assert runner.invoke(args=["worker", "run", "--once"]).exit_code == 0
        assert deliver(runner) == (0, "Sent 0 messages; 0 still failing.")
    [message] = relay.messages
    assert message["To"] == NEW
    with app.app_context():
        from directory.models import User
        assert db.session.scalar(db.select(User).filter_by(email=NEW)) is not None


def _ignore_errors(fn, *args):
    try:
        fn(*args)
    except OSError:
        pass  # the server was killed mid-request


def test_remind_stale_with_the_mail_server_down_records_each_reminder_with_its_queued_mail(app, runner, relay_port):
    from test_api import seed_directory

    from directory.models import AuditEvent, Listing
    seed_directory(app, count=3)
    with app.app_context():
        db.session.execute(db.update(Listing).values(last_verified_at=utcnow() - timedelta(days=400)))
        db.session.commit()
    result = runner.invoke(args=["listings", "remind-stale", "--base-url", "https://directory.example.hk"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        reminded = db.session.scalar(db.select(db.func.count()).select_from(AuditEvent)
                                     .filter_by(action="listing.remind"))
    waiting = [m for m in messages(app) if m.subject.startswith("Is your listing still correct?")]
    assert reminded == len(waiting) == 3 and {m.state for m in waiting} == {"queued"}
    with SMTPServer(relay_port) as server:
        assert deliver(runner)[0] == 0
    assert len([m for m in server.messages if m["Subject"].startswith("Is your listing")]) == 3


@pytest.fixture
def tls_cert(tmp_path, monkeypatch):
    """A self-signed certificate for 127.0.0.1 that this process trusts (OpenSSL's SSL_CERT_FILE)."""
    from mail_helpers import self_signed_cert
    cert = self_signed_cert(tmp_path)
    if cert is None:
        pytest.skip("the openssl command is needed to make a test certificate")
    monkeypatch.setenv("SSL_CERT_FILE", cert[0])
    return cert


@pytest.mark.parametrize("scheme", ["smtp", "smtps"])
def test_tls_schemes_log_in_and_deliver_inside_tls(app, client, relay_port, tls_cert, scheme):
    app.config["SMTP_URL"] = f"{scheme}://relay%40directory:s3cret%2Fpw@127.0.0.1:{relay_port}"
    with SMTPServer(relay_port, cert=tls_cert, implicit_tls=scheme == "smtps",
                    users={"relay@directory": "s3cret/pw"}) as server:
        assert sign_up(client).status_code == 302
    [message] = server.messages
    assert message["To"] == NEW and server.recorder.over_tls == [True]
    [row] = messages(app)
    assert (row.state, row.attempts) == ("sent", 1)


def test_a_wrong_password_leaves_the_message_queued_with_a_reason(app, client, relay_port, tls_cert):
    app.config["SMTP_URL"] = f"smtp://relay:wrong-password@127.0.0.1:{relay_port}"
    with SMTPServer(relay_port, cert=tls_cert, users={"relay": "right"}) as server:
        assert sign_up(client).status_code == 302
    assert server.messages == []
    [row] = messages(app)
    assert row.state == "queued" and row.attempts == 1 and row.last_error
    assert "wrong-password" not in row.last_error


def test_a_certificate_nobody_vouches_for_is_refused(app, client, relay_port, tls_cert, monkeypatch):
    monkeypatch.delenv("SSL_CERT_FILE")  # the relay's self-signed certificate is no longer trusted
    app.config["SMTP_URL"] = f"smtp://relay:pw@127.0.0.1:{relay_port}"
    with SMTPServer(relay_port, cert=tls_cert, users={"relay": "pw"}) as server:
        assert sign_up(client).status_code == 302
    assert server.messages == [] and server.recorder.mail_from == 0
    [row] = messages(app)
    assert row.state == "queued" and "CERTIFICATE_VERIFY_FAILED" in row.last_error


def test_an_enquiry_sent_by_concurrent_deliverers_lists_every_provider_reached(app, app_config, relay_port):
    from test_api import seed_directory

    from directory.enquiries import operations as enquiries
    from directory.core.web import commit
    seeded = seed_directory(app, count=10)
    chosen = list(seeded["public"])
    ids = []
    for round_ in range(3):
        with app.test_request_context():
            enquiry = enquiries.relay(chosen, name="Aisha Rahman", organisation="Jakarta Smart City Office",
                                      country="ID", email="aisha@jakarta-city.example.id",
                                      subject=f"Lamp posts {round_}", message="We plan 3,000 lamp posts.", lang="en")
            commit()  # the relay is down: every message stays queued
            ids.append(enquiry.id)
    apps = [create_app(app_config) for _ in range(4)]
    try:
        with SMTPServer(relay_port, delay=0.005):
            start = threading.Barrier(len(apps))

            def work(worker_app):
                with worker_app.app_context():
                    start.wait(timeout=30)
                    mail_queue.deliver_all()
            threads = [threading.Thread(target=work, args=(a,)) for a in apps]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=120)
    finally:
        for worker_app in apps:
            with worker_app.app_context():
                db.engine.dispose()
    with app.app_context():
        assert [db.session.get(Enquiry, i).delivered_to for i in ids] == [chosen] * 3
