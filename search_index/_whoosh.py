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
    from whoosh import columns, fields, formats
    from whoosh import index as whoosh_index
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher
    from whoosh.index import LockError
    from whoosh.lang.porter import stem as porter_stem
    from whoosh.analysis.filters import STOP_WORDS
    from whoosh.matching.wrappers import FilterMatcher
    from whoosh.query import Phrase
    from whoosh.reading import TermNotFound
    from whoosh.util.filelock import FileLock

    try:  # byte -> approximate length table Whoosh uses for field lengths
        from whoosh.util.numeric import byte_to_length
    except ImportError:  # pragma: no cover - older layout
        from whoosh.system import byte_to_length

__all__ = [
    "columns",
    "fields",
    "formats",
    "whoosh_index",
    "W3LeafMatcher",
    "LENGTHS_COLUMN",
    "LockError",
    "porter_stem",
    "STOP_WORDS",
    "FilterMatcher",
    "Phrase",
    "TermNotFound",
    "FileLock",
    "byte_to_length",
]
