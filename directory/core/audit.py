"""The audit trail: who did what to which listing, with before and after."""
from directory.core.extensions import db
from directory.models import AuditEvent


def record(action: str, *, actor=None, listing=None, before=None, after=None, details=None) -> AuditEvent:
    event = AuditEvent(action=action, actor_id=getattr(actor, "id", None),
                       listing_id=getattr(listing, "id", None), before=before, after=after,
                       details=details)
    db.session.add(event)
    return event
