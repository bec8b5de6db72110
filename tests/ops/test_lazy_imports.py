"""A web worker imports only what a web request needs (issue 9: worker memory). Alembic and
Flask-Migrate (~12 MB), openpyxl (~8 MB) and Pillow (~3.5 MB) are imported by the migration
command, the xlsx export and a logo upload that use them, never by create_app(), the master's
preload or a buyer's request."""
import json
import subprocess  # nosec B404
import sys
from pathlib import Path

from directory.data_exchange.exports import xlsx

ROOT = Path(__file__).resolve().parents[2]
WEB_NEVER_IMPORTS = ("alembic", "flask_migrate", "mako", "openpyxl", "PIL")

SCRIPT = """
import json, sys
from directory import create_app
from directory.ops.warmup import load_shared
app = create_app({"SQLALCHEMY_DATABASE_URI": sys.argv[1], "SECRET_KEY": "t", "INSTANCE_PATH": sys.argv[2],
                  "INDEX_DIR": sys.argv[2] + "/index", "TESTING": True})
load_shared(app)
client = app.test_client()
statuses = [client.get(path).status_code for path in ("/", "/search?q=iot", "/api/v1/providers?q=iot", "/healthz")]
print(json.dumps({"statuses": statuses,
                  "imported": sorted({name.split(".")[0] for name in sys.modules} & set(sys.argv[3].split(",")))}))
"""


def test_create_app_preload_and_buyer_requests_import_no_migration_or_spreadsheet_code(app_config, tmp_path):
    url = app_config["SQLALCHEMY_DATABASE_URI"]  # this test's own copy: the script's searches are logged there
    out = subprocess.run([sys.executable, "-c", SCRIPT, url, str(tmp_path), ",".join(WEB_NEVER_IMPORTS)],  # nosec B603
                         cwd=ROOT, capture_output=True, text=True, check=True).stdout
    found = json.loads(out.strip().splitlines()[-1])
    assert found["statuses"] == [200, 200, 200, 200]
    assert found["imported"] == []


def test_the_migration_commands_are_listed_and_run_without_an_import_at_start_up(app, runner):
    from directory.core.extensions import _MigrateOnDemand
    assert isinstance(app.extensions["migrate"], _MigrateOnDemand)  # nothing imported yet
    listed = runner.invoke(args=["--help"])
    assert "Perform database migrations." in listed.output
    for args in (["db", "current"], ["db", "upgrade"]):
        result = runner.invoke(args=args)
        assert result.exit_code == 0, result.output
    assert type(app.extensions["migrate"]).__name__ == "_MigrateConfig"  # Flask-Migrate's own, bound now


def test_the_xlsx_writer_loads_openpyxl_on_its_first_workbook(tmp_path):
    import io
    buffer = io.BytesIO()
    assert xlsx.write_xlsx([({"listing_id": "1", "company_name_en": "=1+1"}, [])], buffer) == 1
    assert xlsx.Workbook is not None
    from openpyxl import load_workbook
    sheet = load_workbook(io.BytesIO(buffer.getvalue()))[xlsx.LISTINGS_SHEET]
    assert [cell.value for cell in sheet[2]][:2] == ["1", "=1+1"] and sheet["B2"].data_type == "s"
