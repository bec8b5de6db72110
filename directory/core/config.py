"""Configuration: defaults, then instance/config.py, then DIRECTORY_* environment (CONTRACT §2)."""
import math
import os
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

ENV_KEYS = {
    "DIRECTORY_DATABASE_URL": "SQLALCHEMY_DATABASE_URI",
    "DIRECTORY_INDEX_DIR": "INDEX_DIR",
    "DIRECTORY_SECRET_KEY": "SECRET_KEY",
    "DIRECTORY_MAIL_OUTBOX": "MAIL_OUTBOX",
    "DIRECTORY_SMTP_URL": "SMTP_URL",
    "DIRECTORY_RATELIMIT_STORAGE_URL": "RATELIMIT_STORAGE_URI",
    "DIRECTORY_ENV": "DIRECTORY_ENV",
    "DIRECTORY_BASE_URL": "BASE_URL",
    "DIRECTORY_UPLOAD_DIR": "UPLOAD_DIR",
    "DIRECTORY_TRUSTED_HOSTS": "EXTRA_TRUSTED_HOSTS",
    "DIRECTORY_PROXY_COUNT": "PROXY_COUNT",
    "DIRECTORY_SEARCH_TABLE_MB": "SEARCH_TABLE_MB",
    "DIRECTORY_PAGE_CACHE_SECONDS": "PAGE_CACHE_SECONDS",
    "DIRECTORY_PAGE_CACHE_MB": "PAGE_CACHE_MB",
}


def defaults(instance_path: str) -> dict:
    inst = Path(instance_path)
    return {
        "DIRECTORY_ENV": "development",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{inst / 'directory.sqlite3'}",
        "INDEX_DIR": str(inst / "search-index"),
        "MAIL_OUTBOX": str(inst / "outbox"),
        "UPLOAD_DIR": str(inst / "uploads"),
        "SMTP_URL": None,
        # Where the site is reached: links in mail and exports made from the command line.
        # PORT (make run / make serve) moves the default with it, so local links keep working.
        "BASE_URL": f"http://127.0.0.1:{os.environ.get('PORT') or 5000}",
        # Reverse proxies in front of the site whose X-Forwarded-For/-Proto are believed (ProxyFix).
        "PROXY_COUNT": 0,
        # Memory per process for the search index's cached score tables (docs/search.md): 128 MB
        # keeps 10k listings fast; about 1024 is needed for warm searches at 100k.
        "SEARCH_TABLE_MB": 128,
        # Search pages kept per process for anonymous visitors (public/page_cache.py): the longest
        # a change that writes no outbox row can take to reach them; 0 turns the cache off.
        "PAGE_CACHE_SECONDS": 30,
        "PAGE_CACHE_MB": 8,
        "MAIL_FROM": "Belt and Road Directory <no-reply@directory.example.hk>",
        # Who runs the directory, named in the header, footer, About and Privacy pages.
        "ASSOCIATION_NAME_EN": "Smart City Consortium",
        "ASSOCIATION_NAME_ZH_HANT": "智慧城市聯盟",
        "ASSOCIATION_NAME_ZH_HANS": "智慧城市联盟",
        "ASSOCIATION_EMAIL": "secretariat@example.hk",
        "ASSOCIATION_URL": "https://association.example.hk",
        "RATELIMIT_STORAGE_URI": "memory://",
        "RATELIMIT_ENABLED": True,  # explicit: the one limiter object is shared by every app in a process
        "RATELIMIT_HEADERS_ENABLED": True,
        "LOGIN_RATE_LIMIT": "10 per 15 minutes",
        "ENQUIRY_RATE_LIMIT": "5 per minute;30 per hour",
        "MAX_CONTENT_LENGTH": 4 * 1024 * 1024,
        "LOGO_MAX_BYTES": 2 * 1024 * 1024,
        "MAX_UNSUBMITTED_LISTINGS": 3,  # drafts a member may hold before submitting one (S35)
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "WTF_CSRF_TIME_LIMIT": None,
        "BABEL_DEFAULT_LOCALE": "en",
        "BABEL_TRANSLATION_DIRECTORIES": str(Path(__file__).parent.parent / "translations"),
        "SEARCH_AUTO_APPLY": True,
        "CONFIRM_TOKEN_MAX_AGE": 3 * 24 * 3600,
        "SESSION_IDLE_TIMEOUT": timedelta(hours=12),  # a login ends after this long without a request
        "SESSION_MAX_AGE": timedelta(days=30),  # … and this long after it began, however active
        "RESET_TOKEN_MAX_AGE": 3600,
    }


