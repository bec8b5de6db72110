"""`flask backup …` — being built."""
from flask.cli import AppGroup

backup_cli = AppGroup("backup", help="Consistent backups of the database.")
