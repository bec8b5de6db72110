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
    from whoosh.lang.porter import stem as porter_stem
    from whoosh.analysis.filters import STOP_WORDS
    from whoosh.matching.wrappers import FilterMatcher
    from whoosh.query import Phrase
    from whoosh.reading import TermNotFound
    from whoosh.util.filelock import FileLock
    from whoosh.util.numeric import byte_to_length  # Whoosh's field-length bytes


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
