"""S37 (issue 8 row 8): a deleted or damaged index never makes a search fail, and it is rebuilt
from the database without anyone running a command; `search check` reports the damage as a
difference (exit status 1), never with a traceback.

Each case damages a real Whoosh index on disk the way a disk, an operator or a crash would, then:
`search check` in a fresh app (a new process's view) reports it; the search page and the API
answer 200 with exactly the published listings that match; the index is rebuilt in the
background (polled with a bounded number of steps); afterwards searches come from the index again
(no "degraded search" in the log) and `search check` finds nothing to report.
"""
import gc
import shutil
from pathlib import Path

import pytest
from published import a_word, publish_demo

from directory import create_app
from directory.search import service as search
from directory.search import health as search_health
from directory.core.extensions import db

POLL_STEPS = 200  # each step waits at most 0.1 s for the rebuild thread
# Whoosh leaves a file unclosed when it fails to open a damaged TOC; that is what is tested here.
pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning",
                                        "ignore::ResourceWarning")


def generation(app) -> Path:
    root = Path(app.config["INDEX_DIR"])
    return root / (root / "CURRENT").read_text().strip()


def delete_folder(app):
    shutil.rmtree(app.config["INDEX_DIR"])


def truncate_segment(app):
    # A new, shorter file in its place (os.replace): a file truncated in place would kill, with
    # SIGBUS, every process that has it memory-mapped, this test included.
    for seg in generation(app).glob("*.seg"):
        short = seg.with_suffix(".short")
        short.write_bytes(seg.read_bytes()[:64])
        short.replace(seg)


def garbage_segment(app):
    for seg in generation(app).glob("*.seg"):  # overwritten in place, same size
        with open(seg, "r+b") as f:
            size = f.seek(0, 2)
            f.seek(0)
            f.write((b"\x00garbage" * size)[:size])


def garbage_toc(app):
    for toc in generation(app).glob("*.toc"):
        toc.write_bytes(b"\x80\x04garbage")


def garbage_current(app):
    (Path(app.config["INDEX_DIR"]) / "CURRENT").write_bytes(b"\xff\xfe not a generation\n")


def current_names_nothing(app):
    (Path(app.config["INDEX_DIR"]) / "CURRENT").write_text("gen-00000000deadbeef\n")


def garbage_last_applied(app):
    (generation(app) / "LAST_APPLIED").write_text("twelve\n")


def garbage_vocab(app):
    (generation(app) / "VOCAB.json").write_text("{not json")


DAMAGE = [delete_folder, truncate_segment, garbage_segment, garbage_toc, garbage_current,
          current_names_nothing, garbage_last_applied, garbage_vocab]


def check(app_config, *args):
    """`flask search check` as a new process runs it: a fresh app, so nothing is cached."""
    fresh = create_app(app_config)
    try:
        return fresh.test_cli_runner().invoke(args=["search", "check", *args])
    finally:
        with fresh.app_context():
            db.engine.dispose()


def healed(app, expected: set) -> bool:
    search_health.wait(app, 0.1)
    with app.app_context():
        return not search_health.degraded() and search_health.looks_complete(app) \
            and set(search.get_index().versions()) == expected


@pytest.mark.parametrize("damage", DAMAGE, ids=[d.__name__ for d in DAMAGE])
def test_damaged_index_answers_from_the_database_and_heals_itself(app, app_config, client, damage, caplog):
    published = publish_demo(app)
    some_id, some = next(iter(published.items()))
    word = a_word(some["data"])
    matching = {pid for pid, item in published.items()
                if word.casefold() in f"{item['data']['company_name_en']} {item['data']['summary_en']}".casefold()}
    assert client.get(f"/search?q={word}").status_code == 200  # the index is open and in use
    damage(app)
    # The next search of any process finds the damage: this one, or one that opens the index now
    # (a process that still maps the old segment files keeps answering from them, correctly).
    other = create_app(app_config)

    report = check(app_config)
    assert report.exit_code == 1, report.output
    assert report.exception is None or isinstance(report.exception, SystemExit)
    assert "Traceback" not in report.output
    assert "missing" in report.output or "unreadable" in report.output

    try:
        for browser in (other.test_client(), client):
            page = browser.get(f"/search?q={word}")
            assert page.status_code == 200
            assert some["data"]["company_name_en"] in page.get_data(as_text=True)
            api = browser.get(f"/api/v1/providers?q={word}&per_page=100")
            assert api.status_code == 200
            assert {r["id"] for r in api.get_json()["results"]} == matching
            browse = browser.get("/api/v1/providers?per_page=100").get_json()
            assert {r["id"] for r in browse["results"]} == set(published)  # never the unpublished draft

        for _ in range(POLL_STEPS):
            if healed(other, set(published)) and healed(app, set(published)):
                break
            for browser in (other.test_client(), client):  # searches keep answering meanwhile
                assert browser.get(f"/search?q={word}").status_code == 200
        else:
            pytest.fail("the index was not rebuilt")

        caplog.clear()
        for browser in (other.test_client(), client):
            page = browser.get(f"/search?q={word}")
            assert page.status_code == 200 and some["data"]["company_name_en"] in page.get_data(as_text=True)
        assert not [r for r in caplog.records if "degraded search" in r.getMessage()]  # from the index again
        report = check(app_config)
        assert report.exit_code == 0 and "matches the database" in report.output, report.output
    finally:
        search_health.wait(other)
        with other.app_context():
            db.engine.dispose()
        gc.collect()  # Whoosh's file objects leaked on the damaged files go now, under this module's filter


def test_search_check_fix_rebuilds_an_unreadable_index(app, app_config, client):
    published = publish_demo(app)
    garbage_toc(app)
    report = check(app_config, "--fix")
    assert report.exit_code == 0 and "Repaired" in report.output and "Traceback" not in report.output
    report = check(app_config)
    assert report.exit_code == 0 and f"({len(published)} listings)" in report.output


def test_only_one_rebuild_runs_for_many_failing_searches(app, client):
    published = publish_demo(app)
    delete_folder(app)
    for _ in range(20):
        assert client.get("/search?q=digital").status_code == 200
    for _ in range(POLL_STEPS):
        if healed(app, set(published)):
            break
    assert app.extensions["search_health"].heals == 1


def test_a_probe_by_another_worker_is_not_taken_for_a_rebuild(app):
    """Two workers asking "is someone rebuilding?" at the same moment must both hear "no": a probe
    that took the lock exclusively made the other answer from the database for seconds."""
    import fcntl
    import os
    os.makedirs(app.config["INDEX_DIR"], exist_ok=True)
    path = os.path.join(app.config["INDEX_DIR"], search_health.HEAL_LOCK)
    open(path, "a").close()
    other = os.open(path, os.O_RDWR)  # another process's open file: flock treats it as a stranger
    try:
        fcntl.flock(other, fcntl.LOCK_SH | fcntl.LOCK_NB)  # another worker's probe, in flight
        assert search_health._rebuilding_elsewhere(app) is False
        fcntl.flock(other, fcntl.LOCK_UN)
        fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)  # a real rebuild holds it exclusively
        assert search_health._rebuilding_elsewhere(app) is True
    finally:
        os.close(other)
