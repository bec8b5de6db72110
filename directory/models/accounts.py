"""People and their sessions."""
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.core.extensions import db
from directory.models.types import UTCDateTime, utcnow

ROLES = ("member", "secretariat")


class User(db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # stored lower-cased
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default="member")
    locale: Mapped[str | None] = mapped_column(String(10))  # language for emails
    confirmed_at = mapped_column(UTCDateTime, nullable=True)
    created_at = mapped_column(UTCDateTime, default=utcnow)
    password_changed_at = mapped_column(UTCDateTime, default=utcnow)

    sessions = relationship("UserSession", back_populates="user", cascade="all, delete-orphan")

    @property
    def is_secretariat(self) -> bool:
        return self.role == "secretariat"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    def __repr__(self):
        return f"<User {self.id} {self.role}>"


class UserSession(db.Model):
    """A server-side login: the cookie only carries this random id, so logout really ends it."""

    __tablename__ = "user_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at = mapped_column(UTCDateTime, default=utcnow)
    user_agent: Mapped[str | None] = mapped_column(String(200))

    user = relationship("User", back_populates="sessions")
