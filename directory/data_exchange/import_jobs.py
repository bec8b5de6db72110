"""CSV imports as background jobs: the same check-then-write as :func:`importing.run_import`,
run by the worker, with the report kept on the job for the progress page.

Files of at most ``IMPORT_INLINE_ROWS`` lines (default 200) are still imported inside the upload
request: they take a second or two, and the secretariat sees the report at once.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace

from flask import current_app

from directory.data_exchange.csv_import import ImportError_
from directory.core.extensions import db
from directory.models import Job, User
from directory.data_exchange import importing
from directory.core import jobs

KIND = "listing-import"
INLINE_ROWS = 200
SHOWN_CHANGES = 200  # rows listed on the report; the counts cover them all


def runs_inline(raw: bytes) -> bool:
    """Small enough for the request: line breaks bound the rows from above (a quoted field may
    hold line breaks, never the other way round), so no parsing is needed to decide."""
    return raw.count(b"\n") <= int(current_app.config.get("IMPORT_INLINE_ROWS", INLINE_ROWS)) + 1


def enqueue(raw: bytes, *, actor: User, dry_run: bool, publish: bool, filename: str) -> Job:
    return jobs.enqueue(KIND, {"dry_run": dry_run, "publish": publish, "filename": filename[:200]},
                        payload=raw, created_by=actor)


def _error(err: ImportError_) -> dict:
    return {"line": err.line, "column": err.column, "code": err.code, "message": err.message,
            "params": {k: (v if isinstance(v, (str, int, float, bool)) or v is None else str(v))
                       for k, v in (err.params or {}).items()}}


def to_report(result: importing.ImportResult) -> dict:
    changes = result.changes
    return {"ok": result.ok, "dry_run": result.dry_run, "publish": result.publish,
            "counts": dict(result.counts), "errors": [_error(e) for e in result.errors],
            "warnings": [_error(e) for e in result.warnings], "changes_total": len(changes),
            "incomplete": len(result.incomplete),
            "changes": [{"line": p.line, "name": p.name, "action": p.action,
                         "listing_id": p.listing.public_id if p.listing is not None else None}
                        for p in changes[:SHOWN_CHANGES]]}


@dataclass
class StoredReport:
    """A job's report with the attributes the import template reads from an ImportResult."""

    ok: bool
    dry_run: bool
    publish: bool
    counts: dict
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    changes: list = field(default_factory=list)
    changes_total: int = 0
    crashed: bool = False
    incomplete: list = field(default_factory=list)  # only its length is shown

    @classmethod
    def of(cls, report: dict | None) -> StoredReport | None:
        if not report:
            return None
        if report.get("crashed"):
            return cls(ok=False, dry_run=False, publish=False, counts={}, crashed=True)
        errors = [ImportError_(e["line"], e["column"], e["code"], e["message"], e.get("params") or {})
                  for e in report.get("errors", [])]
        warnings = [ImportError_(e["line"], e["column"], e["code"], e["message"], e.get("params") or {})
                    for e in report.get("warnings", [])]
        changes = [SimpleNamespace(line=c["line"], name=c["name"], action=c["action"],
                                   listing=SimpleNamespace(public_id=c["listing_id"]))
                   for c in report.get("changes", [])]
        return cls(ok=report["ok"], dry_run=report["dry_run"], publish=report["publish"],
                   counts=report["counts"], errors=errors, warnings=warnings, changes=changes,
                   changes_total=report.get("changes_total", len(changes)),
                   incomplete=[None] * int(report.get("incomplete") or 0))


@jobs.runner(KIND)
def run(job: Job, progress: jobs.Progress) -> tuple[str, dict]:
    """Check every row; write only when there is no error (flush; run_job commits with the state)."""
    params = job.params or {}
    actor = db.session.get(User, job.created_by_id) if job.created_by_id else None
    result = importing.check(job.payload or b"", publish=bool(params.get("publish")))
    result.dry_run = bool(params.get("dry_run"))
    if result.ok and not result.dry_run:
        progress.total(len(result.changes))
        importing.apply(result, actor=actor, filename=params.get("filename", ""), on_write=progress.step)
    return ("done" if result.ok else "failed"), to_report(result)


def recent(limit: int = 10) -> list[Job]:
    return db.session.scalars(db.select(Job).where(Job.kind == KIND).order_by(Job.id.desc()).limit(limit)).all()
