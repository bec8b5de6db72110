"""The secretariat's data desk: exports for HKTDC and other directories, CSV imports.

Routes live on the secretariat blueprint, so its one role check guards them (S09). The views
stay thin: services.exporting and services.importing do the work.
"""
import os
import tempfile
import zipfile

from flask import abort, current_app, g, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _

from directory.core.extensions import db
from directory.models import Job
from directory.data_exchange import exporting
from directory.data_exchange import import_jobs
from directory.data_exchange import importing
from directory.core import jobs
from directory.secretariat.data_forms import ExportForm, ImportForm
from directory.secretariat.views import bp

MIMETYPES = {
    "hktdc-csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "hsds": "application/zip",
}
SHOWN_CHANGES = import_jobs.SHOWN_CHANGES  # rows listed on the result page; the counts cover them all
REFRESH_SECONDS = 2  # the job page reloads itself (a meta refresh: no script, CSP)


def _exports_page(form: ExportForm, status: int = 200):
    last = {fmt: exporting.last_export(fmt) for fmt in exporting.FORMATS}
    return render_template("secretariat/exports.html", form=form, history=exporting.history(),
                           last=last), status


@bp.route("/exports")
def exports():
    return _exports_page(ExportForm())


def _zip_folder(folder: str, out) -> None:
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(os.listdir(folder)):
            archive.write(os.path.join(folder, name), arcname=f"hsds/{name}")


@bp.route("/exports/download", methods=["POST"])
def export_download():
    form = ExportForm()
    if not form.validate():
        return _exports_page(form, 400)
    export_request = form.to_request()
    # The file is written to disk first, so the log row (with its row count) commits with a
    # complete file, and memory stays flat however large the export.
    out = tempfile.TemporaryFile()
    try:
        if export_request.format == "hsds":
            with tempfile.TemporaryDirectory() as folder:
                log = exporting.export(export_request, folder, actor=g.user)
                _zip_folder(folder, out)
        else:
            log = exporting.export(export_request, out, actor=g.user)
        out.seek(0)
    except BaseException:
        out.close()
        raise
    response = send_file(out, mimetype=MIMETYPES[export_request.format], as_attachment=True,
                         download_name=exporting.file_name(export_request.format, log.at))
    response.headers["Cache-Control"] = "no-store"  # contact details: no copy in any cache
    return response


def _imports_page(form, result=None, status=200):
    return render_template("secretariat/imports.html", form=form, result=result,
                           describe=lambda err: importing.describe(err, _),
                           shown=result.changes[:SHOWN_CHANGES] if result else [],
                           changed_total=len(result.changes) if result else 0,
                           jobs=import_jobs.recent(), job_states=job_state_labels(),
                           inline_rows=current_app.config.get("IMPORT_INLINE_ROWS", import_jobs.INLINE_ROWS)), status


def job_state_labels() -> dict:
    return {"queued": _("Waiting"), "running": _("Importing"), "done": _("Done"), "failed": _("Not imported")}


@bp.route("/imports", methods=["GET", "POST"])
def imports():
    form = ImportForm()
    if request.method == "GET":
        return _imports_page(form)
    if not form.validate():
        return _imports_page(form, status=400)
    upload = form.file.data
    raw, flags = upload.read(), {"dry_run": bool(form.dry_run.data), "publish": bool(form.publish.data),
                                 "filename": upload.filename or ""}
    if not import_jobs.runs_inline(raw):  # a large file: the worker imports it, the page follows it
        job = import_jobs.enqueue(raw, actor=g.user, **flags)
        return redirect(url_for("secretariat.import_job", job_id=job.id), 303)
    result = importing.run_import(raw, actor=g.user, **flags)
    return _imports_page(form, result, 200 if result.ok else 422)


@bp.route("/imports/jobs/<job_id>")
def import_job(job_id):
    # A plain string in the URL, so the role check runs before anything else for any value.
    if not (job_id.isascii() and job_id.isdigit() and len(job_id) <= 9):
        abort(404)
    job = db.session.get(Job, int(job_id))
    if job is None or job.kind != import_jobs.KIND:
        abort(404)
    result = import_jobs.StoredReport.of(job.result) if job.finished else None
    done, total = jobs.progress_of(job)
    return render_template("secretariat/import_job.html", job=job, result=result, done=done, total=total,
                           refresh_seconds=REFRESH_SECONDS, describe=lambda err: importing.describe(err, _),
                           shown=result.changes if result else [],
                           changed_total=result.changes_total if result else 0)
