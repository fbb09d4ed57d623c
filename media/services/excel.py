"""Media plans in and out of Excel, the planners' own tool.

Export: a header block (client, campaign, version, status, currency, budget), one row per line in the
order of PlanLine.FIELDS under the fields' names, SUM totals. Every text cell is written as text (never a
formula), so a vendor called "=HYPERLINK(...)" stays a name. Money is written as numbers with two decimals.

Import: the header row is found by its column names in any of our languages; every row is checked and
every problem reported (row, column, what is wrong); nothing is written unless the whole file is clean.
Numbers are read by agency.core.numbers (exact Decimals, one reading only); dates are date cells or ISO text.
"""

import io
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.utils import translation
from django.utils.functional import lazy
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from agency.core import exports, numbers, spreadsheets

from ..models import Channel, PlanLine
from ..models.plan import MAX_SPOTS
from ..money import CENT, line_amounts

MAX_IMPORT_ROWS = 5000
MONEY_FORMAT = "#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"

_FIELDS = [PlanLine._meta.get_field(name) for name in PlanLine.FIELDS]
# The line's number, then its fields under their names ("Media owner", "媒体方"), as the page labels them.
COLUMNS = (
    ("position", gettext_lazy("#")),
    *((field.name, lazy(capfirst, str)(field.verbose_name)) for field in _FIELDS),
)
# What a row must give: every typed-in field without a default (gross and net may be left empty).
REQUIRED = tuple(f.name for f in _FIELDS if f.name not in PlanLine.COMPUTED and not f.blank and not f.has_default())
TEXT_LIMITS = {f.name: f.max_length for f in _FIELDS if f.get_internal_type() == "CharField" and not f.choices}
MONEY_COLUMNS = {"unit_rate", "gross", "net"}
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _text(cell, value):
    """A text cell that can never be read as a formula by Excel or by us."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if value.startswith(FORMULA_START):
            cell.quotePrefix = True
    return cell


def export_plan(version, plan_totals, language, progress=None):
    """The plan version as .xlsx bytes, labelled in `language`; progress(lines_written) now and then."""
    wb = Workbook()
    ws = wb.active
    with translation.override(language):
        ws.title = str(_("Media plan"))[:31]
        campaign = version.campaign
        bold = Font(bold=True)
        header_rows = (
            (_("Media plan"), f"{campaign.job_number} {campaign.name}"),
            (_("Client"), campaign.client.name),
            (_("Brand"), campaign.brand.name),
            (_("Version"), f"{version.version_label} · {version.get_status_display()}"),
            (_("Currency"), version.currency),
            (_("Campaign budget"), campaign.budget),
        )
        for row, (label, value) in enumerate(header_rows, start=1):
            _text(ws.cell(row, 1), str(label)).font = bold
            cell = ws.cell(row, 2)
            _text(cell, value)
            if isinstance(value, Decimal):
                cell.number_format = MONEY_FORMAT
        first = len(header_rows) + 2
        fill = PatternFill("solid", fgColor="DDE6F0")
        for col, (_key, label) in enumerate(COLUMNS, start=1):
            cell = ws.cell(first, col)
            _text(cell, str(label))
            cell.font, cell.fill = bold, fill
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        lines = list(version.lines.all())
        for offset, line in enumerate(exports.counted(lines, progress), start=1):
            row = first + offset
            for col, (key, _label) in enumerate(COLUMNS, start=1):
                cell = ws.cell(row, col)
                value = line.position if key == "position" else getattr(line, key)
                if key == "channel":
                    value = line.get_channel_display()
                _text(cell, value)
                if key in MONEY_COLUMNS:
                    cell.number_format = MONEY_FORMAT
                elif isinstance(value, date):
                    cell.number_format = DATE_FORMAT
        total_row = first + len(lines) + 1
        _text(ws.cell(total_row, 1), str(_("Total"))).font = bold
        if lines:
            for key in ("spots", "gross", "net"):
                col = [k for k, _l in COLUMNS].index(key) + 1
                letter = get_column_letter(col)
                cell = ws.cell(total_row, col, f"=SUM({letter}{first + 1}:{letter}{total_row - 1})")
                cell.font = bold
                if key != "spots":
                    cell.number_format = MONEY_FORMAT
        widths = {"vendor": 22, "vehicle": 24, "placement": 18, "format": 14, "notes": 30, "keep_apart_from": 22}
        for col, (key, _label) in enumerate(COLUMNS, start=1):
            ws.column_dimensions[get_column_letter(col)].width = widths.get(key, 13)
        ws.freeze_panes = ws.cell(first + 1, 3)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# ── Import ───────────────────────────────────────────────────────────────────


@dataclass
class RowError:
    row: int
    column: str
    problem: str

    def __str__(self):
        if not self.row:  # the file as a whole
            return capfirst(self.problem)
        return _("Row %(row)s, %(column)s: %(problem)s") % {
            "row": self.row,
            "column": self.column,
            "problem": self.problem,
        }


class ImportRejected(Exception):
    def __init__(self, errors):
        self.errors = errors
        super().__init__("; ".join(str(e) for e in errors))


def _total_labels():
    labels = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            labels.add(str(_("Total")).strip().casefold())
    return labels


def _date(value):
    """A real date cell, or ISO text (2026-06-12); "12/06/2026" is June or December, so it is refused.
    Rule: "Amounts are typed unambiguously" (docs/practice.md)"""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if not ISO_DATE.fullmatch(text):
        raise ValueError(text)
    return date.fromisoformat(text)


def _position(value):
    """The line's number ("#"), which matches the row to a line of the plan; None when left empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = numbers.parse_number(value)
    except numbers.NumberRefused as refused:
        raise ValueError(str(refused)) from None
    if number != number.to_integral_value() or not 0 < number <= MAX_IMPORT_ROWS * 100:
        raise ValueError(_("must be a whole number above zero"))
    return int(number)


