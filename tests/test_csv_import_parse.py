"""Parsing and validating the listing CSV (CONTRACT section 4; S22): directory/data_exchange/csv_import.py."""
import csv
import io
from datetime import date, datetime, timezone

import pytest

from directory.data_exchange.csv_import import (MESSAGES, ImportError_, format_error, format_report,
                                  parse_listing_csv)
from directory.data_exchange.exports.hktdc_csv import COLUMNS, iter_csv, listing_to_row, write_csv

CAPS = {"iot", "fintech", "ai", "smart-building", "5g"}
REGIONS = {"asean", "mainland-china", "middle-east"}
COUNTRIES = {"SG", "MY", "VN", "SA", "CN", "TH", "AE"}
WHEN = datetime(2025, 3, 4, 5, 6, 7, tzinfo=timezone.utc)


def parse(source):
    return parse_listing_csv(source, CAPS, REGIONS, COUNTRIES)


def good_cells(**over):
    cells = {c: "" for c in COLUMNS}
    cells.update({
        "company_name_en": "Acme Ltd", "br_number": "12345678", "email": "info@acme.hk",
        "capabilities": "iot", "hktdc_consent": "Y",
    })
    cells.update(over)
    return cells


def csv_bytes(*rows, header=COLUMNS, bom=True, quote_all=True):
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL,
                        lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([row[c] for c in header] if isinstance(row, dict) else row)
    return (("\ufeff" if bom else "") + buf.getvalue()).encode("utf-8")


def codes(report):
    return [(e.line, e.column, e.code) for e in report.errors]


def full_data(**over):
    data = {
        "company_name_en": "Acme Smart City Ltd", "company_name_zh": "艾克米智慧城市有限公司",
        "br_number": "12345678", "year_established": 2009, "staff_size": "11-50",
        "website": "https://acme.example.hk", "email": "info@acme.example.hk",
        "phone": "+85221234567", "address_en": "1 Science Park\nShatin",
        "address_zh": "沙田科學園1號", "summary_en": "IoT for buildings",
        "summary_zh": "樓宇物聯网", "description_en": "We build\r\nthings; \"good\" ones, too.",
        "description_zh": "我們建造東西。", "capabilities": ["iot", "smart-building"],
        "regions_served": ["asean", "SA"], "certifications": ["ISO 27001", "ISO 9001"],
        "contact_name": "Chan Tai Man", "contact_title": "Director",
        "scc_member_no": "SCC-0042", "hktdc_consent": True,
    }
    data.update(over)
    return data


# --------------------------------------------------------------------------- happy paths

def test_valid_file_with_and_without_bom():
    for bom in (True, False):
        report = parse(csv_bytes(good_cells(), good_cells(br_number="87654321"), bom=bom))
        assert report.ok, codes(report)
        assert [r.line for r in report.rows] == [2, 3]
        row = report.rows[0]
        assert row.listing_id is None
        assert row.data["company_name_en"] == "Acme Ltd"
        assert row.data["capabilities"] == ["iot"]
        assert row.data["regions_served"] == []
        assert row.data["year_established"] is None
        assert row.data["hktdc_consent"] is True
        assert "references" not in row.data


def test_accepts_file_objects_and_minimal_quoting():
    report = parse(io.BytesIO(csv_bytes(good_cells(listing_id="abc"), quote_all=False)))
    assert report.ok, codes(report)
    assert report.rows[0].listing_id == "abc"


def test_normalisation():
    report = parse(csv_bytes(good_cells(
        br_number=" 1234 5678 ", phone="2123 4567", regions_served="sg; ASEAN ;my;sg",
        capabilities="IoT;ai;;", certifications=" ISO 27001 ; ;CMMI 3", hktdc_consent="n",
        year_established=" 1999 ", website=" http://acme.hk/a?b=c ")))
    assert report.ok, codes(report)
    data = report.rows[0].data
    assert data["br_number"] == "12345678"
    assert data["phone"] == "+85221234567"
    full_width = parse(csv_bytes(good_cells(br_number="１２３４ ５６７８")))  # typed with a Chinese IME
    assert full_width.ok and full_width.rows[0].data["br_number"] == "12345678", codes(full_width)
    assert data["regions_served"] == ["SG", "asean", "MY"]
    assert data["capabilities"] == ["iot", "ai"]
    assert data["certifications"] == ["ISO 27001", "CMMI 3"]
    assert data["hktdc_consent"] is False
    assert data["year_established"] == 1999
    assert data["website"] == "http://acme.hk/a?b=c"


