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


def _write_both(tmp_path, docs):
    """The same documents (to_fields output) through FastSegmentWriter and Whoosh's writer:
    the two readers."""
    from search_index._whoosh import whoosh_index, writer_codec
    from search_index.schema import build_schema
    from search_index import segment_writer

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
    return whoosh_index.open_dir(str(tmp_path / "fast")).reader(), slow_ix.reader()


def _assert_same(a, b) -> int:
    assert sorted(a.indexed_field_names()) == sorted(b.indexed_field_names())
    postings = 0
    for field in b.indexed_field_names():
        assert list(a.lexicon(field)) == list(b.lexicon(field)), field
        for term in b.lexicon(field):
            ma, mb = a.postings(field, term), b.postings(field, term)
            kind = "positions" if field in TEXT_FIELDS else "weight"
            assert list(ma.items_as(kind)) == list(mb.items_as(kind)), (field, term)
            assert a.frequency(field, term) == b.frequency(field, term), (field, term)
            assert a.doc_frequency(field, term) == b.doc_frequency(field, term), (field, term)
            postings += 1
    for d in range(b.doc_count_all()):
        assert a.stored_fields(d) == b.stored_fields(d)
        for field in tuple(TEXT_FIELDS) + ("t_exact", "capability", "region"):
            assert a.doc_field_length(d, field) == b.doc_field_length(d, field)
    for column in ("id", "sort_name", "published_at"):
        assert list(a.column_reader(column)) == list(b.column_reader(column))
    return postings


def test_the_fast_segment_writer_writes_what_whooshs_own_writer_writes(tmp_path, monkeypatch):
    """Same terms, postings (documents, weights, positions), lengths, stored fields and columns
    as Whoosh's SegmentWriter, and its block fast path is taken."""
    from search_index.schema import to_fields
    from search_index import segment_writer

    bulk_calls = []
    real_bulk = segment_writer._bulk_add
    monkeypatch.setattr(segment_writer, "_bulk_add", lambda *a: bulk_calls.append(1) or real_bulk(*a))
    docs = [to_fields(d)[0] for d in random_docs(300)]
    a, b = _write_both(tmp_path, docs)
    assert len(bulk_calls) > 100, "block fast path not taken"
    assert _assert_same(a, b) > 100


def test_the_fast_segment_writer_takes_repeated_keywords_and_empty_fields(tmp_path):
    """to_fields gives each keyword once; a caller repeating one (weight 2, 3 ...) or giving an
    empty field still gets what Whoosh writes. Long posting lists span several blocks (and
    compressed ones), short ones are a single uncompressed block."""
    from search_index.schema import to_fields
    from search_index import segment_writer

    docs = []
    for i, d in enumerate(random_docs(700)):
        fields = to_fields(d)[0]
        if i % 3 == 0:
            fields["capability"] = fields["capability"] * 2 + ["iot"] * (i % 5)
            fields["t_exact"] = fields["t_exact"] + fields["t_exact"][:2]
        if i % 7 == 0:
            fields["t_summary"] = []
            fields["region"] = []
        docs.append(fields)
    a, b = _write_both(tmp_path, docs)
    assert _assert_same(a, b) > 100
    assert max(b.doc_frequency("t_desc", t) for t in b.lexicon("t_desc")) > 256  # several blocks
    assert segment_writer.SMALL_TERM < 256


def test_the_block_writers_minified_lists_equal_whooshs():
    """FastSegmentWriter replaces the posting writer's _mini_ids/_mini_weights by faster
    equivalents; they must give Whoosh's values (the pickled block bytes follow from them)."""
    import random
    from array import array

    from search_index._whoosh import writer_codec
    from search_index.segment_writer import _fast_minis
    from whoosh.codec.whoosh3 import W3PostingsWriter

    rng = random.Random(3)
    for case in range(200):
        n = rng.randint(1, 300)
        ids = array("I", sorted(rng.sample(range(10_000), n)))
        kind = case % 4
        weights = array("f", [1.0] * n if kind == 0 else [2.0] * n if kind == 1 else
                        [float(rng.randint(1, 4)) for _ in range(n)] if kind == 2 else [0.5] * n)
        ours, theirs = W3PostingsWriter(None, 256), W3PostingsWriter(None, 256)
        _fast_minis(ours)
        for pw in (ours, theirs):
            pw._ids, pw._weights, pw._byteids = ids, weights, False
        assert ours._mini_ids() == theirs._mini_ids()
        assert ours._mini_weights() == theirs._mini_weights()
        assert type(ours._mini_weights()) is type(theirs._mini_weights())
    assert writer_codec()._compression > 0


def test_positions_are_encoded_as_whoosh_encodes_them():
    import random

    from search_index._whoosh import fields
    from search_index.segment_writer import _encode_positions, _encoder

    rng = random.Random(5)
    whoosh = fields.TEXT(phrase=True).format
    assert _encoder(whoosh) is _encode_positions
    for _ in range(500):
        poses = sorted(rng.sample(range(rng.choice([10, 300, 70_000])), rng.randint(1, 9)))
        assert _encode_positions(poses) == whoosh.encode(poses)


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


def test_a_segment_sub_file_reads_from_the_buffer_without_copying_it():
    """_whoosh replaces BufferFile.__init__ (Whoosh copied each compound-segment sub-file into a
    BytesIO): the StructFile reads Whoosh's readers use must still work on the shared buffer."""
    from whoosh.filedb.structfile import BufferFile
    data = bytearray(b"first line\nsecond\x00\x01\x02\x03rest")
    f = BufferFile(memoryview(data), name="t")
    assert f.readline() == b"first line\n"
    assert f.read(6) == b"second" and f.tell() == 17
    assert f.read_byte() == 0 and f.read(3) == b"\x01\x02\x03"
    f.seek(0)
    assert f.read() == bytes(data)
    assert f.subset(11, 6).read() == b"second" and f.get(0, 5) == b"first"
    data[0:5] = b"FIRST"  # a view, not a copy: it sees the buffer as it is now
    f.seek(0)
    assert f.read(5) == b"FIRST"
    f.close()
