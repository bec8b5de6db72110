"""Full-text search for the directory: documents in; ranked ids, facet
counts, highlights and a "did you mean" out.

Knows nothing of Flask, SQLAlchemy or the ``directory`` package.  Whoosh is
used only inside this package (see docs/search.md).
"""

from .index import Change, SearchIndex, SearchResult
from .storage import IndexBusy, IndexUnreadable

__all__ = ["SearchIndex", "SearchResult", "Change", "IndexBusy", "IndexUnreadable"]
