"""Every place search_index reaches past Whoosh's documented API, pinned (issue 7 item 8).

The fast paths in segments.py read Whoosh's decoded posting blocks, its length column and its
numeric column directly, and build.py finishes a worker's segment by hand. Each has a public
slow path or fallback; these tests fail loudly -- instead of the index silently getting slower
or wrong -- when a Whoosh release renames or changes what they rely on."""

from __future__ import annotations

import pytest

from index_helpers import random_docs
from search_index import SearchIndex, _whoosh
from search_index.schema import TEXT_FIELDS
from search_index.segments import read_postings


@pytest.fixture(scope="module")
def reader(tmp_path_factory):
    index = SearchIndex(tmp_path_factory.mktemp("pins") / "ix")
    index.rebuild(random_docs(300), 0)
    view = index._get_view()
    yield view.leaves[0][0]
    index.close()


def test_the_private_names_the_fast_paths_use_still_exist():
    for name in ("_read_ids", "_read_weights", "_next_block", "_ids", "_weights"):
        assert hasattr(_whoosh.W3LeafMatcher, name) or name in ("_ids", "_weights"), name
    for name in ("_finalize_segment", "_close_segment"):
        assert hasattr(_whoosh.SegmentWriter, name), name


def test_postings_read_from_blocks_equal_whoosh_matchers(reader):
    checked = 0
    for field in TEXT_FIELDS:
        for btext in list(reader.lexicon(field))[:40]:
            text = btext.decode("utf-8") if isinstance(btext, bytes) else btext
            fast = read_postings(reader, field, text)
            m = reader.postings(field, text)
            if isinstance(m, _whoosh.FilterMatcher):
                m = m.child
            assert isinstance(m, _whoosh.W3LeafMatcher) and hasattr(m, "_read_ids"), "fast path not taken"
            slow_ids, slow_tfs = [], []
            while m.is_active():
                slow_ids.append(m.id())
                slow_tfs.append(m.weight())
                m.next()
            assert fast == (slow_ids, slow_tfs), (field, text)
            checked += 1
    assert checked > 50


def test_field_lengths_and_dates_read_from_columns_equal_the_public_api(reader):
    from search_index.segments import SegmentData

    data = SegmentData(reader)
    perdoc = getattr(reader, "_perdoc", None)
    assert perdoc is not None and hasattr(perdoc, "_cached_reader"), "length fast path not taken"
    for field in TEXT_FIELDS:
        assert data.lengths(field) == [reader.doc_field_length(d, field, 0) or 0 for d in range(data.n)]
    creader = reader.column_reader("published_at", translate=False)
    assert hasattr(creader, "_basepos") and creader._fixedlen == 8, "date fast path not taken"
    assert data.published() == list(reader.column_reader("published_at"))
    assert [i.decode() for i in data.ids()] == [reader.stored_fields(d)["id"] for d in range(data.n)]
