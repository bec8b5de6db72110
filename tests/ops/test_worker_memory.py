"""A web worker reads the index's segments from their shared mmap, never a private copy (issue 9:
worker memory). Whoosh's BufferFile wrapped each sub-file of a compound segment in
BytesIO(buf), which copied it into the heap: at 10k listings 38 MB in every worker."""
import tracemalloc
from pathlib import Path

from directory.core.extensions import db
from directory.search import service as search


def test_searching_does_not_copy_the_segments_into_the_heap(app, runner):
    assert runner.invoke(args=["demo", "load", "--count", "40"]).exit_code == 0
    assert runner.invoke(args=["search", "reindex"]).exit_code == 0
    segments = sum(p.stat().st_size for p in Path(app.config["INDEX_DIR"]).rglob("*.seg"))
    assert segments > 100_000
    tracemalloc.start()
    try:
        with app.app_context():
            index = search.get_index(app)
            index.warm()
            assert index.search("iot").total >= 0
            copied = sum(stat.size for stat in tracemalloc.take_snapshot().statistics("filename")
                         if stat.traceback[0].filename.endswith("whoosh/filedb/structfile.py"))
            db.session.remove()
    finally:
        tracemalloc.stop()
    assert copied < segments / 10, f"{copied} bytes of {segments} copied from the segments"
