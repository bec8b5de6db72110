"""`flask --app directory alerts send`: queue the digests that are due (the worker does it every
ten minutes too)."""
import click
from flask.cli import AppGroup

from directory.core.web import commit
from directory.alerts import operations

alerts_cli = AppGroup("alerts", help="Saved-search alerts.")


@alerts_cli.command("send")
def send_command():
    """Queue one digest per confirmed alert that is due and has new matching providers."""
    queued = operations.send_due()
    commit()  # the digests and last_sent_at together; the mail goes out right after
    click.echo(f"Queued {queued} alert digest{'' if queued == 1 else 's'}.")
