"""Outbox apply, replay, rebuild swap and concurrent writers (real folders)."""

from __future__ import annotations

import multiprocessing
import os
import threading
import time

import pytest
from index_helpers import apply_worker, doc, make_index, outbox, random_docs  # noqa: F401 (make_index is a fixture)

from search_index import Change, IndexBusy, SearchIndex, storage


def test_new_index_is_empty(make_index):
    idx = make_index()
    assert idx.last_applied() == 0 and idx.doc_count() == 0 and idx.versions() == {}
    assert idx.search("anything").total == 0


def test_upsert_delete_and_last_applied(make_index):
    idx = make_index()
    assert idx.apply([Change(1, "upsert", "a", doc("a", name_en="Alpha Drones")),
                      Change(2, "upsert", "b", doc("b", name_en="Beta Drones"))]) == 2
    assert idx.last_applied() == 2
    assert sorted(idx.search("drones").ids) == ["a", "b"]
    # an update replaces the document, a delete removes it
    assert idx.apply([Change(3, "upsert", "a", doc("a", name_en="Alpha Boats", version="2")),
                      Change(4, "delete", "b")]) == 2
    assert idx.search("drones").ids == []
    assert idx.search("boats").ids == ["a"]
    assert idx.versions() == {"a": "2"} and idx.doc_count() == 1 and idx.last_applied() == 4


def test_state_moves_with_every_apply_and_every_rebuild(make_index):
    """What a cache of search answers keys on: an apply moves the id, a rebuild the generation."""
    idx = make_index()
    empty = idx.state()
    idx.apply([Change(1, "upsert", "a", doc("a", name_en="Alpha Drones"))])
    applied = idx.state()
    assert applied[0] == empty[0] and applied[1] == 1
    idx.rebuild([doc("a", name_en="Alpha Drones")], 1)
    rebuilt = idx.state()
    assert rebuilt[1] == 1 and rebuilt[0] != applied[0]


def test_replay_applies_nothing_twice(make_index):
    idx = make_index()
    changes = outbox(30)
    assert idx.apply(changes) == 30
    before = idx.versions()
    assert idx.apply(changes) == 0          # same batch again
    assert idx.apply(changes[5:20]) == 0    # an older part of it
    assert idx.versions() == before
    assert idx.doc_count() == len(before)
    assert idx.search("company").total == len(before)  # no duplicates


def test_several_changes_to_one_document_in_one_batch(make_index):
    idx = make_index()
    idx.apply([Change(1, "upsert", "x", doc("x", name_en="First")),
               Change(2, "upsert", "x", doc("x", name_en="Second")),
               Change(3, "delete", "x"),
               Change(4, "upsert", "x", doc("x", name_en="Fourth", version="4"))])
    assert idx.versions() == {"x": "4"}
    assert idx.search("fourth").ids == ["x"] and idx.search("second").ids == []


def test_a_second_instance_sees_changes(make_index, tmp_path):
    writer = make_index()
    reader = SearchIndex(tmp_path / "ix")
    assert reader.search("drones").total == 0
    writer.apply([Change(1, "upsert", "a", doc("a", name_en="Drones"))])
    assert reader.search("drones").ids == ["a"]
    assert reader.last_applied() == 1
    reader.close()


def test_rebuild_swaps_in_a_complete_index(make_index, tmp_path):
    idx = make_index(random_docs(50), last=7)
    assert idx.doc_count() == 50 and idx.last_applied() == 7
    other = SearchIndex(tmp_path / "ix")
    assert other.doc_count() == 50
    seen = []
    count = idx.rebuild([doc("n1", name_en="New One"), doc("n2", name_en="New Two")], 9,
                        progress=seen.append)
    assert count == 2 and seen[-1] == 2
    assert other.doc_count() == 2 and other.search("new").total == 2  # other process view
    assert idx.last_applied() == 9
    # the replaced generation stays readable for a grace period, then goes
    gens = [n for n in os.listdir(tmp_path / "ix") if n.startswith("gen-")]
    assert len(gens) == 3  # the empty first one, the first rebuild, the live one
    storage.remove_old(str(tmp_path / "ix"), storage.current_name(str(tmp_path / "ix")),
                       now=time.time() + storage.OLD_GENERATION_GRACE + 1)
    assert len([n for n in os.listdir(tmp_path / "ix") if n.startswith("gen-")]) == 1
    assert other.search("new").total == 2
    other.close()


def test_rebuild_rejects_duplicate_ids_and_keeps_the_old_index(make_index, tmp_path):
    idx = make_index([doc("a", name_en="Alpha")])
    with pytest.raises(ValueError):
        idx.rebuild([doc("b"), doc("b")], 1)
    assert idx.search("alpha").ids == ["a"]
    assert not [n for n in os.listdir(tmp_path / "ix") if n.startswith("tmp-")]


def test_rebuild_workers_fork_only_from_a_single_threaded_process():
    from search_index import build

    assert build._start_method() == "fork"  # pytest runs one thread
    stop = threading.Event()
    t = threading.Thread(target=stop.wait)
    t.start()
    try:
        assert build._start_method() == "spawn"
    finally:
        stop.set()
        t.join()


@pytest.mark.slow
@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_parallel_rebuild_equals_serial(tmp_path, monkeypatch, method):
    from search_index import build

    monkeypatch.setattr(build, "_start_method", lambda: method)
    docs = random_docs(3200, seed=3)
    serial = SearchIndex(tmp_path / "serial", rebuild_procs=1)
    parallel = SearchIndex(tmp_path / "parallel", rebuild_procs=2)
    assert serial.rebuild(docs, 1) == parallel.rebuild(docs, 1) == 3200
    assert len(parallel._get_view().leaves) == 2  # one segment per worker
    for q in ["smart", "平台", "sensors platform", ""]:
        a = serial.search(q, per_page=50)
        b = parallel.search(q, per_page=50)
        assert (a.total, a.facets, a.ids) == (b.total, b.facets, b.ids)
    assert parallel.versions() == serial.versions()


