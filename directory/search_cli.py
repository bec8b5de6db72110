"""`flask search reindex` and `flask search check [--fix]` (CONTRACT §3)."""
import sys

import click
from flask.cli import AppGroup

from . import search

search_cli = AppGroup("search", help="The search index.")


@search_cli.command("reindex")
def reindex():
    """Rebuild the index from the database, with a progress bar."""
    total = search.public_count()
    with click.progressbar(length=total, label="Indexing published listings", file=sys.stderr) as bar:
        count = search.rebuild(progress=lambda n: bar.update(n - bar.pos))
    click.echo(f"Indexed {count} listings.")


@search_cli.command("check")
@click.option("--fix", is_flag=True, help="Repair the differences.")
def check(fix):
    """Compare index and database; exit status 1 when they differ and --fix was not given."""
    index = search.get_index()
    expected, actual = search.expected_versions(), index.versions()
    missing = sorted(set(expected) - set(actual))
    extra = sorted(set(actual) - set(expected))
    stale = sorted(pid for pid in set(expected) & set(actual) if expected[pid] != actual[pid])
    for label, ids in (("missing from the index", missing), ("in the index but not published", extra),
                       ("out of date in the index", stale)):
        for pid in ids[:50]:
            click.echo(f"{label}: {pid}")
        if len(ids) > 50:
            click.echo(f"… and {len(ids) - 50} more {label}")
    if not (missing or extra or stale):
        click.echo(f"The index matches the database ({len(expected)} listings).")
        return
    if not fix:
        click.echo(f"{len(missing)} missing, {len(extra)} extra, {len(stale)} stale. Run with --fix to repair.")
        sys.exit(1)
    count = search.rebuild()
    click.echo(f"Repaired: rebuilt the index with {count} listings.")