def from_environment() -> dict:
    return {key: os.environ[var] for var, key in ENV_KEYS.items() if os.environ.get(var)}


def dev_secret_key(instance_path: str) -> str:
    """A development secret generated once and kept in instance/ so sessions survive restarts."""
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32))
    return path.read_text().strip()


def trusted_hosts(config) -> list[str]:
    """BASE_URL's host plus DIRECTORY_TRUSTED_HOSTS (comma-separated): a request naming any
    other host is refused with 400 in production, so no link can be built on a forged Host."""
    hosts = [urlsplit(config["BASE_URL"]).hostname or ""]
    extra = config.get("EXTRA_TRUSTED_HOSTS") or ""
    hosts += [h.strip() for h in (extra.split(",") if isinstance(extra, str) else extra) if h.strip()]
    return [h for h in hosts if h]


def _number(config, key: str, unit: str, least: float) -> float:
    """A finite number of at least `least`, or a start-up error naming the variable."""
    try:
        value = float(config[key] or 0)
    except (TypeError, ValueError):
        value = float("nan")
    if not math.isfinite(value) or value < least:
        raise RuntimeError(f"DIRECTORY_{key} must be a number of {unit}, at least {least:g}, "
                           f"not {config[key]!r}")
    return value


def finalise(config) -> None:
    """Derived settings and the production safety rules."""
    production = config["DIRECTORY_ENV"] == "production"
    if production:
        if not config.get("SECRET_KEY"):
            raise RuntimeError("DIRECTORY_SECRET_KEY is required when DIRECTORY_ENV=production")
        config["SESSION_COOKIE_SECURE"] = True
        config["SESSION_COOKIE_NAME"] = "__Host-session"
        config["DEBUG"] = False
        config["TRUSTED_HOSTS"] = trusted_hosts(config)
    elif not config.get("SECRET_KEY"):
        config["SECRET_KEY"] = dev_secret_key(config["INSTANCE_PATH"])
    url = config["SQLALCHEMY_DATABASE_URI"]
    if url.startswith("postgresql://"):
        config["SQLALCHEMY_DATABASE_URI"] = "postgresql+psycopg://" + url[len("postgresql://"):]
    try:
        config["SEARCH_TABLE_MB"] = float(config["SEARCH_TABLE_MB"])
    except (TypeError, ValueError):
        raise RuntimeError(f"DIRECTORY_SEARCH_TABLE_MB must be a number of megabytes, not {config['SEARCH_TABLE_MB']!r}")
    if config["SEARCH_TABLE_MB"] <= 0:
        raise RuntimeError("DIRECTORY_SEARCH_TABLE_MB must be more than 0")
    config["PAGE_CACHE_SECONDS"] = _number(config, "PAGE_CACHE_SECONDS", "seconds (0: no page cache)", 0)
    config["PAGE_CACHE_MB"] = _number(config, "PAGE_CACHE_MB", "megabytes per process", 0)
    base = urlsplit(config["BASE_URL"])
    if base.scheme not in ("http", "https") or not base.hostname:
        raise RuntimeError(f"DIRECTORY_BASE_URL must be an http(s) address like https://directory.example.hk, "
                           f"not {config['BASE_URL']!r}")
    config["PRODUCTION"] = production
    from directory.core.db_setup import engine_options
    options = engine_options(config["SQLALCHEMY_DATABASE_URI"])
    config["SQLALCHEMY_ENGINE_OPTIONS"] = {**options, **config.get("SQLALCHEMY_ENGINE_OPTIONS", {})}