def test_formula_guard_and_controls_removed():
    report = parse(csv_bytes(good_cells(
        company_name_en="'=1+1", phone="'+85221234567", description_en="\x00'@x",
        contact_name="'plain", address_en="''=y")))
    assert report.ok, codes(report)
    data = report.rows[0].data
    assert data["company_name_en"] == "=1+1"
    assert data["phone"] == "+85221234567"
    assert data["description_en"] == "@x"
    assert data["contact_name"] == "'plain"     # not a guard: kept
    assert data["address_en"] == "'=y"


def test_derived_columns_are_ignored():
    report = parse(csv_bytes(good_cells(countries_delivered="not;checked", last_updated="junk",
                                        profile_url="javascript:alert(1)")))
    assert report.ok, codes(report)
    for key in ("countries_delivered", "last_updated", "profile_url", "references", "languages",
                "logo", "consent_at"):
        assert key not in report.rows[0].data


def test_blank_lines_and_empty_rows_are_skipped():
    body = csv_bytes(good_cells()) + b"\r\n" + b",".join([b'""'] * 25) + b"\r\n\r\n"
    report = parse(body)
    assert report.ok, codes(report)
    assert len(report.rows) == 1


# --------------------------------------------------------------------------- each kind of error

@pytest.mark.parametrize("over, column, code", [
    ({"company_name_en": "", "company_name_zh": "  "}, "company_name_en", "name_required"),
    ({"br_number": ""}, "br_number", "required"),
    ({"br_number": "1234567"}, "br_number", "br_format"),
    ({"br_number": "12345678-000"}, "br_number", "br_format"),
    ({"br_number": "١٢٣٤٥٦٧٨"}, "br_number", "br_format"),   # digits of another script
    ({"year_established": "1799"}, "year_established", "year"),
    ({"year_established": str(date.today().year + 1)}, "year_established", "year"),
    ({"year_established": "20x0"}, "year_established", "year"),
    ({"year_established": "1999.0"}, "year_established", "year"),
    ({"staff_size": "10"}, "staff_size", "staff_size"),
    ({"website": "javascript:alert(1)"}, "website", "website"),
    ({"website": "'javascript:alert(1)"}, "website", "website"),
    ({"website": "www.acme.hk"}, "website", "website"),
    ({"website": "ftp://acme.hk"}, "website", "website"),
    ({"website": "http://"}, "website", "website"),
    ({"website": "https://acme.hk:99999"}, "website", "website"),
    ({"email": ""}, "email", "required"),
    ({"email": "not-an-email"}, "email", "email"),
    ({"email": "a@b"}, "email", "email"),
    ({"phone": "123"}, "phone", "phone"),
    ({"phone": "call me"}, "phone", "phone"),
    ({"capabilities": ""}, "capabilities", "required"),
    ({"capabilities": " ; "}, "capabilities", "required"),
    ({"capabilities": "iot;teleportation"}, "capabilities", "unknown_capability"),
    ({"regions_served": "asean;atlantis"}, "regions_served", "unknown_region"),
    ({"regions_served": "XX"}, "regions_served", "unknown_region"),
    ({"hktdc_consent": ""}, "hktdc_consent", "consent"),
    ({"hktdc_consent": "yes"}, "hktdc_consent", "consent"),
    ({"summary_en": "x" * 201}, "summary_en", "too_long"),
    ({"summary_zh": "one\ntwo"}, "summary_zh", "one_line"),
    ({"description_zh": "字" * 5001}, "description_zh", "too_long"),
])
def test_each_invalid_cell(over, column, code):
    report = parse(csv_bytes(good_cells(), good_cells(**{"br_number": "87654321", **over})))
    assert codes(report) == [(3, column, code)]
    err = report.errors[0]
    assert err.message == format_error(err)
    assert "{" not in err.message


