"""Writing a whole new index (rebuild), in parallel when it is big.

Analysis and posting writing are pure Python.  For large rebuilds, worker
processes each analyse their share and write it as their own segments into the
new folder (what Whoosh's MpWriter does with ``multisegment=True``, with the
analysis in the workers too), and the parent lists the segments in a new table
of contents.  Small rebuilds stay in-process: starting workers costs more.
Segments are written by segment_writer.FastSegmentWriter (Whoosh's files,
without its posting pool): measured against Whoosh's own writers in
bench/search.py --compare-writers and docs/search.md.
"""

from __future__ import annotations

import gc
import itertools
import multiprocessing
import os
import queue
import shutil
import threading
import time

from ._whoosh import TOC, clean_files, whoosh_index, writer_codec
from .schema import build_schema, to_fields
from .segment_writer import FastSegmentWriter

PARALLEL_MIN = 3000  # documents before worker processes pay off
BATCH = 250
# Postings a writer holds in memory (about 30 bytes each) before it writes them as a segment
# and starts another: bounds a worker's memory at any corpus size.
SEGMENT_POSTINGS = 8_000_000


def _add_words(vocab: dict[str, int], words) -> None:
    for w in words:
        vocab[w] = vocab.get(w, 0) + 1


class _Segments:
    """Analyse documents and write them as one segment (more past SEGMENT_POSTINGS)."""

    def __init__(self, ix):
        self.ix = ix
        self.segments: list = []
        self.vocab: dict[str, int] = {}
        self._writer: FastSegmentWriter | None = None

    def add(self, doc: dict) -> None:
        fields, words = to_fields(doc)
        if self._writer is None:
            self._writer = FastSegmentWriter(self.ix, writer_codec())
        self._writer.add(fields)
        _add_words(self.vocab, words)
        if self._writer.postings > SEGMENT_POSTINGS:
            self._flush()

    def _flush(self) -> None:
        if self._writer is not None:
            self.segments.append(self._writer.finish())
            self._writer = None

    def finish(self) -> list:
        self._flush()
        return self.segments

    def cancel(self) -> None:
        if self._writer is not None:
            self._writer.cancel()
            self._writer = None


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
    out = _Segments(ix)
    count = 0
    try:
        for doc in itertools.chain(head, it):
            _check_new(str(doc["id"]), seen)
            out.add(doc)
            count += 1
            if progress and count % 500 == 0:
                progress(count)
        segments = out.finish()
    except BaseException:
        out.cancel()
        raise
    _write_toc(ix, folder, segments)
    return count, out.vocab


def _write_toc(ix, folder: str, segments: list) -> None:
    generation = ix.latest_generation() + 1
    TOC(ix.schema, segments, generation).write(ix.storage, ix.indexname)
    clean_files(ix.storage, ix.indexname, generation, segments)  # files of empty writers
    shutil.rmtree(os.path.join(folder, ix.indexname + ".tmp"), ignore_errors=True)


def _check_new(doc_id: str, seen: set[str]) -> None:
    if doc_id in seen:
        raise ValueError("duplicate document id %r" % doc_id)
    seen.add(doc_id)


def _start_method() -> str:
    """"fork" when this process runs a single thread, else "spawn".

    A forked worker starts in milliseconds with everything imported.  Forking a threaded
    parent could copy a lock another thread holds (logging, a connection pool), so a
    threaded parent (a web server healing its index) spawns: a fresh interpreter, which
    also re-imports the parent's main module -- about 0.7 s of CPU a worker when that is
    the app -- and fails in a script without the ``if __name__ == "__main__"`` guard (then
    we build in-process instead)."""
    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        return "fork"
    return "spawn"


def _start_workers(folder: str, procs: int):
    """Start the workers and wait until each is ready (see _start_method)."""
    try:
        ctx = multiprocessing.get_context(_start_method())
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
            done, words, error = _get(results, workers)
            if error:
                raise RuntimeError("index worker failed: %s" % error)
            segments.extend(done)
            for w, n in words.items():
                vocab[w] = vocab.get(w, 0) + n
    finally:
        for w in workers:
            w.join(timeout=5)
            if w.is_alive():
                w.terminate()
    _write_toc(ix, folder, segments)
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
    """Worker process: analyse and write its share of documents as segments."""
    # Postings stay alive until a segment is written; the cyclic GC would rescan
    # their lists over and over (they hold no cycles).
    gc.disable()
    try:
        results.put("ready")
        out = _Segments(whoosh_index.open_dir(folder))
        while True:
            batch = jobs.get()
            if batch is None:
                break
            for doc in batch:
                out.add(doc)
        # Not a writer's commit(): that would write a table of contents and delete the
        # temp folder the other workers share; the parent lists every worker's segments.
        results.put((out.finish(), out.vocab, None))
    except BaseException as exc:  # report, do not hang the parent
        results.put(([], {}, "%s: %s" % (type(exc).__name__, exc)))