def _clean_cell(key, value):
    """The value for `key`, or raise ValueError with what is wrong."""
    blank = value is None or (isinstance(value, str) and not value.strip())
    if blank:
        if key in REQUIRED:
            raise ValueError(_("is required"))
        if key == "discount_pct":
            return Decimal("0")
        return None if key in ("gross", "net") else ""
    if key in TEXT_LIMITS:
        text = str(value).strip()
        if len(text) > TEXT_LIMITS[key]:
            raise ValueError(_("is longer than %(n)s characters") % {"n": TEXT_LIMITS[key]})
        return text
    if key == "channel":
        channel = spreadsheets.names_in_every_language(Channel.choices).get(str(value).strip().casefold())
        if channel is None:
            raise ValueError(
                _("“%(value)s” is not a channel; use one of %(choices)s")
                % {"value": value, "choices": ", ".join(str(label) for _v, label in Channel.choices)}
            )
        return channel
    if key in ("flight_start", "flight_end"):
        try:
            return _date(value)
        except ValueError:
            raise ValueError(_("“%(value)s” is not a date (YYYY-MM-DD)") % {"value": value}) from None
    try:
        number = numbers.parse_number(value, percent=key == "discount_pct")
    except numbers.NumberRefused as refused:
        raise ValueError(str(refused)) from None
    if not number.is_finite():
        raise ValueError(_("“%(value)s” is not a number") % {"value": value})
    if key == "spots":
        if number != number.to_integral_value() or number <= 0:
            raise ValueError(_("must be a whole number above zero"))
        if number > MAX_SPOTS:
            raise ValueError(_("is more than a million"))
        return int(number)
    if number < 0:
        raise ValueError(_("cannot be negative"))
    if number != number.quantize(CENT):
        raise ValueError(_("has more than two decimals"))
    if key == "discount_pct" and number > 100:
        raise ValueError(_("cannot be more than 100"))
    if key in ("unit_rate", "gross", "net") and number >= Decimal("1e12"):
        raise ValueError(_("is too large"))
    return number.quantize(CENT)


def read_lines(upload):
    """Validated line values from an .xlsx upload already checked as a file (agency.core.files.SPREADSHEET),
    each with its sheet "row" and its "position" (the "#" column, or None), or ImportRejected with every
    problem found. The workbook is read within bounds (agency.core.spreadsheets)."""
    try:
        return _read_lines(spreadsheets.xlsx_rows(upload))
    except spreadsheets.SpreadsheetRefused as refused:
        raise ImportRejected([RowError(0, _("file"), str(refused))]) from None


def _read_lines(rows):
    labels = spreadsheets.names_in_every_language(COLUMNS)
    totals = _total_labels()
    header_at, columns = None, {}
    for number, values in enumerate(rows, start=1):
        found = {}
        for index, value in enumerate(values):
            key = labels.get(str(value).strip().casefold()) if isinstance(value, str) else None
            if key and key not in found:
                found[key] = index
        if len(found) >= 3:
            header_at, columns = number, found
            break
        if number >= 30:
            break
    if header_at is None:
        raise ImportRejected([RowError(0, _("header"), _("no header row with the plan's column names was found"))])
    label_of = dict(COLUMNS)
    missing = [k for k in REQUIRED if k not in columns]
    if missing:
        raise ImportRejected(
            [RowError(header_at, str(label_of[k]), _("this column is missing from the header row")) for k in missing]
        )
    errors, lines = [], []
    for number, values in enumerate(rows, start=header_at + 1):
        values = list(values)
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        first = values[0] if values else None
        if isinstance(first, str) and first.strip().casefold() in totals:
            continue
        if len(lines) + len(errors) >= MAX_IMPORT_ROWS:
            errors.append(RowError(number, _("file"), _("more than %(n)s lines") % {"n": MAX_IMPORT_ROWS}))
            break
        row, row_errors = {}, []
        for key, _label in COLUMNS:
            if key not in columns:
                continue
            index = columns[key]
            value = values[index] if index < len(values) else None
            try:
                row[key] = _position(value) if key == "position" else _clean_cell(key, value)
            except ValueError as problem:
                row_errors.append(RowError(number, str(label_of[key]), str(problem)))
        if not row_errors:
            if row["flight_end"] < row["flight_start"]:
                row_errors.append(RowError(number, str(label_of["flight_end"]), _("is before the flight start")))
            else:
                gross, net = line_amounts(row["spots"], row["unit_rate"], row.get("discount_pct") or Decimal("0"))
                for key, computed in (("gross", gross), ("net", net)):
                    given = row.pop(key, None)
                    if given is not None and given != computed:
                        row_errors.append(
                            RowError(
                                number,
                                str(label_of[key]),
                                _("is %(given)s but spots × unit rate less discount is %(computed)s")
                                % {"given": given, "computed": computed},
                            )
                        )
        if row_errors:
            errors.extend(row_errors)
        else:
            row.setdefault("position", None)  # no discount column: none for a new line, unchanged for a matched one
            row["row"] = number
            lines.append(row)
    if errors:
        raise ImportRejected(errors)
    if not lines:
        raise ImportRejected([RowError(header_at, _("file"), _("has no lines under the header row"))])
    return lines
