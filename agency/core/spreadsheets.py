"""Reading a spreadsheet someone uploaded, within bounds (docs/practice.md, "Imports within bounds").

An .xlsx is a zip of XML. A small file can unpack to gigabytes, so the zip's table of contents is checked
against the limits in settings before any part is unpacked: total unpacked size, the largest part, how tightly
a part is packed, and how many parts there are. Python's zip reader never unpacks more than a part's declared
size, so a table of contents that lies cannot get past these checks either. Only then does openpyxl read the
first sheet, streaming (read_only), and only up to IMPORT_MAX_ROWS rows and IMPORT_MAX_COLUMNS columns.

CSV files are read as UTF-8 (with or without the byte-order mark Excel writes) within the same row and column caps.
"""

import csv
import io
import zipfile

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook


class SpreadsheetRefused(ValueError):
    """The file is refused as a whole; the message names the limit and the file's figure."""


def names_in_every_language(pairs):
    """{casefolded name: key} for (key, translatable name) pairs, in every language we speak, and each key
    itself: a column header or a cell may be written in English, 简体 or 繁體."""
    names = {}
    for code, _language in settings.LANGUAGES:
        with translation.override(code):
            for key, name in pairs:
                names[str(name).strip().casefold()] = key
                names[key] = key
    return names


def _blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def check_xlsx(upload):
    """Refuse a workbook whose parts would unpack beyond the limits; read only the zip's table of contents."""
    limits = settings
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise SpreadsheetRefused(_("The file cannot be read as an Excel workbook (.xlsx).")) from None
    finally:
        upload.seek(0)
    if len(members) > limits.IMPORT_XLSX_MAX_MEMBERS:
        raise SpreadsheetRefused(
            _("The workbook holds %(count)s parts; a workbook to import may hold at most %(limit)s.")
            % {"count": len(members), "limit": limits.IMPORT_XLSX_MAX_MEMBERS}
        )
    total = sum(member.file_size for member in members)
    if total > limits.IMPORT_XLSX_MAX_UNCOMPRESSED:
        raise SpreadsheetRefused(
            _("The workbook unpacks to %(size)s; a workbook to import may unpack to at most %(limit)s.")
            % {"size": filesizeformat(total), "limit": filesizeformat(limits.IMPORT_XLSX_MAX_UNCOMPRESSED)}
        )
    for member in members:
        if member.file_size > limits.IMPORT_XLSX_MAX_MEMBER:
            raise SpreadsheetRefused(
                _("A part of the workbook (%(part)s) unpacks to %(size)s; a part may unpack to at most %(limit)s.")
                % {
                    "part": member.filename[:80],
                    "size": filesizeformat(member.file_size),
                    "limit": filesizeformat(limits.IMPORT_XLSX_MAX_MEMBER),
                }
            )
        ratio = member.file_size / max(member.compress_size, 1)
        if ratio > limits.IMPORT_XLSX_MAX_RATIO:
            raise SpreadsheetRefused(
                _(
                    "A part of the workbook (%(part)s) is packed %(ratio)s to 1; "
                    "a workbook to import may be packed at most %(limit)s to 1."
                )
                % {"part": member.filename[:80], "ratio": int(ratio), "limit": limits.IMPORT_XLSX_MAX_RATIO}
            )


def _capped(rows):
    """Rows as lists, refused beyond the row cap or with a filled cell beyond the column cap."""
    max_rows, max_columns = settings.IMPORT_MAX_ROWS, settings.IMPORT_MAX_COLUMNS
    for number, values in enumerate(rows, start=1):
        if number > max_rows:
            raise SpreadsheetRefused(
                _("The sheet has more than %(limit)s rows; split it into smaller files.") % {"limit": max_rows}
            )
        values = list(values)
        if any(not _blank(value) for value in values[max_columns:]):
            raise SpreadsheetRefused(
                _("Row %(row)s has a value beyond column %(limit)s; a sheet to import may use %(limit)s columns.")
                % {"row": number, "limit": max_columns}
            )
        yield values[:max_columns]


def xlsx_rows(upload):
    """The first sheet's rows (lists of cell values), after check_xlsx. A generator: iterate it once."""
    check_xlsx(upload)
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
    except Exception:  # openpyxl raises many kinds for a damaged or foreign file
        raise SpreadsheetRefused(_("The file cannot be read as an Excel workbook (.xlsx).")) from None
    try:
        # One column past the cap, so a value there is seen and refused rather than silently dropped.
        yield from _capped(
            sheet.iter_rows(
                max_row=settings.IMPORT_MAX_ROWS + 1, max_col=settings.IMPORT_MAX_COLUMNS + 1, values_only=True
            )
        )
    finally:
        workbook.close()


def csv_rows(upload):
    """A CSV file's rows (lists of text), read as UTF-8."""
    upload.seek(0)
    text = io.TextIOWrapper(upload, encoding="utf-8-sig", newline="")
    try:
        yield from _capped(csv.reader(text))
    except UnicodeDecodeError:
        raise SpreadsheetRefused(_("The CSV file is not UTF-8 text; save it as “CSV UTF-8” and try again.")) from None
    except csv.Error as error:
        raise SpreadsheetRefused(_("The CSV file cannot be read: %(error)s") % {"error": error}) from None
    finally:
        text.detach()
