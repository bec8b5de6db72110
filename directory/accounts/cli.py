"""`flask --app directory users create` (CONTRACT §3)."""
import sys

import click
from flask.cli import AppGroup

from directory.accounts import operations as accounts
from directory.accounts import passwords
from directory.core.web import commit
from directory.models import ROLES

users_cli = AppGroup("users", help="Accounts.")


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
