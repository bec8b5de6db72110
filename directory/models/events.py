"""Append-only records: the audit trail and the search outbox."""
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.core.extensions import db
from directory.models.types import JSONDoc, UTCDateTime, utcnow


class AuditEvent(db.Model):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    action: Mapped[str] = mapped_column(String(40), index=True)
    listing_id: Mapped[int | None] = mapped_column(ForeignKey("listings.id", ondelete="SET NULL"), index=True)
    before: Mapped[dict | None] = mapped_column(JSONDoc)
    after: Mapped[dict | None] = mapped_column(JSONDoc)
    details: Mapped[dict | None] = mapped_column(JSONDoc)

    actor = relationship("User")


class SearchChange(db.Model):
    """Transactional outbox: written in the same transaction as the change it describes,
    applied to the Whoosh index after commit, replayed by any process that is behind."""

    __tablename__ = "search_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    listing_public_id: Mapped[str] = mapped_column(String(16), index=True)
    op: Mapped[str] = mapped_column(String(10))  # upsert | delete
    created_at = mapped_column(UTCDateTime, default=utcnow)