def test_all_errors_collected_across_rows_and_columns():
    report = parse(csv_bytes(
        good_cells(email="bad", staff_size="huge"),
        good_cells(br_number="87654321"),
        good_cells(br_number="x", capabilities="", hktdc_consent="?"),
    ))
    assert codes(report) == [
        (2, "staff_size", "staff_size"), (2, "email", "email"),
        (4, "br_number", "br_format"), (4, "capabilities", "required"),
        (4, "hktdc_consent", "consent"),
    ]
    assert report.bad_lines == [2, 4]
    assert not report.ok
    assert len(report.rows) == 3  # rows are still listed; invalid fields left out of data
    assert "email" not in report.rows[0].data


def test_duplicate_br_in_file_reported_on_the_later_line():
    report = parse(csv_bytes(good_cells(), good_cells(br_number="11111111"),
                             good_cells(br_number="1234 5678")))
    assert codes(report) == [(4, "br_number", "duplicate_br_in_file")]
    assert report.errors[0].params == {"value": "12345678", "first_line": 2}


def test_duplicate_listing_id_in_file():
    report = parse(csv_bytes(good_cells(listing_id="L1"),
                             good_cells(listing_id="L1", br_number="11111111")))
    assert codes(report) == [(3, "listing_id", "duplicate_listing_id_in_file")]


def test_multiline_cells_keep_line_numbers_right():
    three_lines = "first line\nsecond line\r\nthird line"
    body = csv_bytes(good_cells(description_en=three_lines),
                     good_cells(br_number="87654321", email="broken"),
                     good_cells(br_number="11111111", address_en="a\nb", year_established="1"),
                     good_cells(br_number="22222222", phone="nope"))
    report = parse(body)
    # header = 1; row at 2 spans lines 2-4; next record starts on line 5; then 6-7; then 8
    assert [r.line for r in report.rows] == [2, 5, 6, 8]
    assert codes(report) == [(5, "email", "email"), (6, "year_established", "year"),
                             (8, "phone", "phone")]
    assert report.rows[0].data["description_en"] == three_lines


def test_wrong_field_count_names_the_line():
    body = csv_bytes(good_cells(), ["only", "three", "fields"],
                     [*good_cells(br_number="87654321").values(), "extra"],
                     good_cells(br_number="11111111", email="x"))
    report = parse(body)
    assert codes(report) == [(3, "", "column_count"), (4, "", "column_count"),
                             (5, "email", "email")]
    assert report.errors[0].params == {"found": 3, "expected": 25}
    assert report.errors[1].params == {"found": 26, "expected": 25}


def test_bad_quoting_is_a_syntax_error_with_its_line():
    good = csv_bytes(good_cells())
    body = good + b'"a","b"x,"c"\r\n' + csv_bytes(good_cells(br_number="87654321"))[
        len(csv_bytes()):]
    report = parse(body)
    assert codes(report) == [(3, "", "csv_syntax")]
    assert [r.line for r in report.rows] == [2, 4]
    unterminated = good + b'"a","never closed\r\nmore\r\n'
    assert codes(parse(unterminated)) == [(3, "", "csv_syntax")]


# --------------------------------------------------------------------------- file-level errors

def test_not_utf8():
    body = csv_bytes(good_cells(company_name_en="Café")).replace("Café".encode(),
                                                                 "Café".encode("latin-1"))
    report = parse(body)
    assert codes(report) == [(2, "", "encoding")]
    assert report.rows == []
    utf16 = "\ufeff".encode("utf-16-le") + ",".join(COLUMNS).encode("utf-16-le")
    assert [e.code for e in parse(utf16).errors] == ["encoding"]


def test_empty_file():
    assert codes(parse(b"")) == [(1, "", "empty")]
    assert codes(parse(b"\xef\xbb\xbf")) == [(1, "", "empty")]


