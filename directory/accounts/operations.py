"""Accounts: sign-up, confirmation, password reset and change.

Sign-up and reset answer the same way whether or not the email is known (S04): the difference is
only in what lands in the mailbox of the address's real owner.
"""
import logging

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from directory.core import mail
from directory.accounts import passwords
from directory.accounts.addresses import local_part_is_ascii, normalise_email
from directory.accounts.sessions import end_other_sessions
from directory.core.extensions import db
from directory.core.i18n import speaking, user_lang
from directory.models import User, utcnow
from directory.core.web import external_url
from directory.core import audit

log = logging.getLogger("directory.security")

# Accounts that hold listings nobody has claimed yet (demo data, imports). Nobody logs in to
# them and nobody reads their mail, so services never write to them.
DEMO_OWNER = "demo-listings@directory.example.hk"
IMPORTS_OWNER = "imports@directory.example.hk"
SYSTEM_ACCOUNTS = frozenset({DEMO_OWNER, IMPORTS_OWNER})


class AccountError(Exception):
    pass


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"account-{purpose}")


def find_by_email(email: str) -> User | None:
    return User.query.filter_by(email=normalise_email(email)).first()


def create_user(email: str, password: str, role: str = "member", locale: str = "en",
                confirmed: bool = False) -> User:
    if not local_part_is_ascii(email):
        raise AccountError(f"{email}: the part before @ must be plain ASCII letters, digits or signs")
    if find_by_email(email):
        raise AccountError(f"an account for {email} already exists")
    user = User(email=normalise_email(email), password_hash=passwords.hash_password(password),
                role=role, locale=locale, confirmed_at=utcnow() if confirmed else None)
    db.session.add(user)
    db.session.flush()
    audit.record("user.create", actor=None, details={"user_id": user.id, "role": role})
    return user


def mail_reaches(user: User | None) -> bool:
    """Whether mail to this account reaches a person (system accounts have no reader)."""
    return user is not None and bool(user.email) and user.email not in SYSTEM_ACCOUNTS


def system_account(email: str) -> User:
    """One of SYSTEM_ACCOUNTS, made on first use with a password nobody knows."""
    assert email in SYSTEM_ACCOUNTS, email
    return find_by_email(email) or create_user(email, passwords.random_password(), confirmed=True)


def sign_up(email: str, password: str, locale: str) -> None:
    existing = find_by_email(email)
    if existing is not None:
        # The same work as a new account (a hash, a queued mail), so timing tells nothing (S33).
        passwords.hash_password(password)
        _mail(existing, "already_registered")
        return
    user = create_user(email, password, locale=locale)
    _mail(user, "confirm", token=_serializer("confirm").dumps({"uid": user.id, "email": user.email}))


def resend_confirmation(email: str, locale: str = "en") -> None:
    """A mail either way (S33), as for a reset: a new link, a note that the address is already
    confirmed, or a note that there is no account; the request costs the same in all three."""
    user = find_by_email(email)
    if user is None:
        _mail_no_account(normalise_email(email), locale, "confirm")
    elif user.is_confirmed:
        _mail(user, "already_confirmed")
    else:
        _mail(user, "confirm", token=_serializer("confirm").dumps({"uid": user.id, "email": user.email}))


def confirmation_user(token: str) -> User:
    """The account a confirmation link is for, changing nothing; AccountError if invalid."""
    try:
        data = _serializer("confirm").loads(token, max_age=current_app.config["CONFIRM_TOKEN_MAX_AGE"])
    except (BadSignature, SignatureExpired) as exc:
        raise AccountError("invalid or expired link") from exc
    user = db.session.get(User, data.get("uid"))
    if user is None or user.email != data.get("email"):
        raise AccountError("invalid or expired link")
    return user


def confirm(token: str) -> User:
    user = confirmation_user(token)
    if user.confirmed_at is None:
        user.confirmed_at = utcnow()
        audit.record("user.confirm", actor=user)
    return user


