"""Background jobs: work too long for a request (a large CSV import), run by the worker."""
from sqlalchemy import ForeignKey, Index, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from directory.core.extensions import db
from directory.models.types import JSONDoc, UTCDateTime, utcnow

JOB_STATES = ("queued", "running", "done", "failed")


class Job(db.Model):
    """queued → running (claimed by one worker: ``claimed_by`` is its token) → done or failed.

    ``params`` say what to do, ``payload`` holds the uploaded file until the job has run,
    ``result`` is the report the page shows. The job's final state commits in the same
    transaction as its work, so a job is either done with everything written, or not done.
    """

    __tablename__ = "jobs"
    __table_args__ = (Index("ix_jobs_state_created_at", "state", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    state: Mapped[str] = mapped_column(String(10), default="queued")
    progress_done: Mapped[int] = mapped_column(Integer, default=0)
    progress_total: Mapped[int] = mapped_column(Integer, default=0)
    params: Mapped[dict] = mapped_column(JSONDoc, default=dict)
    payload: Mapped[bytes | None] = deferred(mapped_column(LargeBinary, nullable=True))
    result: Mapped[dict | None] = mapped_column(JSONDoc, nullable=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    claimed_at = mapped_column(UTCDateTime, nullable=True)
    claimed_by: Mapped[str | None] = mapped_column(String(80))
    finished_at = mapped_column(UTCDateTime, nullable=True)

    created_by = relationship("User")

    @property
    def finished(self) -> bool:
        return self.state in ("done", "failed")
