"""Database models. Import them from here."""
from directory.models.accounts import ROLES, User, UserSession
from directory.models.alerts import ALERT_FREQUENCIES, AlertSubscription
from directory.models.events import AuditEvent, SearchChange
from directory.models.jobs import JOB_STATES, Job
from directory.models.listings import REVISION_STATES, Listing, ListingRevision
from directory.models.mail import MAIL_STATES, MailMessage
from directory.models.records import Enquiry, ExportLog, SearchLog
from directory.models.types import new_public_id, utcnow

__all__ = [
    "ROLES", "User", "UserSession", "AuditEvent", "SearchChange", "REVISION_STATES",
    "Listing", "ListingRevision", "Enquiry", "ExportLog", "SearchLog", "new_public_id", "utcnow",
    "MAIL_STATES", "MailMessage", "JOB_STATES", "Job", "ALERT_FREQUENCIES", "AlertSubscription",
]
