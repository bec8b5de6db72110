"""Data in and out: CSV imports (parse, messages, plan, background jobs) and exports (cells,
hktdc-csv, xlsx, HSDS)."""
