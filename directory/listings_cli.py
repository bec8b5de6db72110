"""`flask listings import|export|remind-stale` (CONTRACT §3) — being built."""
from flask.cli import AppGroup

listings_cli = AppGroup("listings", help="Import, export and freshness of listings.")
