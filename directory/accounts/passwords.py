"""Password rules (S02, S03): length only, no composition rules, common passwords refused.

Hashes are scrypt (Werkzeug), which uses the whole password — no 72-byte cut-off as in bcrypt.
"""
import unicodedata
from functools import lru_cache
from pathlib import Path

from werkzeug.security import check_password_hash, generate_password_hash

MIN_LENGTH = 8
MAX_LENGTH = 1024  # long pass-phrases are welcome; this only stops abuse of the hash
_COMMON_FILE = Path(__file__).with_name("common_passwords.txt")


def _normalise(password: str) -> str:
    # NFKC so the same pass-phrase typed on another keyboard (full-width digits, etc.) still matches.
    return unicodedata.normalize("NFKC", password)


@lru_cache(maxsize=1)
def _common() -> frozenset[str]:
    return frozenset(line.strip().lower() for line in _COMMON_FILE.read_text().splitlines() if line.strip())


def is_common(password: str) -> bool:
    return _normalise(password).lower() in _common()


def hash_password(password: str) -> str:
    return generate_password_hash(_normalise(password), method="scrypt")


def verify_password(stored_hash: str, password: str) -> bool:
    return check_password_hash(stored_hash, _normalise(password))


# A hash of a random string, checked when the email is unknown so both paths cost the same (S04).
DUMMY_HASH = generate_password_hash("not-a-real-account-password", method="scrypt")


def random_password() -> str:
    """For accounts nobody logs in to directly (demo data owner)."""
    import secrets
    return secrets.token_urlsafe(32)
