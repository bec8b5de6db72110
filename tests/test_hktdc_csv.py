"""The hktdc-csv writer (CONTRACT section 4; S19, S20, S21)."""
import csv
import io
import itertools
import tracemalloc
from datetime import datetime, timedelta, timezone

import pytest

from directory.data_exchange.exports.hktdc_csv import (COLUMNS, exportable, iter_csv, listing_to_row,
                                         write_csv)

HEADER = ("listing_id,company_name_en,company_name_zh,br_number,year_established,staff_size,"
          "website,email,phone,address_en,address_zh,summary_en,summary_zh,description_en,"
          "description_zh,capabilities,regions_served,countries_delivered,certifications,"
          "contact_name,contact_title,scc_member_no,hktdc_consent,last_updated,profile_url")

WHEN = datetime(2025, 3, 4, 5, 6, 7, 890, tzinfo=timezone.utc)

PAYLOADS = ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1+1", "\r=1+1", "\n=1+1", "\uff1d1+1",
            "\uff0b1", "\uff0d1", "\uff20SUM(A1)", "\x00=1+1", '","=1+1', 'say "hi"',
            "two\nlines", "a;b;c", "\r\n=1+1", '"=1+1"', "=HYPERLINK(\"http://evil\",\"x\")"]


def full_data(**over):
    data = {
        "company_name_en": "Acme Smart City Ltd",
        "company_name_zh": "艾克米智慧城市有限公司",
        "br_number": "12345678",
        "year_established": 2009,
        "staff_size": "11-50",
        "website": "https://acme.example.hk",
        "email": "info@acme.example.hk",
        "phone": "+85221234567",
        "address_en": "1 Science Park, Shatin",
        "address_zh": "沙田科學園1號",
        "summary_en": "IoT for buildings",
        "summary_zh": "樓宇物聯網",
        "description_en": "We build things.",
        "description_zh": "我們建造東西。",
        "capabilities": ["iot", "smart-building"],
        "regions_served": ["asean", "SA"],
        "certifications": ["ISO 27001", "ISO 9001"],
        "languages": ["en", "yue"],
        "contact_name": "Chan Tai Man",
        "contact_title": "Director",
        "scc_member_no": "SCC-0042",
        "hktdc_consent": True,
        "consent_at": "2024-01-01T00:00:00Z",
        "logo": None,
        "references": [
            {"title_en": "Smart poles", "country": "SG", "year": 2021},
            {"title_en": "Depot", "country": "my", "year": 2020},
            {"title_en": "Port", "country": "SG", "year": 2022},
        ],
    }
    data.update(over)
    return data


def test_columns_are_the_contract():
    assert ",".join(COLUMNS) == HEADER
    assert len(COLUMNS) == 25


def test_listing_to_row_maps_the_data_shape():
    row = listing_to_row("L-1", full_data(), last_updated=WHEN,
                         profile_url="https://dir.example/p/acme")
    assert list(row) == list(COLUMNS)
    assert row["listing_id"] == "L-1"
    assert row["year_established"] == "2009"
    assert row["capabilities"] == "iot;smart-building"
    assert row["regions_served"] == "asean;SA"
    assert row["certifications"] == "ISO 27001;ISO 9001"
    assert row["countries_delivered"] == "MY;SG"
    assert row["hktdc_consent"] == "Y"
    assert row["last_updated"] == "2025-03-04T05:06:07Z"
    assert row["profile_url"] == "https://dir.example/p/acme"
    assert row["phone"] == "+85221234567"  # guarding happens in iter_csv, not here


def test_listing_to_row_empty_values():
    row = listing_to_row("L-2", {"hktdc_consent": False}, profile_url="",
                         last_updated=datetime(2025, 1, 1, 8, 0, tzinfo=timezone(timedelta(hours=8))))
    assert row["hktdc_consent"] == "N"
    assert row["last_updated"] == "2025-01-01T00:00:00Z"  # converted to UTC
    assert all(row[c] == "" for c in COLUMNS
               if c not in ("listing_id", "hktdc_consent", "last_updated"))
    naive = listing_to_row("x", {"year_established": None}, last_updated=datetime(2025, 1, 1),
                           profile_url="")
    assert naive["last_updated"] == "2025-01-01T00:00:00Z"
    assert naive["year_established"] == ""


