"""Every place search_index reaches past Whoosh's documented API, pinned (issue 7 item 8).

The fast paths in segments.py read Whoosh's decoded posting blocks, its length column and its
numeric column directly, and segment_writer.py fills Whoosh's posting blocks and finishes a
segment by hand. Each has a public
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
    for name in ("_close_segment", "_assemble_segment", "perdocwriter", "fieldwriter"):
        assert hasattr(_whoosh.SegmentWriter, name) or name in ("perdocwriter", "fieldwriter"), name


def test_the_fast_segment_writer_writes_what_whooshs_own_writer_writes(tmp_path, monkeypatch):
    """Same terms, postings (documents, weights, positions), lengths, stored fields and columns
    as Whoosh's SegmentWriter, and its block fast path is taken."""
    from search_index._whoosh import whoosh_index, writer_codec
    from search_index.schema import build_schema, to_fields
    from search_index import segment_writer

    bulk_calls = []
    real_bulk = segment_writer._bulk_add
    monkeypatch.setattr(segment_writer, "_bulk_add", lambda *a: bulk_calls.append(1) or real_bulk(*a))

    docs = [to_fields(d)[0] for d in random_docs(300)]
    (tmp_path / "fast").mkdir()
    (tmp_path / "slow").mkdir()
    fast_ix = whoosh_index.create_in(str(tmp_path / "fast"), build_schema())
    slow_ix = whoosh_index.create_in(str(tmp_path / "slow"), build_schema())
    fast = segment_writer.FastSegmentWriter(fast_ix, writer_codec())
    for fields in docs:
        fast.add(fields)
    segment = fast.finish()
    _whoosh.TOC(fast_ix.schema, [segment], fast_ix.latest_generation() + 1).write(fast_ix.storage, fast_ix.indexname)
    slow = slow_ix.writer(codec=writer_codec())
    for fields in docs:
        slow.add_document(**fields)
    slow.commit(merge=False)
    assert len(bulk_calls) > 100, "block fast path not taken"
    a, b = whoosh_index.open_dir(str(tmp_path / "fast")).reader(), slow_ix.reader()
    assert sorted(a.indexed_field_names()) == sorted(b.indexed_field_names())
    postings = 0
    for field in b.indexed_field_names():
        assert list(a.lexicon(field)) == list(b.lexicon(field)), field
        for term in b.lexicon(field):
            ma, mb = a.postings(field, term), b.postings(field, term)
            kind = "positions" if field in TEXT_FIELDS else "weight"
            assert list(ma.items_as(kind)) == list(mb.items_as(kind)), (field, term)
            postings += 1
    assert postings > 100
    for d in range(b.doc_count_all()):
        assert a.stored_fields(d) == b.stored_fields(d)
        for field in TEXT_FIELDS:
            assert a.doc_field_length(d, field) == b.doc_field_length(d, field)
    for column in ("id", "sort_name", "published_at"):
        assert list(a.column_reader(column)) == list(b.column_reader(column))


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


def test_phrases_from_positions_equal_whooshs_phrase_query(tmp_path):
    from search_index import bitsets
    from search_index._whoosh import Phrase, TermNotFound
    from search_index.phrases import phrase_masks
    from search_index.schema import to_fields

    docs = random_docs(300)
    index = SearchIndex(tmp_path / "ix")
    index.rebuild(docs[:200], 0)
    index.apply([{"id": i + 1, "op": "upsert", "doc_id": d["id"], "doc": d} for i, d in enumerate(docs[200:])])
    view = index._get_view()
    assert len(view.leaves) == 2  # a rebuilt segment and a committed one
    phrases = set()
    for d in docs[::15]:
        for field, tokens in to_fields(d)[0].items():
            if field in TEXT_FIELDS and len(tokens) > 3:
                phrases |= {tuple(tokens[1:3]), tuple(tokens[:3]), (tokens[0], tokens[0])}
    assert len(phrases) > 20
    hits = 0
    for tokens in sorted(phrases):
        ours = phrase_masks(view.leaves, tokens, bitsets.full(view.n_all))
        for rank, field in enumerate(TEXT_FIELDS):
            try:
                m = Phrase(field, list(tokens)).matcher(view.searcher)
            except TermNotFound:
                ids = []
            else:
                ids = list(m.all_ids())
            assert bitsets.to_list(ours[rank]) == ids, (tokens, field)
            hits += bool(ids)
    assert hits > 20
    index.close()
