"""CSV and Excel downloads. Every export goes through here so no cell can run as a formula.

A spreadsheet treats a cell starting with = + - @ (or a tab / carriage return that
hides one) as a formula; a client name like `=HYPERLINK(...)` would run on a
manager's machine. Such text is prefixed with a single quote, which spreadsheets
show as plain text.

An export is first a `Sheet`: counted, not yet written. agency/core/export_jobs.py writes it at once or,
when it is long, in the background (docs/practice.md, "Long exports in the background").
"""

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "xlsx": XLSX_TYPE}
PROGRESS_EVERY = 250  # rows between two progress updates of a background export


def safe_cell(value):
    """A value ready for a spreadsheet: text that looks like a formula is neutralised, numbers kept."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float | Decimal):
        return value
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, date):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


@dataclass
class Sheet:
    """One export, counted but not yet written.

    `name` is the file's name without its extension; `total` the rows it holds; `write(export_format,
    progress)` returns the file's bytes and may call progress(rows_written) on the way."""

    name: str
    total: int
    write: Callable
    title: str = ""  # what the export is of, as its progress page names it ("Campaigns")

    def file_name(self, export_format):
        return f"{self.name}.{export_format}"


def dated(name):
    """A list export's file name: the list's name and the day, in the reader's zone."""
    return f"{name}-{timezone.localdate():%Y-%m-%d}"


def counted(rows, progress):
    """The rows, telling `progress` how many have been written every PROGRESS_EVERY rows."""
    for n, row in enumerate(rows, start=1):
        if progress and n % PROGRESS_EVERY == 0:
            progress(n)
        yield row


def csv_bytes(header, rows):
    """A UTF-8 CSV with a byte-order mark, so Excel opens Chinese text correctly."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return buffer.getvalue().encode("utf-8")


def xlsx_bytes(header, rows, sheet_title):
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(sheet_title)[:31])
    sheet.append([safe_cell(h) for h in header])
    for row in rows:
        sheet.append([safe_cell(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rows_sheet(name, header, rows, total, sheet_title=None):
    """A Sheet of a header and rows (an iterable, read once when written), as CSV or Excel."""
    title = sheet_title or name

    def write(export_format, progress=None):
        if export_format == "xlsx":
            return xlsx_bytes(header, counted(rows, progress), title)
        return csv_bytes(header, counted(rows, progress))

    return Sheet(name=dated(name), total=total, write=write, title=str(title))


def file_response(content, file_name, export_format):
    response = HttpResponse(content, content_type=CONTENT_TYPES[export_format])
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response


def sheet_response(sheet, export_format):
    """The sheet written now, in this request."""
    return file_response(sheet.write(export_format), sheet.file_name(export_format), export_format)


def csv_response(name, header, rows):
    return sheet_response(rows_sheet(name, header, rows, total=0), "csv")


def xlsx_response(name, header, rows, sheet_title=None):
    return sheet_response(rows_sheet(name, header, rows, total=0, sheet_title=sheet_title), "xlsx")


def export_response(export_format, name, header, rows, sheet_title=None):
    if export_format == "xlsx":
        return xlsx_response(name, header, rows, sheet_title)
    return csv_response(name, header, rows)
