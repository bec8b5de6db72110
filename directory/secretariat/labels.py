"""Words for the codes the secretariat's pages show: audit actions and listing statuses."""
from flask_babel import lazy_gettext as _l

ACTION_LABELS = {
    "listing.create": _l("Listing created"), "listing.edit": _l("Listing edited"),
    "listing.submit": _l("Submitted for review"), "listing.approve": _l("Approved"),
    "listing.reject": _l("Returned for changes"), "listing.suspend": _l("Suspended"),
    "listing.reinstate": _l("Reinstated"), "listing.discard": _l("Pending changes discarded"),
    "listing.reconfirm": _l("Confirmed as still correct"), "listing.remind": _l("Re-confirmation reminder sent"),
    "user.create": _l("Account created"), "user.confirm": _l("Email confirmed"),
    "user.password": _l("Password changed"),
}
STATUS_LABELS = {
    "approved": _l("Approved and published"), "submitted": _l("Awaiting review"), "draft": _l("Draft"),
    "rejected": _l("Returned for changes"), "suspended": _l("Suspended"),
}


def action_label(action: str) -> str:
    """A known action in words; an action this list does not know yet is shown as its code."""
    return str(ACTION_LABELS.get(action, action))
