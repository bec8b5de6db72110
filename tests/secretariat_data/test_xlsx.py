"""The xlsx export: the CSV columns plus project references, every cell typed text (S19).

An xlsx text cell is never evaluated, so unlike the CSV it needs no leading apostrophe: the
formula check is on the cell type, and a real LibreOffice confirms it after opening and saving."""
import io
import shutil
import subprocess
import tracemalloc

import openpyxl
import pytest

from directory.data_exchange.exports.hktdc_csv import COLUMNS
from directory.data_exchange.exports.xlsx import REFERENCE_COLUMNS, write_xlsx

PAYLOADS = ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1+1", "\r=1+1", "\n=1+1", "\r\n=1+1", "\uff1d1+1",
            "\uff0b1+1", "\uff0d1+1", "\uff20SUM(A1)", "\x00=1+1", "\x00\x01+1", '","=1+1',
            '=HYPERLINK("http://evil.example","x")', "#N/A", "#DIV/0!", "+85221234567", "=中文&1"]
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def workbook_bytes(listings) -> bytes:
    buffer = io.BytesIO()
    write_xlsx(listings, buffer)
    return buffer.getvalue()


def payload_listings():
    for payload in PAYLOADS:
        row = {column: payload for column in COLUMNS}
        refs = [{column: payload for column in REFERENCE_COLUMNS}]
        yield row, refs
    yield ({column: "繁體中文 简体中文" for column in COLUMNS},
           [{"title_en": "Smart poles", "title_zh": "智慧燈柱", "country": "SG", "year": 2021}])


def cells(book):
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def formula_cells(book):
    return [(c.coordinate, c.value) for c in cells(book) if c.data_type in ("f", "e")]


def test_every_payload_in_every_field_is_text_never_a_formula():
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(payload_listings())))
    assert book.sheetnames == ["Listings", "Project references"]
    assert formula_cells(book) == []
    assert {c.data_type for c in cells(book) if c.value is not None} == {"s"}
    listings = book["Listings"]
    assert [c.value for c in listings[1]] == list(COLUMNS)
    assert listings["A2"].value == "=1+1" and listings["A14"].value == "=1+1"  # text as typed; NUL removed
    assert listings["A18"].value == "#N/A"  # text, not an error value
    assert listings["A20"].value == "+85221234567"  # a phone number reads as typed: no apostrophe
    assert listings.max_row == len(PAYLOADS) + 2


def test_references_sheet_names_its_listing():
    rows = [({**{c: "" for c in COLUMNS}, "listing_id": "abc", "company_name_en": "Acme"},
             [{"title_en": "Port", "country": "AE", "year": 2020}, {"title_en": "Depot", "country": "SA"}]),
            ({c: "" for c in COLUMNS} | {"listing_id": "def"}, [])]
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(rows)))
    refs = list(book["Project references"].iter_rows(values_only=True))
    assert refs[0] == REFERENCE_COLUMNS
    year = REFERENCE_COLUMNS.index("year")
    assert [(r[0], r[1], r[3], r[5], r[year]) for r in refs[1:]] == [
        ("abc", "Acme", "Port", "AE", "2020"), ("abc", "Acme", "Depot", "SA", None)]


def test_memory_stays_flat_as_listings_grow():
    """write-only mode with inline strings: 10x the rows must not cost anything like 10x memory."""
    def peak(n):
        rows = (({c: f"{c} value {i} {'x' * 40}" for c in COLUMNS}, []) for i in range(n))
        tracemalloc.start()
        workbook_bytes(rows)
        top = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return top
    small, large = peak(50), peak(500)
    assert large < small * 3, (small, large)


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not on PATH; CI installs it")
def test_libreoffice_opens_the_workbook_without_a_formula(tmp_path):
    """A real consumer: LibreOffice opens our xlsx and saves it again; still no formula cell."""
    source = tmp_path / "export.xlsx"
    source.write_bytes(workbook_bytes(payload_listings()))
    out = tmp_path / "out"
    result = subprocess.run([SOFFICE, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
                             "--norestore", "--convert-to", "xlsx", "--outdir", str(out), str(source)],
                            capture_output=True, text=True, timeout=180, check=False)
    assert result.returncode == 0, result.stderr
    book = openpyxl.load_workbook(out / "export.xlsx")
    assert formula_cells(book) == []
    assert "繁體中文 简体中文" in [c.value for c in book["Listings"]["A"]]


def _export_workbook(app, lang):
    from data_desk_helpers import add_listing, listing_data

    from directory.data_exchange import exporting
    with app.app_context():
        add_listing(listing_data(0, capabilities=["iot", "fintech"], regions_served=["asean", "KZ"],
                                 references=[{"title_en": "Smart poles", "country": "SG", "client_type": "government"}]))
        buffer = io.BytesIO()
        exporting.export(exporting.ExportRequest("xlsx", lang=lang), buffer, actor=None)
    return openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))


def test_the_workbook_is_made_for_people_in_the_chosen_language(app):
    """Headings people read, labels beside the codes, widths, a frozen header (issue 11 item 8)."""
    from directory import taxonomy
    book = _export_workbook(app, "zh-Hant")
    sheet = book["Listings"]
    header = [c.value for c in sheet[1]]
    row = [c.value for c in sheet[2]]
    assert not [h for h in header if "_" in h]  # no snake_case headings for people
    codes_at = row.index("iot;fintech")
    assert row[codes_at + 1] == "、".join(taxonomy.capability_label(c, "zh-Hant") for c in ("iot", "fintech"))
    served_at = row.index("asean;KZ")
    assert row[served_at + 1] == f'{taxonomy.region_label("asean", "zh-Hant")}、{taxonomy.region_label("KZ", "zh-Hant")}'
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["B"].width > 20  # the company name has room
    refs = book["Project references"]
    assert taxonomy.region_label("SG", "zh-Hant") in [c.value for c in refs[2]]
    assert [h for h in (c.value for c in refs[1]) if "_" in h] == []


def test_english_workbook_headings_and_labels(app):
    from directory import taxonomy
    book = _export_workbook(app, "en")
    header = [c.value for c in book["Listings"][1]]
    assert "Company name (English)" in header and "Capabilities" in header
    row = [c.value for c in book["Listings"][2]]
    assert row[header.index("Capabilities")] == "; ".join(taxonomy.capability_label(c, "en") for c in ("iot", "fintech"))