def test_exportable():
    assert exportable({"hktdc_consent": True})
    assert not exportable({"hktdc_consent": False})
    assert not exportable({})
    assert not exportable({"hktdc_consent": "Y"})  # only the real bool counts


def test_golden_bytes():
    data = {"company_name_en": "=1+1", "company_name_zh": "中文", "br_number": "12345678",
            "year_established": 1999, "email": "a@b.hk", "phone": "+85221234567",
            "description_en": 'He said "hi"\nthen left', "capabilities": ["iot"],
            "regions_served": ["SG"], "hktdc_consent": True,
            "references": [{"country": "VN"}]}
    out = io.BytesIO()
    n = write_csv([listing_to_row("id1", data, last_updated=WHEN, profile_url="https://x/p/1")],
                  out)
    assert n == 1
    expected = (
        "\ufeff" + ",".join(f'"{c}"' for c in COLUMNS) + "\r\n"
        '"id1","\'=1+1","中文","12345678","1999","","","a@b.hk","\'+85221234567","","","","",'
        '"He said ""hi""\nthen left","","iot","SG","VN","","","","","Y",'
        '"2025-03-04T05:06:07Z","https://x/p/1"\r\n'
    ).encode("utf-8")
    assert out.getvalue() == expected
    assert out.getvalue().startswith(b"\xef\xbb\xbf\"listing_id\"")


def test_iter_csv_chunks_header_first():
    chunks = iter_csv([{"listing_id": "a"}, {"listing_id": "b"}])
    first = next(chunks)
    assert first == "\ufeff" + ",".join(f'"{c}"' for c in COLUMNS) + "\r\n"
    assert next(chunks).startswith('"a",')
    assert next(chunks).startswith('"b",')
    with pytest.raises(StopIteration):
        next(chunks)


def test_unknown_column_is_refused():
    with pytest.raises(ValueError, match="nope"):
        list(iter_csv([{"listing_id": "a", "nope": "x"}]))


def payload_rows():
    """Every payload in every column, one row per payload."""
    for i, payload in enumerate(PAYLOADS):
        yield {column: payload for column in COLUMNS} | {"listing_id": f"id{i}{payload}"}


def test_payloads_stay_in_their_cells_s21():
    text = "".join(iter_csv(payload_rows()))
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:], newline="")))
    assert len(rows) == 1 + len(PAYLOADS)
    assert {len(r) for r in rows} == {len(COLUMNS)}
    for payload, row in zip(PAYLOADS, rows[1:]):
        clean = payload.replace("\x00", "")
        for column, cell in zip(COLUMNS, row):
            if column == "listing_id":
                continue
            assert cell in (clean, "'" + clean), (column, payload, cell)
            assert cell[:1] not in set("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20"), (column, cell)
            assert "\x00" not in cell


def test_every_field_is_quoted():
    text = "".join(iter_csv([{"listing_id": "plain", "year_established": "2001"}]))
    for line in text[1:].split("\r\n")[:-1]:
        fields = line.split(",")
        assert len(fields) == len(COLUMNS)
        assert all(f.startswith('"') and f.endswith('"') for f in fields)


def test_streaming_memory_is_flat():
    """The writer holds one row at a time: the peak stays far below the file's size.

    (20k rows here to keep tracemalloc's overhead small; 100k rows take ~2.7 s without it.)
    """
    row = listing_to_row("L-0000", full_data(description_en="x" * 500), last_updated=WHEN,
                         profile_url="https://dir.example/p/0")
    rows = (row for _ in range(20_000))

    class Sink:
        size = 0

        def write(self, b):
            self.size += len(b)

    sink = Sink()
    tracemalloc.start()
    try:
        count = write_csv(rows, sink)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 20_000
    assert sink.size > 16_000_000
    assert peak < 1_000_000, peak


def test_streamed_chunks_equal_one_shot_file():
    rows = [listing_to_row(f"L{i}", full_data(br_number=f"{i:08d}"), last_updated=WHEN,
                           profile_url=f"https://x/{i}") for i in range(3)]
    out = io.BytesIO()
    write_csv(rows, out)
    assert out.getvalue() == "".join(iter_csv(rows)).encode("utf-8")
    assert list(itertools.islice(iter_csv(rows), 1))[0].startswith("\ufeff")
