"""Writing a whole new index (rebuild), in parallel when it is big.

Analysis and Whoosh's posting writer are pure Python, so one process
manages roughly 1,000 listings a second.  For large rebuilds, worker
processes each write their own segment into the new folder (the same thing
Whoosh's MpWriter does with ``multisegment=True``, but with the analysis in
the workers too), and the parent lists the segments in a new table of
contents.  Small rebuilds stay in-process: starting workers costs more.
"""

from __future__ import annotations

import gc
import itertools
import multiprocessing
import os
import queue
import shutil
import time

from ._whoosh import TOC, SegmentWriter, clean_files, whoosh_index, writer_codec
from .schema import build_schema, to_fields

PARALLEL_MIN = 3000  # documents before worker processes pay off
BATCH = 250
# Whoosh's in-memory posting buffer (its own estimate; real use is ~2x): above
# it, sorted runs are pickled to disk and merged back, which is slow.
LIMIT_MB = 512  # the single in-process writer
WORKER_LIMIT_MB = 384  # each worker process (about 1 GB resident at most)


def _add_words(vocab: dict[str, int], words) -> None:
    for w in words:
        vocab[w] = vocab.get(w, 0) + 1


def build(folder: str, docs, procs: int, progress=None) -> tuple[int, dict[str, int]]:
    """Fill the empty folder with an index of ``docs``: (count, vocabulary)."""
    ix = whoosh_index.create_in(folder, build_schema())
    it = iter(docs)
    head = list(itertools.islice(it, PARALLEL_MIN))
    seen: set[str] = set()
    if procs > 1 and len(head) == PARALLEL_MIN:
        workers = _start_workers(folder, procs)
        if workers:
            docs = itertools.chain(head, it)
            return _build_parallel(ix, folder, docs, workers, seen, progress)
    writer = ix.writer(limitmb=LIMIT_MB, procs=1, codec=writer_codec())
    vocab: dict[str, int] = {}
    count = 0
    try:
        for doc in itertools.chain(head, it):
            fields, words = to_fields(doc)
            _check_new(fields["id"], seen)
            writer.add_document(**fields)
            _add_words(vocab, words)
            count += 1
            if progress and count % 500 == 0:
                progress(count)
    except BaseException:
        writer.cancel()
        raise
    writer.commit(merge=False)
    return count, vocab


def _check_new(doc_id: str, seen: set[str]) -> None:
    if doc_id in seen:
        raise ValueError("duplicate document id %r" % doc_id)
    seen.add(doc_id)


def _start_workers(folder: str, procs: int):
    """Start the workers and wait until each has imported everything.

    "spawn" never fork()s a possibly threaded parent, but it re-imports the
    parent's main module, which fails in a script without the
    ``if __name__ == "__main__"`` guard; then we build in-process instead.
    """
    try:
        ctx = multiprocessing.get_context("spawn")
        jobs, results = ctx.Queue(maxsize=procs * 4), ctx.Queue()
        workers = [ctx.Process(target=_worker, args=(folder, jobs, results), daemon=True)
                   for _ in range(procs)]
        for w in workers:
            w.start()
        deadline = time.monotonic() + 60
        ready = 0
        while ready < len(workers):
            try:
                if results.get(timeout=0.5) == "ready":
                    ready += 1
            except queue.Empty:
                if time.monotonic() > deadline or any(w.exitcode is not None for w in workers):
                    raise RuntimeError("index worker did not start") from None
    except Exception:
        for w in locals().get("workers", []):
            if w.is_alive():
                w.terminate()
        return None
    return workers, jobs, results


def _build_parallel(ix, folder, docs, started, seen, progress):
    workers, jobs, results = started
    count = 0
    try:
        batch: list[dict] = []
        for doc in docs:
            _check_new(str(doc["id"]), seen)
            batch.append(doc)
            count += 1
            if len(batch) >= BATCH:
                _put(jobs, batch, workers)
                batch = []
                if progress and count % 500 == 0:
                    progress(count)
        if batch:
            _put(jobs, batch, workers)
        for _ in workers:
            _put(jobs, None, workers)
        segments, vocab = [], {}
        for _ in workers:
            segment, words, error = _get(results, workers)
            if error:
                raise RuntimeError("index worker failed: %s" % error)
            if segment is not None:
                segments.append(segment)
            for w, n in words.items():
                vocab[w] = vocab.get(w, 0) + n
    finally:
        for w in workers:
            w.join(timeout=5)
            if w.is_alive():
                w.terminate()
    generation = ix.latest_generation() + 1
    TOC(ix.schema, segments, generation).write(ix.storage, ix.indexname)
    clean_files(ix.storage, ix.indexname, generation, segments)  # files of empty workers
    shutil.rmtree(os.path.join(folder, ix.indexname + ".tmp"), ignore_errors=True)
    return count, vocab


def _put(jobs, item, workers) -> None:
    while True:
        try:
            jobs.put(item, timeout=1)
            return
        except queue.Full:
            if not all(w.is_alive() for w in workers):
                raise RuntimeError("index worker died") from None


def _get(results, workers):
    deadline = None
    while True:
        try:
            return results.get(timeout=1)
        except queue.Empty:
            if any(w.exitcode not in (None, 0) for w in workers):
                raise RuntimeError("index worker died") from None
            if all(w.exitcode is not None for w in workers):
                # all exited: give a result still in the pipe a moment
                deadline = deadline or time.monotonic() + 5
                if time.monotonic() > deadline:
                    raise RuntimeError("index worker vanished") from None


def _worker(folder, jobs, results) -> None:
    """Worker process: analyse and write its share of documents as one segment."""
    # Millions of posting tuples stay alive until the segment is written;
    # the cyclic GC would rescan them over and over (they hold no cycles).
    gc.disable()
    try:
        results.put("ready")
        ix = whoosh_index.open_dir(folder)
        writer = SegmentWriter(ix, _lk=False, limitmb=WORKER_LIMIT_MB, codec=writer_codec())
        vocab: dict[str, int] = {}
        n = 0
        while True:
            batch = jobs.get()
            if batch is None:
                break
            for doc in batch:
                fields, words = to_fields(doc)
                writer.add_document(**fields)
                _add_words(vocab, words)
                n += 1
        # Not writer.commit()/_finish(): those would write a TOC and delete the
        # temp folder that the other workers' spilled posting runs share.
        if n:
            segment = writer._finalize_segment()
        else:
            writer._close_segment()
            segment = None
        results.put((segment, vocab, None))
    except BaseException as exc:  # report, do not hang the parent
        results.put((None, {}, "%s: %s" % (type(exc).__name__, exc)))
