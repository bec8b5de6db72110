"""Database models. Import them from here."""
from .accounts import ROLES, User, UserSession
from .alerts import ALERT_FREQUENCIES, AlertSubscription
from .events import AuditEvent, SearchChange
from .jobs import JOB_STATES, Job
from .listings import REVISION_STATES, Listing, ListingRevision
from .mail import MAIL_STATES, MailMessage
from .records import Enquiry, ExportLog, SearchLog
from .types import new_public_id, utcnow

__all__ = [
    "ROLES", "User", "UserSession", "AuditEvent", "SearchChange", "REVISION_STATES",
    "Listing", "ListingRevision", "Enquiry", "ExportLog", "SearchLog", "new_public_id", "utcnow",
    "MAIL_STATES", "MailMessage", "JOB_STATES", "Job", "ALERT_FREQUENCIES", "AlertSubscription",
]
