"""One spelling per mailbox (S40): every address that enters the directory goes through here.

`ｔ3@member.example` (full-width letters) and `T3@Member.Example` are the same mailbox as
`t3@member.example`, so they must find the same account. NFKC folds compatibility characters
(full-width, ligatures, circled digits …) to their plain forms; the domain is IDNA-encoded
(`bücher.example` → `xn--bcher-kva.example`) and everything lower-cased.
"""
import unicodedata

import idna
from flask_babel import lazy_gettext as _l

# What every form says when local_part_is_ascii() refuses an address (sign-up, login, enquiries).
NOT_PLAIN_LOCAL_PART = _l("Please type the part before @ in Latin letters and digits only "
                          "(look-alike letters from other alphabets cannot receive our mail).")


def normalise_email(address: str | None) -> str:
    """The canonical form of an address; an unparseable one comes back folded but unchanged."""
    text = unicodedata.normalize("NFKC", address or "").strip()
    local, at, domain = text.rpartition("@")
    if not at:
        return text.lower()
    try:
        domain = idna.encode(domain, uts46=True).decode("ascii")
    except idna.IDNAError:
        pass  # not a domain: the form's validator refuses it with a message
    return f"{local}@{domain}".lower()


def local_part_is_ascii(address: str | None) -> bool:
    """After NFKC the part before @ must be plain ASCII: a Cyrillic 'а' in `аdmin@…` looks like
    `admin@…` but is another mailbox, and our mail relay cannot deliver non-ASCII local parts."""
    local = normalise_email(address).rpartition("@")[0]
    return local.isascii()