def test_lock_held_by_another_writer_waits_instead_of_failing(make_index, tmp_path):
    idx = make_index()
    path = str(tmp_path / "ix")
    holder_ready = threading.Event()

    def hold():
        with storage.write_lock(path, timeout=5):
            holder_ready.set()
            time.sleep(1.5)

    t = threading.Thread(target=hold)
    t.start()
    holder_ready.wait()
    start = time.monotonic()
    assert idx.apply([Change(1, "upsert", "a", doc("a", name_en="Waited"))]) == 1
    assert time.monotonic() - start >= 1.0
    t.join()
    assert idx.search("waited").ids == ["a"]


def test_lock_timeout_is_reported_as_index_busy(tmp_path):
    idx = SearchIndex(tmp_path / "ix", lock_timeout=0.3)
    with storage.write_lock(str(tmp_path / "ix"), timeout=1):
        with pytest.raises(IndexBusy):
            idx.apply([Change(1, "upsert", "a", doc("a"))])
    idx.close()


def test_two_processes_applying_at_once_lose_nothing(tmp_path):
    path = str(tmp_path / "ix")
    SearchIndex(path).close()
    changes = outbox(80)
    ctx = multiprocessing.get_context("spawn")
    errors = ctx.Queue()
    # both "commit" interleaved rows and apply the outbox each time, racing
    procs = [ctx.Process(target=apply_worker, args=(path, changes, list(range(k, 81, 2)), errors))
             for k in (1, 2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    assert errors.empty(), errors.get()
    idx = SearchIndex(path)
    live = {}
    for c in changes:
        if c.op == "upsert":
            live[c.doc_id] = c.doc["version"]
        else:
            live.pop(c.doc_id, None)
    assert idx.last_applied() == 80
    assert idx.versions() == live
    assert idx.search("company", per_page=100).total == len(live)
    idx.close()


def test_caches_carried_across_commits_match_a_fresh_reader(make_index, tmp_path):
    """A long-lived instance (caches extended commit by commit) answers like a
    new instance that computes everything from scratch."""
    import random

    docs = random_docs(120, seed=5)
    idx = make_index(docs, last=0)
    rng = random.Random(9)
    queries = ["smart", "sensors platform", "平台", '"smart city"', "智", "", "paymnts"]
    change_id = 0
    for _step in range(12):
        for q in queries:  # warm the caches of the current generation
            idx.search(q, filters={"region": ["SG"]} if rng.random() < 0.3 else {})
        batch = []
        for _ in range(rng.randint(1, 4)):
            change_id += 1
            target = rng.choice(docs)["id"]
            if rng.random() < 0.3:
                batch.append(Change(change_id, "delete", target))
            else:
                new = dict(rng.choice(docs), id=target, version=str(change_id))
                batch.append(Change(change_id, "upsert", target, new))
        idx.apply(batch)
        fresh = SearchIndex(tmp_path / "ix")
        for q in queries:
            a, b = idx.search(q, per_page=200), fresh.search(q, per_page=200)
            assert (a.total, set(a.ids), a.facets) == (b.total, set(b.ids), b.facets), q
        fresh.close()


def test_warm_prepares_a_fresh_instance_and_changes_no_result(make_index, tmp_path):
    from index_helpers import random_docs

    docs = random_docs(80)
    make_index(docs)
    fresh = make_index(name="ix")
    assert fresh.warm() >= 0 and fresh.warm(["smart city", "平台"]) >= 0  # again: cheap, harmless
    cold = make_index(name="ix")
    for q in ("smart city", "感應器", "ledgr", ""):
        assert fresh.search(q).ids == cold.search(q).ids
    assert make_index(name="empty").warm() >= 0  # an empty index too


@pytest.mark.parametrize("cells", [None, 600])  # 600: tables evicted all the time
def test_tables_extended_after_commits_equal_tables_built_fresh(make_index, cells):
    """Equivalence sets, phrases, Chinese words and reference-field masks are extended with the
    new documents after a commit, not rebuilt: a long-running instance and a fresh one agree."""
    from index_helpers import random_docs

    docs = random_docs(160, seed=11)
    live = make_index(docs[:120])
    if cells:
        live.max_cells = cells
    queries = ["cybersecurity", "smart city", "智慧城市", "internet of things sensors", "物聯網", "robot port"]
    for q in queries:
        live.search(q)  # build the tables
    change = 0
    for d in docs[120:]:
        change += 1
        live.apply([{"id": change, "op": "upsert", "doc_id": d["id"], "doc": d}])
        change += 1
        edited = dict(docs[change % 120], summary_en="Information security and robotics for a smart city")
        live.apply([{"id": change, "op": "upsert", "doc_id": edited["id"], "doc": edited}])
        if change % 10 == 0:
            live.apply([{"id": change + 1, "op": "delete", "doc_id": docs[change // 2]["id"]}])
            change += 1
        for q in queries[:3]:
            live.search(q)
    fresh = make_index(name="ix")
    for q in queries:
        a, b = live.search(q, per_page=200), fresh.search(q, per_page=200)
        assert (a.total, a.ids, a.facets, a.snippets) == (b.total, b.ids, b.facets, b.snippets), q
