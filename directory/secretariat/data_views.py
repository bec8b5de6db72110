"""The secretariat's data desk: exports for HKTDC and other directories, CSV imports.

Routes live on the secretariat blueprint, so its one role check guards them (S09). The views
stay thin: services.exporting and services.importing do the work.
"""
import os
import tempfile
import zipfile

from flask import g, render_template, request, send_file
from flask_babel import gettext as _

from ..services import exporting, importing
from .data_forms import ExportForm, ImportForm
from .views import bp

MIMETYPES = {
    "hktdc-csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "hsds": "application/zip",
}
SHOWN_CHANGES = 200  # rows listed on the result page; the counts cover them all


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


@bp.route("/imports", methods=["GET", "POST"])
def imports():
    form = ImportForm()
    if request.method == "GET":
        return render_template("secretariat/imports.html", form=form, result=None)
    if not form.validate():
        return render_template("secretariat/imports.html", form=form, result=None), 400
    upload = form.file.data
    result = importing.run_import(upload.read(), actor=g.user, dry_run=bool(form.dry_run.data),
                                  publish=bool(form.publish.data), filename=upload.filename or "")
    return render_template("secretariat/imports.html", form=form, result=result,
                           describe=lambda err: importing.describe(err, _),
                           shown=result.changes[:SHOWN_CHANGES]), (200 if result.ok else 422)
