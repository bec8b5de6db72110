"""The read-only JSON API (CONTRACT §5)."""
from flask import Blueprint

from ..extensions import csrf

bp = Blueprint("api", __name__)
csrf.exempt(bp)  # read-only GETs; no cookie-authenticated state changes here
