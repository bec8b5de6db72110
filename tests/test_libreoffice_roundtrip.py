"""S19/S20 with a real consumer: LibreOffice opens the hktdc-csv export and saves it as xlsx.

The file holds every formula payload in every column plus Traditional and Simplified Chinese;
LibreOffice imports it as a user would (``--infilter=CSV:44,34,76,1``: comma, double quote,
UTF-8, from line 1) and the workbook must contain no formula cell.  The negative control -- the
same payload written *without* ``safe_cell`` -- must become a formula, which proves the check
can fail.
"""
import csv
import shutil
import subprocess
import time

import pytest

from directory.data_exchange.exports.cells import safe_cell
from directory.data_exchange.exports.hktdc_csv import COLUMNS, write_csv

openpyxl = pytest.importorskip("openpyxl")

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(SOFFICE is None,
                       reason="LibreOffice (soffice) is not on PATH; CI installs "
                              "libreoffice-calc-nogui and runs this test"),
]

PAYLOADS = [
    "=1+1", "+1", "-1", "@SUM(A1)", "=SUM(1,2)", "+1+1", "-1+1", "@A1",
    "\t=1+1", "\r=1+1", "\n=1+1", "\r\n=1+1",
    "\uff1d1+1", "\uff0b1+1", "\uff0d1+1", "\uff20SUM(A1)",
    "\x00=1+1", "\x00\x01+1", '","=1+1', '"=1+1"', "=HYPERLINK(\"http://evil.example\",\"x\")",
    "=cmd|' /C calc'!A0", "+85221234567", "-2+3", "=中文&1",
]

TRADITIONAL = "艾克米智慧城市有限公司：物聯網、資訊保安及雲端服務"
SIMPLIFIED = "艾克米智慧城市有限公司：物联网、信息安全及云端服务"
CHINESE = {"company_name_zh": TRADITIONAL, "address_zh": "香港新界沙田香港科學園１號",
           "summary_zh": SIMPLIFIED, "description_zh": "第一行\n第二行：繁體與简体"}


def convert(csv_paths, outdir, profile):
    """Run LibreOffice headless; return the seconds it took."""
    started = time.monotonic()
    result = subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
         "--infilter=CSV:44,34,76,1", "--convert-to", "xlsx", "--outdir", str(outdir),
         *map(str, csv_paths)],
        capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    for path in csv_paths:
        assert (outdir / (path.stem + ".xlsx")).exists(), (result.stdout, result.stderr)
    return time.monotonic() - started


def formula_cells(sheet):
    return [(cell.coordinate, cell.value) for row in sheet.iter_rows() for cell in row
            if cell.data_type == "f" or (isinstance(cell.value, str) and cell.value.startswith("="))]


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("lo")
    safe = tmp / "safe.csv"
    rows = [{column: payload for column in COLUMNS} for payload in PAYLOADS]
    rows.append({column: "plain" for column in COLUMNS} | CHINESE)
    rows.append({column: TRADITIONAL if i % 2 else SIMPLIFIED for i, column in enumerate(COLUMNS)})
    with safe.open("wb") as f:
        write_csv(rows, f)

    # the negative control: same writer settings, but no safe_cell
    unsafe = tmp / "unsafe.csv"
    with unsafe.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        writer.writerow(["a", "b"])
        writer.writerow(["=1+1", "\x00=1+1"])

    out = tmp / "out"
    out.mkdir()
    seconds = convert([safe, unsafe], out, tmp / "lo-profile")
    print(f"LibreOffice conversion took {seconds:.1f} s")
    return {
        "safe": openpyxl.load_workbook(out / "safe.xlsx").active,
        "unsafe": openpyxl.load_workbook(out / "unsafe.xlsx").active,
        "rows": rows,
    }


def test_no_formula_cells_after_libreoffice(workbooks):
    sheet = workbooks["safe"]
    assert sheet.max_column == len(COLUMNS)
    assert sheet.max_row == 1 + len(workbooks["rows"])
    assert formula_cells(sheet) == []


def test_payload_cells_stay_text(workbooks):
    sheet = workbooks["safe"]
    for excel_row, payload in enumerate(PAYLOADS, start=2):
        expected = safe_cell(payload).replace("\r\n", "\n").replace("\r", "\n")
        for cell in sheet[excel_row]:
            assert cell.data_type == "s", (cell.coordinate, payload, cell.value)
            got = cell.value.replace("\r\n", "\n").replace("\r", "\n")
            assert got == expected, (cell.coordinate, payload, cell.value)


def test_header_and_chinese_survive(workbooks):
    sheet = workbooks["safe"]
    assert [c.value for c in sheet[1]] == list(COLUMNS)  # the BOM did not leak into A1
    chinese_row = [c.value for c in sheet[2 + len(PAYLOADS)]]
    for column, text in CHINESE.items():
        assert chinese_row[COLUMNS.index(column)] == text
    mixed_row = [c.value for c in sheet[3 + len(PAYLOADS)]]
    assert mixed_row == [TRADITIONAL if i % 2 else SIMPLIFIED for i in range(len(COLUMNS))]


def test_negative_control_unguarded_cell_becomes_a_formula(workbooks):
    """Without safe_cell LibreOffice evaluates both (S19: it drops the leading NUL)."""
    sheet = workbooks["unsafe"]
    assert [coord for coord, _ in formula_cells(sheet)] == ["A2", "B2"]
