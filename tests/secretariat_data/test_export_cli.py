"""`flask listings export` and `flask listings import` (CONTRACT section 3)."""
import csv
import io
import json

from data_desk_helpers import add_listing, csv_file, good_cells, listing_data, when

from directory.core.extensions import db
from directory.models import ExportLog, Listing
from directory.listings.live import public_query


def read_rows(path):
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))


def test_export_hktdc_csv_to_a_file_is_logged_as_the_command_line(app, runner, tmp_path):
    with app.app_context():
        old = add_listing(listing_data(0), approved_at=when(2024, 1, 1))
        new = add_listing(listing_data(1, capabilities=["ai"]))
    out = tmp_path / "hktdc.csv"
    result = runner.invoke(args=["listings", "export", "--format", "hktdc-csv", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Wrote 2 listing(s)" in result.output
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    assert {r["listing_id"] for r in read_rows(out)} == {old, new}

    result = runner.invoke(args=["listings", "export", "--format", "hktdc-csv", "--out", str(out),
                                 "--changed-since", "2025-01-01", "--capability", "ai"])
    assert result.exit_code == 0, result.output
    assert [r["listing_id"] for r in read_rows(out)] == [new]
    with app.app_context():
        logs = db.session.scalars(db.select(ExportLog).order_by(ExportLog.id)).all()
        assert [(log.actor_id, log.row_count) for log in logs] == [(None, 2), (None, 1)]
        assert logs[1].changed_since == when(2025, 1, 1) and logs[1].filters == {"capability": ["ai"]}
    assert not list(tmp_path.glob(".export-*"))  # no temporary file left behind


def test_export_xlsx_and_hsds(app, runner, tmp_path):
    with app.app_context():
        add_listing(listing_data(0))
    result = runner.invoke(args=["listings", "export", "--format", "xlsx", "--out", str(tmp_path / "a.xlsx")])
    assert result.exit_code == 0 and (tmp_path / "a.xlsx").read_bytes()[:2] == b"PK"
    result = runner.invoke(args=["listings", "export", "--format", "hsds", "--out", str(tmp_path / "hsds")])
    assert result.exit_code == 0, result.output
    package = json.loads((tmp_path / "hsds" / "datapackage.json").read_text())
    assert all((tmp_path / "hsds" / r["path"]).exists() for r in package["resources"])


def test_export_refuses_unknown_codes_and_formats(runner, tmp_path):
    result = runner.invoke(args=["listings", "export", "--format", "hktdc-csv", "--out", str(tmp_path / "x.csv"),
                                 "--capability", "warp-drive"])
    assert result.exit_code == 2 and "unknown code 'warp-drive'" in result.output
    result = runner.invoke(args=["listings", "export", "--format", "pdf", "--out", str(tmp_path / "x")])
    assert result.exit_code == 2
    assert not (tmp_path / "x.csv").exists()


def test_import_with_an_invalid_row_exits_non_zero_names_line_and_column_and_writes_nothing(app, runner, tmp_path):
    path = tmp_path / "in.csv"
    path.write_bytes(csv_file(good_cells(1), good_cells(2, br_number="1234"), good_cells(3, staff_size="9")))
    result = runner.invoke(args=["listings", "import", str(path)])
    assert result.exit_code != 0
    assert "Line 3, column br_number: “1234” is not a Business Registration number" in result.output
    assert "Line 4, column staff_size:" in result.output
    assert "2 problem(s) in the file; nothing was imported." in result.output
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Listing)) == 0


def test_import_dry_run_then_import_then_publish(app, runner, tmp_path):
    path = tmp_path / "in.csv"
    path.write_bytes(csv_file(good_cells(1), good_cells(2)))
    result = runner.invoke(args=["listings", "import", str(path), "--dry-run"])
    assert result.exit_code == 0 and "Dry run, nothing written. The import would give: 2 new" in result.output
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Listing)) == 0

    result = runner.invoke(args=["listings", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "Imported: 2 new, 0 updated, 0 unchanged (submitted for review)." in result.output
    with app.app_context():
        assert [listing.status for listing in db.session.scalars(db.select(Listing))] == ["submitted"] * 2

    result = runner.invoke(args=["listings", "import", str(path), "--publish"])
    assert result.exit_code == 0, result.output
    assert "0 new, 2 updated" in result.output
    with app.app_context():
        assert len(db.session.scalars(public_query()).all()) == 2

    result = runner.invoke(args=["listings", "import", str(path), "--publish"])
    assert "0 new, 0 updated, 2 unchanged." in result.output
