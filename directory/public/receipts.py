"""The buyer's receipt for an enquiry: which companies it went to, in the buyer's language.

It names the companies only (never a provider's address) and repeats none of the buyer's own
text: the address was typed by whoever sent the form, so a receipt must be useless for sending
someone else a message through the directory.
"""
from flask import current_app
from flask_babel import gettext as _, ngettext

from directory.core import mail
from directory.core.i18n import pick, speaking
from directory.enquiries import operations as enquiries
from directory.public.pages import association_name


def send(to: str, recipients: list, lang: str) -> None:
    """Queue the receipt (after commit). Nothing is sent when no public provider was chosen."""
    if not recipients:
        return
    names = [pick(listing.published.data, "company_name", lang) for listing in recipients]
    with speaking(lang):
        if len(names) == 1:  # the one company by name; several are counted, with plural forms
            subject = _("Your enquiry was sent to %(company)s", company=names[0])
        else:
            subject = ngettext("Your enquiry was sent to %(num)d provider",
                               "Your enquiry was sent to %(num)d providers", len(names))
        body = "\n\n".join([
            _("The Belt and Road Service Providers directory has passed your enquiry to:"),
            "\n".join(f"- {n}" for n in names),
            _("They will reply to you directly by email. Their addresses are not shown to you until they do."),
            _("If you did not send this enquiry, please tell the secretariat of %(association)s: %(email)s",
              association=association_name(lang), email=current_app.config["ASSOCIATION_EMAIL"]),
        ]) + "\n"
    mail.send_after_commit(enquiries.buyer_address(to), subject, body)
