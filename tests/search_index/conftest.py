"""Fixtures for search_index: real Whoosh indexes in tmp folders, no mocks."""

from __future__ import annotations

import pytest
from index_helpers import SYNONYMS

from search_index import SearchIndex


@pytest.fixture
def make_index(tmp_path):
    made = []

    def make(docs=(), name="ix", synonyms=SYNONYMS, last=0):
        idx = SearchIndex(tmp_path / name, synonyms=synonyms)
        if docs:
            idx.rebuild(list(docs), last)
        made.append(idx)
        return idx

    yield make
    for idx in made:
        idx.close()
