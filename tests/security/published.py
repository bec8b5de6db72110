"""Approved demo listings made through the services (as `flask demo load` makes them), for the
read-path, index-healing and page-cache checks (S36, S37), and the fixtures those share."""
import pytest

from directory.search import service as search
from directory.core import web
from directory.demo_data import generate
from directory.core.extensions import db
from directory.accounts import operations as accounts
from directory.listings import operations as listings
from directory.listings import review


def publish_demo(app, count: int = 8, seed: int = 11) -> dict[str, dict]:
    """{public_id: {"data": …, "slug": …}} of `count` approved listings, plus one draft nobody sees."""
    out = {}
    with app.test_request_context():
        owner = accounts.create_user("reads-owner@example.com", "correct horse battery", confirmed=True)
        rows = list(generate(count + 1, seed))
        for i, data in enumerate(rows):
            listing = listings.create(owner)
            listings.save_draft(listing, data, owner)
            if i < count:
                listings.submit(listing, owner)
                review.approve(listing, None)
            db.session.flush()
            if i < count:
                out[listing.public_id] = {"data": data, "slug": listing.slug}
        web.commit()
        search.catch_up()
    return out


def a_word(data: dict) -> str:
    """A word of the company's English name that a buyer might type."""
    name = data.get("company_name_en") or ""
    return max(name.split(), key=len) if name else data["company_name_zh"][:2]


@pytest.fixture
def demo(app):
    """Six approved listings in the test's app."""
    return publish_demo(app, count=6)


@pytest.fixture
def renders(monkeypatch):
    """The search pages rendered (not served from the page cache), in any app of the test."""
    from directory.public import views
    calls = []
    real = views.find

    def counting(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(views, "find", counting)
    return calls


def all_at_once(browse, visitors) -> None:
    """Run browse(*visitor) for every visitor in its own thread, all released together: truly
    concurrent requests, not one after another."""
    import threading
    start = threading.Barrier(len(visitors))

    def run(*visitor):
        start.wait()
        browse(*visitor)

    threads = [threading.Thread(target=run, args=v) for v in visitors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
