"""CSV and Excel downloads. Every export goes through here so no cell can run as a formula.

A spreadsheet treats a cell starting with = + - @ (or a tab / carriage return that
hides one) as a formula; a client name like `=HYPERLINK(...)` would run on a
manager's machine. Such text is prefixed with a single quote, which spreadsheets
show as plain text.
"""

import csv
import io
from datetime import date, datetime
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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


def _filename(name, extension):
    return f"{name}-{timezone.localdate():%Y-%m-%d}.{extension}"


def csv_response(name, header, rows):
    """A UTF-8 CSV with a byte-order mark, so Excel opens Chinese text correctly."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(name, "csv")}"'
    return response


def xlsx_response(name, header, rows, sheet_title=None):
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=(sheet_title or name)[:31])
    sheet.append([safe_cell(h) for h in header])
    for row in rows:
        sheet.append([safe_cell(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename(name, "xlsx")}"'
    return response


def export_response(export_format, name, header, rows, sheet_title=None):
    if export_format == "xlsx":
        return xlsx_response(name, header, rows, sheet_title)
    return csv_response(name, header, rows)
