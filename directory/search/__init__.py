"""The app's side of search: listing → document, search parameters, the outbox the index follows,
the index's health, the search log and the `search` CLI. `search_index/` is the engine."""
