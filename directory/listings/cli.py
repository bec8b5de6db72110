"""`flask listings import|export|remind-stale` (CONTRACT §3) — being built."""
import os
import sys
import tempfile
from datetime import timezone

import click
from flask.cli import AppGroup

listings_cli = AppGroup("listings", help="Import, export and freshness of listings.")


# ---- import and export (the secretariat's data desk; services.importing / services.exporting) ----

def _codes(kind: str, values, valid) -> list[str]:
    chosen = []
    for value in values:
        code = valid(value.strip())
        if code is None:
            raise click.BadParameter(f"unknown code {value!r}", param_hint=f"--{kind}")
        chosen.append(code)
    return chosen


@listings_cli.command("import")
@click.argument("file", type=click.File("rb"))
@click.option("--dry-run", is_flag=True, help="Check the file and report what would change; write nothing.")
@click.option("--publish", is_flag=True, help="Approve the rows at once instead of queueing them for review.")
def import_listings(file, dry_run, publish):
    """Import the listing CSV. Every row is checked first: any invalid row → nothing written,
    a report naming line and column, exit status 1."""
    from directory.data_exchange import importing
    from directory.core.web import commit
    result = importing.check(file.read(), publish=publish)
    result.dry_run = dry_run
    for err in result.errors:
        click.echo(importing.located(err), err=True)
    for warning in result.warnings:
        click.echo("Possible duplicate: " + importing.located(warning), err=True)
    if not result.ok:
        raise click.ClickException(f"{len(result.errors)} problem(s) in the file; nothing was imported.")
    counts = result.counts
    summary = f"{counts['create']} new, {counts['update']} updated, {counts['unchanged']} unchanged"
    incomplete = ", ".join(str(line) for line in result.incomplete)
    if dry_run:
        click.echo(f"Dry run, nothing written. The import would give: {summary}.")
        if incomplete:
            click.echo(f"Line(s) {incomplete} lack what a member needs to submit: they would wait for review "
                       "marked incomplete; with --publish they are refused.")
        return
    with click.progressbar(length=len(result.changes), label="Importing listings", file=sys.stderr) as bar:
        importing.apply(result, actor=None, filename=os.path.basename(file.name or ""), on_write=bar.update)
    commit()
    state = "approved and published" if publish else "submitted for review"
    click.echo(f"Imported: {summary}" + (f" ({state})." if result.changes else "."))
    if incomplete:
        click.echo(f"{len(result.incomplete)} of them lack what a member needs to submit (line(s) {incomplete}); "
                   "the review queue says what is missing.")


@listings_cli.command("export")
@click.option("--format", "fmt", type=click.Choice(["hktdc-csv", "xlsx", "hsds"]), required=True)
@click.option("--out", type=click.Path(), required=True, help="The file to write (a folder for hsds).")
@click.option("--changed-since", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Only listings approved on or after this day (UTC).")
@click.option("--since-last-export", is_flag=True,
              help="Only listings changed since the last export in this format.")
@click.option("--capability", multiple=True, help="Capability code (repeatable).")
@click.option("--region", multiple=True, help="Region or country code served (repeatable).")
@click.option("--delivered-in", multiple=True, help="Country code of a project reference (repeatable).")
@click.option("--staff-size", multiple=True, help="Staff size band (repeatable).")
@click.option("--lang", type=click.Choice(["en", "zh-Hant", "zh-Hans"]), default="en", show_default=True,
              help="Language of the xlsx workbook's headings and labels.")
def export_listings(fmt, out, changed_since, since_last_export, capability, region, delivered_in, staff_size,
                    lang):
    """Write an export of the approved listings; each export is logged."""
    from directory import taxonomy
    from directory.data_exchange import exporting
    from directory.core.web import commit
    request = exporting.ExportRequest(
        fmt, changed_since=changed_since.replace(tzinfo=timezone.utc) if changed_since else None,
        since_last_export=since_last_export,
        capability=_codes("capability", capability, lambda c: c if taxonomy.is_capability(c) else None),
        region=_codes("region", region, taxonomy.normalize_area_code),
        delivered_in=_codes("delivered-in", delivered_in,
                            lambda c: c.upper() if taxonomy.is_country(c.upper()) else None),
        staff_size=_codes("staff-size", staff_size, lambda c: c if c in taxonomy.STAFF_SIZES else None),
        lang=lang)
    total = exporting.candidate_count(exporting.effective_since(request))
    with click.progressbar(length=total, label=f"Exporting {fmt}", file=sys.stderr) as bar:
        if fmt == "hsds":
            log = exporting.export(request, out, actor=None, on_scan=bar.update)
        else:
            # Written beside the target and moved into place: a failed export leaves no half file.
            folder = os.path.dirname(os.path.abspath(out))
            handle = tempfile.NamedTemporaryFile(dir=folder, prefix=".export-", delete=False)
            try:
                with handle:
                    log = exporting.export(request, handle, actor=None, on_scan=bar.update)
                os.replace(handle.name, out)
            except BaseException:
                os.unlink(handle.name)
                raise
    commit()
    click.echo(f"Wrote {log.row_count} listing(s) to {out}.")


# ---- remind-stale (freshness; the secretariat's review desk, services.freshness) ----

@listings_cli.command("remind-stale")
@click.option("--base-url", envvar="DIRECTORY_BASE_URL", metavar="URL",
              help="The directory's public address for the links in the emails, e.g. "
                   "https://directory.example.hk (default: the BASE_URL setting).")
def remind_stale(base_url):
    """Email a re-confirmation link to members whose listing was not verified for 12 months
    (at most one reminder per listing per 30 days)."""
    from flask import current_app

    from directory.listings import freshness
    from directory.core.web import commit, url_context
    if base_url:  # links in the mail are built from BASE_URL (web.external_url)
        current_app.config["BASE_URL"] = base_url
    with url_context():
        due = freshness.due_reminders()
        sent = 0
        with click.progressbar(due, label="Sending reminders", file=sys.stderr) as bar:
            for listing in bar:
                sent += freshness.remind(listing)
        commit()
    click.echo(f"Sent {sent} reminder{'' if sent == 1 else 's'} to members of stale listings.")


# ---- sweep-logos (uploads nobody references; services.logos, also run by the worker) ----

@listings_cli.command("sweep-logos")
@click.option("--older-than-hours", type=click.FloatRange(min=0), default=24, show_default=True,
              help="Only files at least this old: a form may still be about to save a fresh upload.")
def sweep_logos(older_than_hours):
    """Delete uploaded logos that no listing revision names."""
    from datetime import timedelta

    from directory.listings import logos
    removed = logos.sweep_orphan_logos(timedelta(hours=older_than_hours))
    click.echo(f"Removed {len(removed)} unreferenced logo file{'' if len(removed) == 1 else 's'}.")
