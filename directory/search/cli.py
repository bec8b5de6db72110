"""`flask search reindex` and `flask search check [--fix]` (CONTRACT §3)."""
import sys

import click
from flask import current_app
from flask.cli import AppGroup

from directory.search import service as search
from directory.search import health as search_health

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
    app = current_app._get_current_object()
    expected = search.expected_versions()
    try:
        if search_health.index_exists(app):
            actual = search_health.probe(search.get_index())
        else:  # not opened: opening would create an empty index
            click.echo(f"There is no index at {app.config['INDEX_DIR']}.")
            actual = {}
    except Exception as exc:  # damaged: a difference to report, never a traceback
        click.echo(f"The index is missing or unreadable ({type(exc).__name__}: {exc}); "
                   f"{len(expected)} published listings cannot be found through it.")
        if not fix:
            click.echo("Run with --fix to rebuild it from the database.")
            sys.exit(1)
        search_health.drop_index(app)
        count = search.rebuild()
        click.echo(f"Repaired: rebuilt the index with {count} listings.")
        return
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
