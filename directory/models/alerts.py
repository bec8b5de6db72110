"""Saved-search alerts: a buyer's address, the search they saved, and when we last wrote."""
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from directory.core.extensions import db
from directory.models.types import JSONDoc, UTCDateTime, utcnow

ALERT_FREQUENCIES = ("immediate", "weekly")


class AlertSubscription(db.Model):
    """Unconfirmed until the link in the confirmation mail is followed (double opt-in); deleted
    on unsubscribe. The links carry a signed token naming the row and a secret nonce; only the
    nonce's SHA-256 is stored, so a copy of the database cannot unsubscribe anyone."""

    __tablename__ = "alert_subscriptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), index=True)  # normalise_email()'d
    query: Mapped[str] = mapped_column(String(1000), default="")
    filters: Mapped[dict] = mapped_column(JSONDoc, default=dict)  # search_params.FILTERS -> codes
    lang: Mapped[str] = mapped_column(String(10), default="en")
    frequency: Mapped[str] = mapped_column(String(10), default="immediate")
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    confirmed_at = mapped_column(UTCDateTime, nullable=True)
    last_sent_at = mapped_column(UTCDateTime, nullable=True)  # the last digest queued
    token_hash: Mapped[str] = mapped_column(String(64))
