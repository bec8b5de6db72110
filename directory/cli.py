"""Command-line tools (CONTRACT §3): `flask --app directory demo|users|listings|search …`."""
import sys

import click
from flask.cli import AppGroup

from .auth import passwords
from .extensions import db
from .models import ROLES, Listing
from .services import accounts
from .web import commit

demo_cli = AppGroup("demo", help="Demonstration data.")
users_cli = AppGroup("users", help="Accounts.")

DEMO_OWNER = accounts.DEMO_OWNER


@demo_cli.command("load")
@click.option("--count", default=40, show_default=True, help="How many listings to create.")
@click.option("--seed", default=7, show_default=True, help="Random seed; the same seed gives the same data.")
@click.option("--if-empty", is_flag=True, help="Do nothing when the directory already has listings.")
def demo_load(count, seed, if_empty):
    """Load realistic bilingual demo listings, approved and indexed (and, in development only,
    demo logins with listings awaiting review)."""
    from . import search
    from .demo_data import generate, scenario
    from .demo_data.loader import BulkLoader
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
    from .demo_data import scenario
    logins = scenario.saved_logins()
    if logins:
        click.echo("Demo logins (development only):")
        for login in logins:
            click.echo(f"  {login['role']:<12} {login['email']:<30} password: {login['password']}")


@users_cli.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), default="member", show_default=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def users_create(email, role, password_stdin):
    """Create a confirmed account."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if len(password) < passwords.MIN_LENGTH:
        raise click.ClickException(f"The password needs at least {passwords.MIN_LENGTH} characters.")
    if passwords.is_common(password):
        raise click.ClickException("That password is too common; choose another.")
    try:
        user = accounts.create_user(email, password, role=role, confirmed=True)
    except accounts.AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    commit()
    click.echo(f"Created {user.role} account {user.email}.")


def init_app(app) -> None:
    app.cli.add_command(demo_cli)
    app.cli.add_command(users_cli)
    from .search_cli import search_cli
    app.cli.add_command(search_cli)
    from .listings_cli import listings_cli  # import, export, remind-stale (secretariat work)
    app.cli.add_command(listings_cli)
    from .backup_cli import backup_cli
    app.cli.add_command(backup_cli)
    from .alerts.cli import alerts_cli  # send the saved-search digests
    app.cli.add_command(alerts_cli)

