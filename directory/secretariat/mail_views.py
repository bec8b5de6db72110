"""The secretariat's view of outgoing mail: how many messages wait, which failed and why, retry now.

Bodies are never shown: they hold password-reset and confirmation links. Routes live on the
secretariat blueprint, so its one role check guards them (S09); POSTs carry the CSRF token.
"""
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import case, func, select

from directory.core import mail
from directory.core import mail_queue
from directory.core.extensions import db
from directory.models import MailMessage
from directory.secretariat.views import bp

SHOWN = 200  # messages listed; the counts cover them all
UNSENT = ("failed", "sending", "queued")


@bp.route("/mail", endpoint="mail")
def mail_page():
    order = case({"failed": 0, "sending": 1, "queued": 2}, value=MailMessage.state)
    waiting = db.session.scalars(select(MailMessage).where(MailMessage.state.in_(UNSENT))
                                 .order_by(order, MailMessage.next_attempt_at, MailMessage.id).limit(SHOWN)).all()
    counts = mail_queue.counts()
    last_sent = db.session.scalar(select(func.max(MailMessage.sent_at)))
    return render_template("secretariat/mail.html", counts=counts, waiting=waiting, shown=SHOWN,
                           unsent=sum(counts[state] for state in UNSENT), last_sent=last_sent,
                           max_attempts=mail_queue.MAX_ATTEMPTS)


@bp.route("/mail/<message_id>/retry", methods=["POST"])
def mail_retry(message_id):
    # A string in the route, checked here: a huge number would overflow the database's integer.
    if not message_id.isdigit() or len(message_id) > 12:
        abort(404)
    message_id = int(message_id)
    if mail_queue.retry(message_id):
        mail.deliver_after_commit(message_id)  # tried right after this request commits
        flash(_("Sending it again now. If the mail server is still unreachable it stays in the queue."), "success")
    else:
        flash(_("That message is no longer waiting: it was sent or is being sent."), "info")
    return redirect(url_for("secretariat.mail"))


@bp.route("/mail/retry-failed", methods=["POST"])
def mail_retry_failed():
    ids = db.session.scalars(select(MailMessage.id).where(MailMessage.state == "failed")
                             .order_by(MailMessage.id)).all()
    for message_id in ids:
        if mail_queue.retry(message_id):
            mail.deliver_after_commit(message_id)
    flash(_("Sending %(num)d failed messages again now.", num=len(ids)), "success")
    return redirect(url_for("secretariat.mail"))
