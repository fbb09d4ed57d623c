"""A spreadsheet to import is read within bounds: a small file that unpacks to gigabytes is refused from
its zip's table of contents, before any sheet is parsed, and the server's memory hardly moves."""

import io
import json
import os
import struct
import subprocess
import sys
import zlib
from datetime import date
from pathlib import Path

import pytest
from django.template.defaultfilters import filesizeformat
from openpyxl import Workbook

from agency.core import spreadsheets

ROOT = Path(__file__).resolve().parents[3]
MB = 1024 * 1024
SHEET_START = (
    b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
    b'main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
)
SHEET_END = b"</t></is></c></row></sheetData></worksheet>"


def _piece(data):
    """`data` deflated on its own and ended with a full flush: pieces can be laid end to end."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush(zlib.Z_FULL_FLUSH)


def packed_workbook(path, packed_mb):
    """An .xlsx of about `packed_mb` MB whose sheet is one cell of about a thousand times as many "A"s.

    Written by hand, a megabyte of "A"s deflated once and repeated, because deflating gigabytes takes
    longer than a test should; the zip is valid (sizes and CRC are true)."""
    block = b"A" * MB
    block_piece = _piece(block)
    count = int(packed_mb * MB / len(block_piece))
    head, tail = _piece(SHEET_START), _piece(SHEET_END)
    crc = zlib.crc32(SHEET_START)
    for _ in range(count):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(SHEET_END, crc) & 0xFFFFFFFF
    data_size = len(SHEET_START) + count * MB + len(SHEET_END)
    packed_size = len(head) + count * len(block_piece) + len(tail) + 2
    name = b"xl/worksheets/sheet1.xml"
    fields = (20, 0, 8, 0, 0x21, crc, packed_size, data_size, len(name))
    with open(path, "wb") as out:
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields, 0) + name)
        out.write(head)
        for _ in range(count):
            out.write(block_piece)
        out.write(tail + b"\x03\x00")  # the last, empty block
        directory_at = out.tell()
        entry = struct.pack("<IH", 0x02014B50, 20) + struct.pack("<HHHHHIIIHH", *fields, 0)
        entry += struct.pack("<HHHII", 0, 0, 0, 0, 0) + name
        out.write(entry)
        out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, len(entry), directory_at, 0))
    return data_size


MEASURE = """
import json, resource, sys
import django
django.setup()
from agency.core import spreadsheets
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
with open(sys.argv[1], "rb") as upload:
    try:
        rows = list(spreadsheets.xlsx_rows(upload))
        refused = None
    except spreadsheets.SpreadsheetRefused as error:
        refused = str(error)
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"refused": refused, "growth_kb": after - before}))
"""


@pytest.mark.parametrize("packed_mb", [1, 3])
def test_a_workbook_that_unpacks_to_gigabytes_is_refused_before_it_is_read(tmp_path, packed_mb):
    path = tmp_path / "plan.xlsx"
    unpacked = packed_workbook(path, packed_mb)
    assert path.stat().st_size < (packed_mb + 0.5) * MB and unpacked > 900 * MB * packed_mb
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "agency.settings"}
    run = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout.strip().splitlines()[-1])
    # The limit and the file's figure, so the person knows what to change.
    assert result["refused"].startswith("The workbook unpacks to ") and "at most 60.0\xa0MB" in result["refused"]
    assert f"unpacks to {filesizeformat(unpacked)};" in result["refused"]
    assert result["growth_kb"] < 100 * 1024  # ru_maxrss is in kilobytes on Linux


def test_a_tightly_packed_part_is_refused_even_when_small(tmp_path, settings):
    path = tmp_path / "plan.xlsx"
    packed_workbook(path, 0.02)
    with open(path, "rb") as upload, pytest.raises(spreadsheets.SpreadsheetRefused) as refused:
        list(spreadsheets.xlsx_rows(upload))
    assert "is packed 1" in str(refused.value) and "at most 100 to 1" in str(refused.value)


def workbook(rows):
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    return buffer


def test_an_ordinary_workbook_is_read_with_its_cell_types():
    rows = list(spreadsheets.xlsx_rows(workbook([["Vendor", "Spots"], ["CCTV", 31, date(2026, 7, 1)]])))
    assert rows[0][:2] == ["Vendor", "Spots"]
    assert rows[1][:2] == ["CCTV", 31] and rows[1][2].date() == date(2026, 7, 1)


def test_rows_and_columns_beyond_the_caps_are_refused_not_dropped(settings):
    settings.IMPORT_MAX_ROWS = 3
    with pytest.raises(spreadsheets.SpreadsheetRefused, match="more than 3 rows"):
        list(spreadsheets.xlsx_rows(workbook([["x"]] * 4)))
    settings.IMPORT_MAX_COLUMNS = 2
    with pytest.raises(spreadsheets.SpreadsheetRefused, match="Row 2 has a value beyond column 2"):
        list(spreadsheets.xlsx_rows(workbook([["a", "b"], ["a", "b", "c"]])))


def test_too_many_parts_are_refused(settings):
    settings.IMPORT_XLSX_MAX_MEMBERS = 3
    with pytest.raises(spreadsheets.SpreadsheetRefused, match=r"holds \d+ parts; .* at most 3"):
        list(spreadsheets.xlsx_rows(workbook([["a"]])))


def test_a_file_that_is_not_a_zip_is_refused():
    with pytest.raises(spreadsheets.SpreadsheetRefused, match="cannot be read as an Excel workbook"):
        list(spreadsheets.xlsx_rows(io.BytesIO(b"vendor,channel\n")))


def test_a_csv_file_is_read_as_utf8_with_or_without_the_excel_mark():
    rows = list(spreadsheets.csv_rows(io.BytesIO("\ufeffcode,name\nTSD,天山乳业\n".encode())))
    assert rows == [["code", "name"], ["TSD", "天山乳业"]]
    with pytest.raises(spreadsheets.SpreadsheetRefused, match="not UTF-8"):
        list(spreadsheets.csv_rows(io.BytesIO("code,name\nTSD,天山\n".encode("gb18030"))))
