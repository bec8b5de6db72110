"""The index folder on disk.

    <path>/CURRENT          name of the live generation folder (atomic replace)
    <path>/write.lock       serialises apply() and rebuild swaps across processes
    <path>/gen-<hex>/       a Whoosh index + LAST_APPLIED (last outbox id in it)
                            + VOCAB.json (spelling words -> document counts)
    <path>/gen-<hex>/SUPERSEDED  written when a rebuild replaced this generation
    <path>/tmp-<hex>/       a rebuild in progress

A rebuild fills a tmp folder, renames it to gen-*, then repoints CURRENT, so a
search only ever opens a complete index.  Old generations are removed after a
grace period, because other processes may still be reading them.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
import time
import uuid

from ._whoosh import FileLock

CURRENT = "CURRENT"
LAST_APPLIED = "LAST_APPLIED"
VOCAB = "VOCAB.json"
SUPERSEDED = "SUPERSEDED"
LOCK_NAME = "write.lock"
OLD_GENERATION_GRACE = 15 * 60  # seconds a replaced generation is kept
STALE_BUILD = 6 * 3600  # a tmp folder this old belongs to a crashed rebuild


class IndexBusy(TimeoutError):
    """The index stayed locked by another writer for the whole timeout."""


class IndexUnreadable(RuntimeError):
    """The index folder is gone or one of its files holds garbage: rebuild it from the source."""


def write_atomic(path: str, text: str) -> None:
    """Write a small file so readers see the old or the new content, never half."""
    folder = os.path.dirname(path) or "."
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def read_small(path: str) -> str | None:
    try:
        with open(path, encoding="utf-8") as f:
            return f.read().strip()
    except FileNotFoundError:
        return None
    except UnicodeDecodeError as exc:
        raise IndexUnreadable("%s is not text" % path) from exc


def current_name(root: str) -> str | None:
    try:
        name = read_small(os.path.join(root, CURRENT))
    except IndexUnreadable:
        return None  # callers tell a damaged CURRENT from a missing one (index._current_gen)
    # Only accept our own folder names: CURRENT is data read from disk.
    if name and name.startswith("gen-") and os.sep not in name and "/" not in name:
        return name
    return None


def set_current(root: str, name: str) -> None:
    write_atomic(os.path.join(root, CURRENT), name + "\n")


def read_last_applied(gen_dir: str) -> int:
    text = read_small(os.path.join(gen_dir, LAST_APPLIED))
    try:
        return int(text) if text is not None else 0
    except ValueError:
        raise IndexUnreadable("%s holds garbage" % os.path.join(gen_dir, LAST_APPLIED)) from None


def write_last_applied(gen_dir: str, change_id: int) -> None:
    write_atomic(os.path.join(gen_dir, LAST_APPLIED), "%d\n" % int(change_id))


def read_vocab(gen_dir: str) -> dict[str, int]:
    """Spelling vocabulary of a generation.  Counts only grow (a deleted
    document's words stay), so users of it check a word still matches."""
    text = read_small(os.path.join(gen_dir, VOCAB))
    try:
        data = json.loads(text) if text is not None else {}
    except ValueError:
        data = None
    if not isinstance(data, dict):
        raise IndexUnreadable("%s holds garbage" % os.path.join(gen_dir, VOCAB))
    return {str(k): int(v) for k, v in data.items() if isinstance(v, int)}


def write_vocab(gen_dir: str, vocab: dict[str, int]) -> None:
    write_atomic(os.path.join(gen_dir, VOCAB), json.dumps(vocab, sort_keys=True))


def new_folder(root: str, prefix: str) -> str:
    path = os.path.join(root, "%s-%s" % (prefix, uuid.uuid4().hex[:16]))
    os.makedirs(path)
    return path


@contextlib.contextmanager
def write_lock(root: str, timeout: float):
    """Hold ``<root>/write.lock`` (an OS file lock, released if the process
    dies), polling until ``timeout``; raises IndexBusy after that."""
    lock = FileLock(os.path.join(root, LOCK_NAME))
    deadline = time.monotonic() + timeout
    delay = 0.005
    while not lock.acquire(blocking=False):
        if time.monotonic() >= deadline:
            raise IndexBusy("search index %s stayed locked for %.0f s" % (root, timeout))
        time.sleep(delay)
        delay = min(delay * 2, 0.1)
    try:
        yield
    finally:
        lock.release()


def retire(gen_dir: str) -> None:
    with contextlib.suppress(OSError):
        write_atomic(os.path.join(gen_dir, SUPERSEDED), "%f\n" % time.time())


def remove_old(root: str, keep: str | None, now: float | None = None) -> None:
    """Delete replaced generations past their grace period and stale builds."""
    now = time.time() if now is None else now
    try:
        names = os.listdir(root)
    except FileNotFoundError:
        return
    for name in names:
        path = os.path.join(root, name)
        if name == keep or not os.path.isdir(path):
            continue
        if name.startswith("gen-"):
            stamp = read_small(os.path.join(path, SUPERSEDED))
            try:
                old = stamp is not None and now - float(stamp) > OLD_GENERATION_GRACE
            except ValueError:
                old = True
        elif name.startswith("tmp-"):
            old = False
            with contextlib.suppress(OSError):
                old = now - os.path.getmtime(path) > STALE_BUILD
        else:
            continue
        if old:
            shutil.rmtree(path, ignore_errors=True)
