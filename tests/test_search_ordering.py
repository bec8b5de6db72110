"""One order everywhere (issue 7): the same index content gives the same results in the same order
in a long-running process that applied every change incrementally, in a freshly started process,
and after a rebuild -- on SQLite and on PostgreSQL (DIRECTORY_TEST_DATABASE_URL)."""
import json
import os
import subprocess
import sys

from test_api import seed_directory

from bench.relevance_queries import QUERIES
from directory.listings.live import public_query
from directory.search import service as search
from directory.core import web
from directory.demo_data import generate
from directory.core.extensions import db
from directory.models import Listing, User
from directory.listings import operations as listings
from directory.listings import review

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TEXTS = sorted({q for _cls, q, _judge in QUERIES}) + ["", "smart", "hong kong", "系統", "data"]
FRESH = """
import json, sys
from directory.search.service import open_index, search_index_for
index = open_index(sys.argv[1])
out = {q: search_index_for(index, q, {}, per_page=20).ids for q in json.load(sys.stdin)}
print(json.dumps(out))
"""


def orders(index) -> dict:
    return {q: search.search_index_for(index, q, {}, per_page=20).ids for q in TEXTS}


def fresh_process_orders(app) -> dict:
    done = subprocess.run([sys.executable, "-c", FRESH, app.config["INDEX_DIR"]], input=json.dumps(TEXTS),
                          capture_output=True, text=True, cwd=ROOT, timeout=300, check=True)
    return json.loads(done.stdout)


def edit_many(app) -> None:
    """40 edits, as members and the secretariat make them: new text, suspensions, new listings."""
    extra = generate(60, 99)[40:]
    with app.test_request_context():
        rows = db.session.scalars(public_query().order_by(Listing.id)).all()
        owner = db.session.scalars(db.select(User).where(User.email == "demo-owner@example.com")).one()
        secretariat = db.session.scalars(db.select(User).where(User.email == "sec@example.com")).one()
        for i, listing in enumerate(rows[:30]):
            if i % 3 == 0:
                review.suspend(listing, secretariat, "check")
            else:
                data = dict(listing.published.data)
                data["summary_en"] = extra[i % len(extra)]["summary_en"]
                listings.save_draft(listing, data, owner)
                listings.submit(listing, owner)
                review.approve(listing, None)
            web.commit()
            search.catch_up()  # this process applies each change as it happens
        for data in extra[:10]:
            listing = listings.create(owner)
            listings.save_draft(listing, data, owner)
            listings.submit(listing, owner)
            review.approve(listing, None)
            web.commit()
            search.catch_up()


def test_the_same_content_is_ordered_alike_incrementally_in_a_fresh_process_and_after_a_rebuild(app):
    seed_directory(app, count=60)
    index = search.get_index(app)
    orders(index)  # warm this process's tables: they are then carried across every commit
    edit_many(app)
    incremental = orders(index)
    assert sum(1 for ids in incremental.values() if len(ids) > 1) > 100  # a real test: many ranked lists
    assert fresh_process_orders(app) == incremental
    with app.app_context():
        search.rebuild()
    assert orders(index) == incremental
    assert fresh_process_orders(app) == incremental
