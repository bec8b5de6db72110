"""`flask listings import|export|remind-stale` (CONTRACT §3) — being built."""
from flask.cli import AppGroup

listings_cli = AppGroup("listings", help="Import, export and freshness of listings.")


# ---- remind-stale (freshness; secretariat desk) ---------------------------------------------
import sys  # noqa: E402  (kept with the command that uses them, so this section stands alone)

import click  # noqa: E402


@listings_cli.command("remind-stale")
@click.option("--base-url", envvar="DIRECTORY_BASE_URL", metavar="URL",
              help="The directory's public address for the links in the emails, e.g. "
                   "https://directory.example.hk (default: the SERVER_NAME setting).")
def remind_stale(base_url):
    """Email a re-confirmation link to members whose listing was not verified for 12 months."""
    from contextlib import nullcontext

    from flask import current_app

    from .services import freshness
    from .web import commit
    if not base_url and not current_app.config.get("SERVER_NAME"):
        raise click.UsageError("The emails need the directory's address: pass --base-url "
                               "https://… or set DIRECTORY_BASE_URL.")
    # Links are built with url_for: a request context with the public address supplies the host.
    context = current_app.test_request_context(base_url=base_url) if base_url else nullcontext()
    with context:
        due = freshness.due_reminders()
        sent = 0
        with click.progressbar(due, label="Sending reminders", file=sys.stderr) as bar:
            for listing in bar:
                sent += freshness.remind(listing)
        commit()
    click.echo(f"Sent {sent} reminder{'' if sent == 1 else 's'} to members of stale listings.")
