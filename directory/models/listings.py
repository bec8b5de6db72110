"""A listing keeps its published content and the member's pending revision apart.

The published revision is what buyers see; the working revision is what the member edits and
submits. Approving a submitted working revision makes it the published one, so an edit never
takes a live listing offline while it waits for review.
"""
from sqlalchemy import ForeignKey, Integer, String, Text, and_
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.core.extensions import db
from directory.models.types import JSONDoc, UTCDateTime, new_public_id, utcnow

REVISION_STATES = ("draft", "submitted", "approved", "rejected", "superseded")


class Listing(db.Model):
    __tablename__ = "listings"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(16), unique=True, default=new_public_id)
    slug: Mapped[str | None] = mapped_column(String(120), unique=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    # The BR number this listing has claimed: its submitted revision's, else its published one's,
    # set on submission (drafts claim nothing; services.listings.claim_br). Unique: one holder.
    br_number: Mapped[str | None] = mapped_column(String(8), unique=True)
    published_revision_id: Mapped[int | None] = mapped_column(
        ForeignKey("listing_revisions.id", use_alter=True), nullable=True)
    working_revision_id: Mapped[int | None] = mapped_column(
        ForeignKey("listing_revisions.id", use_alter=True), nullable=True)
    suspended_at = mapped_column(UTCDateTime, nullable=True)
    suspended_reason: Mapped[str | None] = mapped_column(Text)
    published_at = mapped_column(UTCDateTime, nullable=True)  # first approval
    last_verified_at = mapped_column(UTCDateTime, nullable=True)
    created_at = mapped_column(UTCDateTime, default=utcnow)
    updated_at = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    owner = relationship("User")
    published = relationship("ListingRevision", foreign_keys=[published_revision_id], post_update=True)
    working = relationship("ListingRevision", foreign_keys=[working_revision_id], post_update=True)

    @classmethod
    def live_clause(cls):
        """SQL for `is_public`: published and not suspended — the only listings buyers see (S11)."""
        return and_(cls.published_revision_id.is_not(None), cls.suspended_at.is_(None))

    @property
    def is_public(self) -> bool:
        return self.published_revision_id is not None and self.suspended_at is None

    @property
    def current(self):
        """The revision the member sees in the editor: pending work first, else the live one."""
        return self.working or self.published

    @property
    def status(self) -> str:
        """What the member is shown: draft, submitted, approved, rejected or suspended."""
        if self.suspended_at is not None:
            return "suspended"
        if self.working is not None:
            return self.working.state
        return "approved" if self.published is not None else "draft"

    def display_name(self, lang: str = "en") -> str:
        data = (self.current.data if self.current else {}) or {}
        en, zh = data.get("company_name_en") or "", data.get("company_name_zh") or ""
        return (zh or en) if lang.startswith("zh") else (en or zh)


class ListingRevision(db.Model):
    __tablename__ = "listing_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    listing_id: Mapped[int] = mapped_column(ForeignKey("listings.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer, default=1)  # 1, 2, 3 … per listing
    state: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    # Bumped by every write, in the same UPDATE that checks it (services.listings.write_revision):
    # the reviewer's decision names the version they saw (S31).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    data: Mapped[dict] = mapped_column(JSONDoc, default=dict)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at = mapped_column(UTCDateTime, default=utcnow)
    updated_at = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    submitted_at = mapped_column(UTCDateTime, nullable=True)
    reviewed_at = mapped_column(UTCDateTime, nullable=True)
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reject_reason: Mapped[str | None] = mapped_column(Text)

    listing = relationship("Listing", foreign_keys=[listing_id])
