"""Several web nodes on one database, each with its own index folder (docs/operations.md):
a listing approved through one node becomes searchable on the other by following the outbox,
and a node started later with an empty folder builds its index and then follows too.

Real server processes (tests/security/serve_app.py), on PostgreSQL when
DIRECTORY_TEST_DATABASE_URL is set, else on one SQLite file. Propagation is awaited with a
bounded number of polls (a node checks the outbox at most every CATCH_UP_EVERY seconds).
"""
import html
import json
import re
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "security"))
from live_server import HttpClient, Server, instance_env  # noqa: E402

from directory import create_app  # noqa: E402
from directory.core.extensions import db  # noqa: E402
from directory.search.service import CATCH_UP_EVERY  # noqa: E402
from directory.accounts import operations as accounts  # noqa: E402
from directory.listings import operations as listings

PASSWORD = "correct horse battery staple"
DESK = "desk@nodes.example.com"
POLL_SECONDS = 0.1
MAX_POLLS = int(3 * CATCH_UP_EVERY / POLL_SECONDS) + 20


def seed(config: dict, names: list[str]) -> list[str]:
    """A secretariat account and one submitted listing per name; returns their public ids."""
    app = create_app(config)
    with app.app_context():
        accounts.create_user(DESK, PASSWORD, role="secretariat", confirmed=True)
        owner = accounts.create_user("owner@nodes.example.com", PASSWORD, confirmed=True)
        ids = []
        for n, name in enumerate(names):
            listing = listings.create(owner)
            listings.save_draft(listing, {
                "company_name_en": name, "br_number": f"{71000000 + n}", "email": "hello@nodes.example.hk",
                "summary_en": "Harbour sensors for tidal monitoring", "capabilities": ["iot"],
                "regions_served": ["asean"], "staff_size": "11-50"}, owner)
            listings.submit(listing, owner)
            ids.append(listing.public_id)
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return ids


def node_env(tmp: Path, name: str, database_url: str) -> dict:
    env = instance_env(tmp / name)
    env["DIRECTORY_DATABASE_URL"] = database_url
    return env


def approve(client: HttpClient, public_id: str) -> None:
    page = client.get(f"/secretariat/review/{public_id}")
    assert page.status == 200, page.status
    form = re.search(r'<form[^>]*action="[^"]*/approve"[^>]*>(.*?)</form>', page.text, re.S)
    assert form, "no approve form on the review page"
    fields = {m.group(1): html.unescape(m.group(2)) for m in
              re.finditer(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', form.group(1))}
    answer = client.request(f"/secretariat/review/{public_id}/approve", fields)
    assert answer.status == 302, (answer.status, answer.text[:500])


def found(client: HttpClient, name: str) -> int:
    """How many results carry exactly this name (near misses -- other "… Limited" -- may follow)."""
    response = client.get("/api/v1/providers?q=" + name.replace(" ", "+"))
    assert response.status == 200
    return sum(r["name_en"] == name for r in json.loads(response.text)["results"])


def until_found(client: HttpClient, name: str) -> int:
    """Polls until the node finds the listing; returns how many polls it took (fails after MAX_POLLS)."""
    for poll in range(1, MAX_POLLS + 1):
        if found(client, name) == 1:
            return poll
        time.sleep(POLL_SECONDS)
    pytest.fail(f"{name!r} not searchable after {MAX_POLLS} polls; the node's health: {client.get('/healthz').text}")


@pytest.mark.slow
def test_approved_on_one_node_is_searchable_on_the_others(app_config, tmp_path):
    url = app_config["SQLALCHEMY_DATABASE_URI"]
    names = ["Tidewater Sensing Limited", "Kestrel Harbour Analytics Limited", "Quayside Telemetry Limited"]
    ids = seed({k: v for k, v in app_config.items() if k != "TESTING"}, names)
    servers = []
    try:
        for name in ("a", "b"):
            servers.append(Server(node_env(tmp_path, name, url), tmp_path / f"{name}.log"))
        node_a, node_b = (HttpClient(s.base) for s in servers)
        assert found(node_b, names[0]) == 0
        node_a.login(DESK, PASSWORD)
        approve(node_a, ids[0])
        assert found(node_a, names[0]) == 1  # the approving node applies its own change at once
        until_found(node_b, names[0])

        # A node joining later starts from an empty index folder: it builds, then follows.
        approve(node_a, ids[1])
        servers.append(Server(node_env(tmp_path, "c", url), tmp_path / "c.log"))
        node_c = HttpClient(servers[-1].base)
        until_found(node_c, names[0])
        until_found(node_c, names[1])
        approve(node_a, ids[2])
        until_found(node_c, names[2])
        until_found(node_b, names[2])
        health = json.loads(node_c.get("/healthz").text)
        assert health["index"]["documents"] == 3 and health["index"]["outbox_lag"] == 0
        assert not (tmp_path / "a" / "search-index").samefile(tmp_path / "c" / "search-index")
    finally:
        for server in servers:
            server.stop()