def authenticate(email: str, password: str, address: str) -> User | None:
    user = find_by_email(email)
    if user is None:
        passwords.verify_password(passwords.DUMMY_HASH, password)  # same time as a real check
        log.warning("failed login for unknown account %r from %s", email[:254], address)
        return None
    if not passwords.verify_password(user.password_hash, password):
        log.warning("failed login for account %r from %s", user.email, address)
        return None
    return user


def request_reset(email: str, locale: str = "en") -> None:
    user = find_by_email(email)
    if user is None:
        # A mail either way (S33): the address's owner learns there is no account under it.
        _mail_no_account(normalise_email(email), locale, "reset")
        return
    token = _serializer("reset").dumps({"uid": user.id, "ph": user.password_hash[-16:]})
    _mail(user, "reset", token=token)


def user_for_reset(token: str) -> User:
    try:
        data = _serializer("reset").loads(token, max_age=current_app.config["RESET_TOKEN_MAX_AGE"])
    except (BadSignature, SignatureExpired) as exc:
        raise AccountError("invalid or expired link") from exc
    user = db.session.get(User, data.get("uid"))
    # The token carries a piece of the old hash: once the password changes, the link is spent.
    if user is None or user.password_hash[-16:] != data.get("ph"):
        raise AccountError("invalid or expired link")
    return user


def set_password(user: User, password: str) -> None:
    user.password_hash = passwords.hash_password(password)
    user.password_changed_at = utcnow()
    if user.confirmed_at is None:  # the reset link proved they own the address
        user.confirmed_at = utcnow()
    end_other_sessions(user)
    audit.record("user.password", actor=user)


def _mail_no_account(address: str, lang: str, asked_for: str) -> None:
    """What the owner of an address without an account receives instead of a link."""
    with speaking(lang if lang in ("en", "zh-Hant", "zh-Hans") else "en"):
        link = external_url("auth.signup", lang=lang)
        if asked_for == "reset":
            subject = _("Password reset requested")
            body = _("Someone asked to reset the password of a directory account for this address, "
                     "but there is no account under it.\n\n"
                     "If it was you, perhaps you signed up with another address. To create an account, "
                     "open this link:\n%(link)s\n\nIf it was not you, ignore this message.", link=link)
        else:
            subject = _("Confirmation link requested")
            body = _("Someone asked for a new link to confirm a directory account for this address, "
                     "but there is no account under it.\n\n"
                     "If it was you, perhaps you signed up with another address. To create an account, "
                     "open this link:\n%(link)s\n\nIf it was not you, ignore this message.", link=link)
        mail.send_after_commit(address, subject, body)


def _mail(user: User, kind: str, token: str | None = None) -> None:
    lang = user_lang(user)
    with speaking(lang):
        if kind == "confirm":
            link = external_url("auth.confirm", token=token, lang=lang)
            subject = _("Confirm your email address")
            body = _("Welcome to the Belt and Road service-provider directory.\n\n"
                     "Please confirm your email address by opening this link:\n%(link)s\n\n"
                     "If you did not sign up, you can ignore this message.", link=link)
        elif kind == "reset":
            link = external_url("auth.reset", token=token, lang=lang)
            subject = _("Reset your password")
            body = _("Someone asked to reset the password of your directory account.\n\n"
                     "To choose a new password, open this link within one hour:\n%(link)s\n\n"
                     "If it was not you, ignore this message: your password stays as it is.", link=link)
        elif kind == "already_confirmed":
            link = external_url("auth.login", lang=lang)
            subject = _("Your email address is already confirmed")
            body = _("Someone asked for a new link to confirm your directory account, but your email "
                     "address is already confirmed: there is nothing more to do.\n\n"
                     "Log in here: %(link)s\nForgot your password? Use the reset link on that page.",
                     link=link)
        else:
            link = external_url("auth.login", lang=lang)
            subject = _("You already have an account")
            body = _("Someone tried to sign up with your email address, which already has an account.\n\n"
                     "Log in here: %(link)s\nForgot your password? Use the reset link on that page.",
                     link=link)
        mail.send_after_commit(user.email, subject, body)
