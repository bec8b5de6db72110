"""The mail queue: one row per outgoing message, written in the transaction that causes it."""
from sqlalchemy import Index, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from directory.core.extensions import db
from directory.models.types import UTCDateTime, utcnow

MAIL_STATES = ("queued", "sending", "sent", "failed")


class MailMessage(db.Model):
    """queued → sending (claimed by one process) → sent; or back to queued with a later
    next_attempt_at, and failed once the attempts are used up (still retryable by hand)."""

    __tablename__ = "mail_messages"
    __table_args__ = (Index("ix_mail_messages_state_next_attempt_at", "state", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    recipient: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(1000))
    message: Mapped[bytes] = mapped_column(LargeBinary)  # the RFC 5322 bytes, exactly as they go out
    state: Mapped[str] = mapped_column(String(10), default="queued")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    last_error: Mapped[str | None] = mapped_column(String(300))
    claimed_at = mapped_column(UTCDateTime, nullable=True)
    claimed_by: Mapped[str | None] = mapped_column(String(80))
    sent_at = mapped_column(UTCDateTime, nullable=True)
    # What the message is about, so its sender can learn when it went out (e.g. "enquiry", "12/abc").
    kind: Mapped[str | None] = mapped_column(String(30))
    ref: Mapped[str | None] = mapped_column(String(80), index=True)
