"""S35 (issue 8 row 10): logos nobody references are swept once they are a day old — by
`flask listings sweep-logos` and the background worker's task."""
import io
import os
import time
from pathlib import Path

from listing_helpers import COMPLETE, create_listing, post_listing
from PIL import Image

from directory.core import worker
from directory.core.extensions import db
from directory.models import ListingRevision


def png(n: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (60 + n, 40), (10 * n, 80, 160)).save(out, format="PNG")
    return out.getvalue()


def on_disk(app) -> set[str]:
    folder = Path(app.config["UPLOAD_DIR"]) / "logos"
    return {p.name for p in folder.iterdir()} if folder.exists() else set()


def age(app, names, days: float) -> None:
    """Set the files' modification time back instead of waiting."""
    then = time.time() - days * 86400
    for name in names:
        os.utime(Path(app.config["UPLOAD_DIR"]) / "logos" / name, (then, then))


def referenced(app) -> set[str]:
    with app.app_context():
        return {d.get("logo") for d in db.session.scalars(db.select(ListingRevision.data))} - {None}


def test_unreferenced_logos_are_swept_after_a_day_and_referenced_ones_stay(app, client, member, runner):
    pid = create_listing(client)
    for n in range(10):  # ten saves refused for a bad year, each with a fresh upload
        post_listing(client, pid, {"year_established": "1", "logo": (io.BytesIO(png(n)), f"logo{n}.png")})
    kept = post_listing(client, pid, {**COMPLETE, "logo": (io.BytesIO(png(11)), "final.png")})
    assert kept.status_code == 302
    stored, named = on_disk(app), referenced(app)
    assert len(stored) == 11 and len(named) == 1 and named <= stored

    result = runner.invoke(args=["listings", "sweep-logos"])
    assert result.exit_code == 0 and "Removed 0 " in result.output
    assert on_disk(app) == stored  # nothing is a day old yet: a form may be about to save one

    age(app, stored, days=1.1)
    fresh = post_listing(client, pid, {"year_established": "1", "logo": (io.BytesIO(png(12)), "fresh.png")})
    assert fresh.status_code in (200, 302)
    fresh_name = on_disk(app) - stored
    result = runner.invoke(args=["listings", "sweep-logos"])
    assert result.exit_code == 0, result.output
    named = referenced(app)
    assert on_disk(app) == (named & stored) | fresh_name | (named - stored)  # referenced + too young to sweep
    assert len(on_disk(app)) <= 2 and (named & stored) <= on_disk(app)


def test_the_worker_runs_the_sweep(app):
    assert "sweep-logos" in {task.name for task in worker.tasks()}
    folder = Path(app.config["UPLOAD_DIR"]) / "logos"
    folder.mkdir(parents=True)
    orphan = folder / ("ab" * 16 + ".png")
    orphan.write_bytes(png(1))
    age(app, [orphan.name], days=2)
    [task] = [t for t in worker.tasks() if t.name == "sweep-logos"]
    with app.app_context():
        task.fn()
    assert not orphan.exists()
