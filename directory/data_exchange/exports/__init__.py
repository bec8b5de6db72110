"""Tabular exports of the listings (hktdc-csv here; xlsx and hsds writers live alongside).

Pure code: no Flask, no SQLAlchemy.  The formula-safety rule lives in :mod:`.cells` and
nowhere else; every writer passes each text cell through :func:`safe_cell`.
"""
from directory.data_exchange.exports.cells import safe_cell, strip_controls, unsafe_cell

__all__ = ["safe_cell", "strip_controls", "unsafe_cell"]
