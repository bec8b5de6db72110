"""`flask --app directory demo load|logins` (CONTRACT §3): realistic bilingual demo data."""
import sys

import click
from flask.cli import AppGroup

from directory.accounts import operations as accounts
from directory.core.extensions import db
from directory.core.web import commit
from directory.models import Listing

demo_cli = AppGroup("demo", help="Demonstration data.")

DEMO_OWNER = accounts.DEMO_OWNER


@demo_cli.command("load")
@click.option("--count", default=40, show_default=True, help="How many listings to create.")
@click.option("--seed", default=7, show_default=True, help="Random seed; the same seed gives the same data.")
@click.option("--if-empty", is_flag=True, help="Do nothing when the directory already has listings.")
def demo_load(count, seed, if_empty):
    """Load realistic bilingual demo listings, approved and indexed (and, in development only,
    demo logins with listings awaiting review)."""
    from directory.search import service as search
    from directory.demo_data import generate, scenario
    from directory.demo_data.loader import BulkLoader
    if if_empty and db.session.query(Listing.id).first() is not None:
        click.echo("The directory already has listings; demo data not loaded.")
        return
    loader = BulkLoader(accounts.system_account(DEMO_OWNER))
    with click.progressbar(generate(count, seed), label="Loading demo listings", file=sys.stderr) as rows:
        for data in rows:
            loader.add(data)
    loader.flush()
    commit()
    if loader.created > search.get_index().doc_count():
        search.rebuild()  # one pass over the database beats applying thousands of outbox rows
    logins = None
    if scenario.allowed():
        extra = [d for d in generate(12, seed + 1000) if d["br_number"] not in loader.taken_br]
        logins = scenario.create(extra[:5])
        commit()  # its few outbox rows are applied right after
    search.catch_up()
    click.echo(f"Loaded {loader.created} demo listings"
               + (f" ({loader.skipped} already present)" if loader.skipped else "") + ".")
    if logins:
        click.echo("Demo logins (development only): " + "; ".join(
            f"{login['role']} {login['email']} / {login['password']}" for login in logins))


@demo_cli.command("logins")
def demo_logins():
    """Print the demo logins `demo load` made (development only; nothing in production)."""
    from directory.demo_data import scenario
    logins = scenario.saved_logins()
    if logins:
        click.echo("Demo logins (development only):")
        for login in logins:
            click.echo(f"  {login['role']:<12} {login['email']:<30} password: {login['password']}")
