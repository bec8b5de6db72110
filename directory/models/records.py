"""What the directory keeps about its use: enquiries relayed, exports made, searches run."""
from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.core.extensions import db
from directory.models.types import JSONDoc, UTCDateTime, utcnow


class Enquiry(db.Model):
    """A buyer's message to one or several providers, relayed by email and kept for the secretariat."""

    __tablename__ = "enquiries"

    id: Mapped[int] = mapped_column(primary_key=True)
    at = mapped_column(UTCDateTime, default=utcnow, index=True)
    listing_ids: Mapped[list] = mapped_column(JSONDoc, default=list)  # public ids the buyer chose
    delivered_to: Mapped[list] = mapped_column(JSONDoc, default=list)  # the approved ones relayed to
    name: Mapped[str] = mapped_column(String(120))
    organisation: Mapped[str] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(String(2))
    email: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    message: Mapped[str] = mapped_column(Text)
    lang: Mapped[str] = mapped_column(String(10), default="en")


class ExportLog(db.Model):
    __tablename__ = "export_logs"

    id: Mapped[int] = mapped_column(primary_key=True)
    at = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # None: the command line
    format: Mapped[str] = mapped_column(String(20))
    filters: Mapped[dict] = mapped_column(JSONDoc, default=dict)
    changed_since = mapped_column(UTCDateTime, nullable=True)
    row_count: Mapped[int] = mapped_column(Integer, default=0)

    actor = relationship("User")


class SearchLog(db.Model):
    """One search as typed, with its result count: no user, no address, no session (privacy)."""

    __tablename__ = "search_logs"

    id: Mapped[int] = mapped_column(primary_key=True)
    at = mapped_column(UTCDateTime, default=utcnow, index=True)
    query: Mapped[str] = mapped_column(String(200), index=True)
    filters: Mapped[dict] = mapped_column(JSONDoc, default=dict)
    lang: Mapped[str] = mapped_column(String(10))
    result_count: Mapped[int] = mapped_column(Integer)
