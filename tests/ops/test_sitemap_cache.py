"""/sitemap.xml is built once per version of what it lists (it took ~0.4 s at 10k listings) and
never serves an old version: a reconfirmed listing's lastmod and a suspension show at once."""
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import event

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from test_api import seed_directory  # noqa: E402

from directory.core import web  # noqa: E402
from directory.core.extensions import db  # noqa: E402
from directory.models import Listing  # noqa: E402


@pytest.fixture
def seeded(app):
    return seed_directory(app, count=4)


def fetch(app, client) -> tuple[str, list[str]]:
    seen = []
    with app.app_context():
        engine = db.engine

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)
    event.listen(engine, "before_cursor_execute", record)
    try:
        response = client.get("/sitemap.xml")
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert response.status_code == 200
    return response.get_data(as_text=True), seen


def test_built_once_then_rebuilt_when_a_listing_changes(app, client, seeded):
    first, _ = fetch(app, client)
    again, statements = fetch(app, client)
    assert again == first
    assert not [s for s in statements if "listing_revisions" in s]  # the rows were not read again
    pid = next(iter(seeded["public"]))
    slug = seeded["slugs"][pid]
    later = datetime.now(timezone.utc) + timedelta(days=3)
    with app.test_request_context():
        listing = db.session.scalars(db.select(Listing).where(Listing.public_id == pid)).one()
        listing.last_verified_at = later  # a member reconfirms: no search change, only the listing row
        web.commit()
    text, _ = fetch(app, client)
    entry = text[text.index(f"/providers/{slug}<"):]
    assert f"<lastmod>{later:%Y-%m-%d}</lastmod>" in entry[:entry.index("</url>")]
