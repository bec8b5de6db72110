"""Words for the codes the secretariat's pages show: audit actions and listing statuses."""
from flask_babel import lazy_gettext as _l

ACTION_LABELS = {
    "listing.create": _l("Listing created"), "listing.edit": _l("Listing edited"),
    "listing.submit": _l("Submitted for review"), "listing.approve": _l("Approved"),
    "listing.reject": _l("Returned for changes"), "listing.suspend": _l("Suspended"),
    "listing.reinstate": _l("Reinstated"), "listing.discard": _l("Pending changes discarded"),
    "listing.reconfirm": _l("Confirmed as still correct"), "listing.remind": _l("Re-confirmation reminder sent"),
    "listing.export": _l("Listings exported"), "listing.import": _l("Listings imported"),
    "listing.delete": _l("Draft deleted"), "listing.br_transfer": _l("BR number transferred"),
    "user.create": _l("Account created"), "user.confirm": _l("Email confirmed"),
    "user.password": _l("Password changed"),
}
# The keys of an audit event's details, in words (the raw key stays visible beside it).
DETAIL_LABELS = {
    "br_disputed": _l("BR number disputed"), "changed_since": _l("Changed since"),
    "created": _l("Listings created"), "export_id": _l("Export number"), "file": _l("File"),
    "filters": _l("Filters"), "format": _l("Format"), "last_verified_at": _l("Last confirmed"),
    "possible_duplicates": _l("Possible duplicates"), "published": _l("Published at once"),
    "reason": _l("Reason"), "revision": _l("Revision"), "role": _l("Role"), "rows": _l("Rows"),
    "br_number": _l("BR number"), "from": _l("From listing"), "to": _l("To listing"),
    "public_id": _l("Listing id"), "owner": _l("Member"), "name": _l("Company"),
    "unchanged": _l("Listings unchanged"), "updated": _l("Listings updated"), "user_id": _l("Account number"),
}
STATUS_LABELS = {
    "approved": _l("Approved and published"), "submitted": _l("Awaiting review"), "draft": _l("Draft"),
    "rejected": _l("Returned for changes"), "suspended": _l("Suspended"),
}


def detail_label(key: str) -> str:
    """A detail key or a listing field key in words; an unknown key is shown as it is."""
    if key in DETAIL_LABELS:
        return str(DETAIL_LABELS[key])
    from directory.listings.diff import field_label
    return field_label(key)


def action_label(action: str) -> str:
    """A known action in words; an action this list does not know yet is shown as its code."""
    return str(ACTION_LABELS.get(action, action))
