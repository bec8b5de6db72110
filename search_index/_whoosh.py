"""The one place that imports Whoosh.

Whoosh 2.7 is frozen upstream; some of its modules were written for older
Pythons.  Importing them here, inside ``warnings.catch_warnings``, keeps any
DeprecationWarning/SyntaxWarning they raise on Python 3.11+ from turning into
errors under ``filterwarnings = error`` — without silencing warnings for the
rest of the program.
"""

import warnings

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    warnings.simplefilter("ignore", SyntaxWarning)
    warnings.simplefilter("ignore", PendingDeprecationWarning)
    from whoosh import columns, fields
    from whoosh import index as whoosh_index
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3Codec, W3LeafMatcher
    from whoosh.index import TOC, clean_files
    from whoosh.writing import SegmentWriter
    from whoosh.filedb.structfile import BufferFile
    from whoosh.lang.porter import stem as porter_stem
    from whoosh.analysis.filters import STOP_WORDS
    from whoosh.matching.wrappers import FilterMatcher
    from whoosh.query import Phrase
    from whoosh.reading import TermNotFound
    from whoosh.util.filelock import FileLock
    from whoosh.util.numeric import byte_to_length  # Whoosh's field-length bytes


class _BufferReader:
    """A read-only file over a buffer -- the mmap of a compound segment -- that never copies it.

    Whoosh's BufferFile wraps each sub-file of a segment in ``BytesIO(buf)``, which copies the
    memoryview into the heap: every web worker held a private copy of the whole index (38 MB at
    10k listings) beside the shared, file-backed mmap pages. Reads here copy only what they return.
    """

    __slots__ = ("_view", "_pos")

    def __init__(self, buf):
        self._view, self._pos = memoryview(buf).cast("B"), 0

    def read(self, n=-1):
        start, size = self._pos, len(self._view)
        end = size if n is None or n < 0 else min(start + n, size)
        self._pos = end
        return self._view[start:end].tobytes()

    def readinto(self, b):
        data = self.read(len(b))
        b[: len(data)] = data
        return len(data)

    def readline(self, limit=-1):
        view, start = self._view, self._pos
        end = len(view) if limit is None or limit < 0 else min(start + limit, len(view))
        at = start
        while at < end:  # lines (pickle protocol 0 text) are short: look in small chunks
            found = view[at:min(at + 256, end)].tobytes().find(b"\n")
            if found >= 0:
                end = at + found + 1
                break
            at += 256
        self._pos = end
        return view[start:end].tobytes()

    def seek(self, offset, whence=0):
        base = 0 if whence == 0 else self._pos if whence == 1 else len(self._view)
        self._pos = base + offset
        return self._pos

    def tell(self):
        return self._pos

    def flush(self):
        pass

    def close(self):
        self._view.release()


def _buffer_file_init(self, buf, name=None, onclose=None):
    self._buf, self._name, self.onclose = buf, name, onclose
    self.file = _BufferReader(buf)
    self.is_real, self.is_closed = False, False


BufferFile.__init__ = _buffer_file_init


def writer_codec():
    """Whoosh's default codec minus per-posting length statistics.

    Those statistics (min/max field length per posting block) only feed
    Whoosh's own block-skipping scorer, which we do not use; collecting them
    costs a stat() call per posting of a field without a length column and
    was half of the rebuild time.
    """
    codec = W3Codec(blocklimit=256, compression=1)  # fewer, cheaper blocks
    codec.length_stats = False
    return codec


__all__ = [
    "writer_codec",
    "columns",
    "fields",
    "whoosh_index",
    "W3LeafMatcher",
    "LENGTHS_COLUMN",
    "TOC",
    "clean_files",
    "SegmentWriter",
    "porter_stem",
    "STOP_WORDS",
    "FilterMatcher",
    "Phrase",
    "TermNotFound",
    "FileLock",
    "byte_to_length",
]
