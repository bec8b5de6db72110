"""What the page-cache attack tests share: an app factory with clean-up, and readers of a page."""
import re

import pytest
from itsdangerous import URLSafeTimedSerializer

from conftest import csrf_from
from directory import create_app
from directory.core.extensions import db
from directory.models import Listing

EVIL = "evil.example"


def dispose(app) -> None:
    from directory.search import log as search_log
    search_log.close(app)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def make_app(app_config):
    """create_app({**app_config, **overrides}), each disposed at the end."""
    made = []

    def make(**overrides):
        config = {**app_config, **overrides}
        for key in [k for k, v in overrides.items() if v is None]:
            config.pop(key)
        app = create_app(config)
        made.append(app)
        return app

    yield make
    for app in made:
        dispose(app)


def text(response) -> str:
    return response.get_data(as_text=True)


def own_token(client, **kw) -> str | None:
    with client.session_transaction(**kw) as session:
        return session.get("csrf_token")


def token_is_visitors(app, client, page: str, **kw) -> bool:
    """The page's CSRF token was made from this visitor's own session secret."""
    raw = URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token").loads(csrf_from(page))
    return raw == own_token(client, **kw)


def html_lang(page: str) -> str:
    return re.search(r'<html lang="([^"]+)"', page).group(1)


def shortlist_count(page: str) -> int:
    return int(re.search(r'class="shortlist-link"[^>]*>[^<]*?(\d+)', page).group(1))  # (n) or （n）


def result_ids(page: str) -> list[str]:
    return re.findall(r'<li class="result" id="p-([a-z0-9]+)"', page)


def search_box(page: str) -> str:
    return re.search(r'<input type="search" id="q" name="q" value="([^"]*)"', page).group(1)


def kept(app):
    return app.extensions.get("page_cache")


def listing_of(public_id):
    return db.session.scalars(db.select(Listing).where(Listing.public_id == public_id)).one()


def secretariat(app, make_user):
    from directory.models import User
    uid = make_user("desk@example.com", role="secretariat")
    return lambda: db.session.get(User, uid)