def test_header_missing_and_extra_columns():
    header = [c for c in COLUMNS if c != "email"] + ["fax"]
    report = parse(csv_bytes(header=header))
    assert codes(report) == [(1, "", "bad_header")]
    params = report.errors[0].params
    assert params["missing"] == "email"
    assert params["unexpected"] == "fax"
    assert params["position"] == COLUMNS.index("email") + 1
    assert "email" in report.errors[0].message and "fax" in report.errors[0].message


def test_header_misordered():
    header = list(COLUMNS)
    header[1], header[2] = header[2], header[1]
    report = parse(csv_bytes(header=header))
    assert codes(report) == [(1, "", "bad_header")]
    params = report.errors[0].params
    assert params["missing"] == params["unexpected"] == "—"
    assert (params["position"], params["found"], params["expected"]) == (
        2, "company_name_zh", "company_name_en")


def test_header_is_case_sensitive_and_exact():
    assert [e.code for e in parse(csv_bytes(header=[c.upper() for c in COLUMNS])).errors] == [
        "bad_header"]
    assert [e.code for e in parse(csv_bytes(header=COLUMNS[:-1])).errors] == ["bad_header"]


# --------------------------------------------------------------------------- messages

def test_messages_and_translation_hook():
    report = parse(csv_bytes(good_cells(year_established="1700")))
    err = report.errors[0]
    assert isinstance(err, ImportError_)
    assert err.message == MESSAGES["year"].format(**err.params)
    fake = {MESSAGES["year"]: "«{value}» 不是 {min}–{max} 之間的年份",
            "Line {line}, column {column}: {message}": "第 {line} 行，{column} 欄：{message}"}
    assert format_error(err, lambda s: fake.get(s, s)).startswith("«1700» 不是 1800–")
    assert format_report(report, lambda s: fake.get(s, s))[0].startswith(
        "第 2 行，year_established 欄：«1700»")
    assert format_report(report)[0].startswith("Line 2, column year_established: ")


def test_every_message_renders_even_without_params():
    for code in MESSAGES:
        text = format_error(ImportError_(1, "", code, "", {}))
        assert text.strip(), code


# --------------------------------------------------------------------------- round trip

def test_export_then_import_is_lossless():
    listings = [
        ("L-1", full_data(references=[{"country": "SG", "year": 2020}])),
        ("L-2", full_data(br_number="87654321", company_name_en="=HYPERLINK(\"x\")",
                          company_name_zh="", website="", phone="", year_established=None,
                          staff_size="", regions_served=[], certifications=[],
                          hktdc_consent=False, summary_en="+ plus", description_zh="-減號\n＝",
                          contact_title="@here", address_en="\tindented", references=[])),
        ("L-3", full_data(br_number="11223344", company_name_en="",
                          company_name_zh="简体中文公司", phone="+8613800138000",
                          regions_served=["mainland-china", "CN"], capabilities=["5g"],
                          contact_name='"quoted", with comma; and semicolon')),
    ]
    out = io.BytesIO()
    write_csv((listing_to_row(i, d, last_updated=WHEN, profile_url=f"https://x/{i}")
               for i, d in listings), out)
    report = parse(out.getvalue())
    assert report.ok, codes(report)
    assert [r.listing_id for r in report.rows] == ["L-1", "L-2", "L-3"]
    for (_, original), row in zip(listings, report.rows):
        expected = {k: v for k, v in original.items() if k != "references"}
        assert row.data == expected

    # and re-exporting the imported data gives the same bytes again
    again = io.BytesIO()
    write_csv((listing_to_row(r.listing_id, r.data | {"references": d.get("references")},
                              last_updated=WHEN, profile_url=f"https://x/{r.listing_id}")
               for r, (_, d) in zip(report.rows, listings)), again)
    assert again.getvalue() == out.getvalue()


def test_text_input_is_accepted_too():
    text = "".join(iter_csv([listing_to_row("L", full_data(), last_updated=WHEN,
                                            profile_url="")]))
    report = parse(text)
    assert report.ok, codes(report)
