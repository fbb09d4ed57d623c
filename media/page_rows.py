"""Plan lines as rows of ready-to-show text, for the plan page and the flowchart at 1,000 lines.

Each value a row shows (money, dates, links, week cells) is formatted here once, in Python, with the
locale's formats and the URL patterns looked up once per page, so the template only prints strings:
template filters and `{% url %}` on every row cost more than the rest of the page.
"""

from functools import lru_cache

from django.urls import reverse
from django.utils import dateformat
from django.utils.formats import get_format, number_format
from django.utils.safestring import mark_safe

from .queries import channel_labels
from .templatetags.media_tags import money_formatter

_SENTINEL = 987654321


def url_maker(name):
    """pk → the URL of `name` for that pk, from one reverse()."""
    head, tail = reverse(name, args=[_SENTINEL]).split(str(_SENTINEL))
    return lambda pk: f"{head}{pk}{tail}"


def _once_per_value(format_value):
    """format_value, remembering each value's text: a plan's lines share a few flights, rates and discounts."""
    return lru_cache(maxsize=None)(format_value)


def plan_rows(lines, conflicts):
    """One dict per line for the plan table; `conflicts` is {line id: [separation messages]}."""
    money = _once_per_value(money_formatter())
    short_date = get_format("SHORT_DATE_FORMAT")
    date = _once_per_value(lambda value: dateformat.format(value, short_date))
    percent = _once_per_value(number_format)
    edit_url, remove_url = url_maker("media_line_edit"), url_maker("media_line_remove")
    book_url, booking_url = url_maker("media_line_book"), url_maker("media_booking")
    channels = channel_labels()
    rows = []
    for line in lines:
        booking = next((b for b in line.bookings.all() if b.is_live), None)
        rows.append(
            {
                "position": str(line.position),
                "vendor": line.vendor,
                "channel": channels.get(line.channel, line.channel),
                "vehicle": line.vehicle,
                "conflicts": conflicts.get(line.pk, []),
                "market": line.market,
                "placement": line.placement,
                "format": line.format,
                "flight_start": date(line.flight_start),
                "flight_end": date(line.flight_end),
                "spots": str(line.spots),
                "unit_rate": money(line.unit_rate),
                "gross": money(line.gross),
                "discount_pct": percent(line.discount_pct),
                "net": money(line.net),
                "edit_url": edit_url(line.pk),
                "remove_url": remove_url(line.pk),
                "book_url": book_url(line.pk),
                "booking": booking
                and {
                    "url": booking_url(booking.pk),
                    "reference": booking.reference,
                    "status": booking.get_status_display(),
                },
            }
        )
    return rows


def flowchart_rows(rows):
    """The flowchart's rows (queries.flowchart) with the line's columns as text and its week cells as
    markup: a cell is empty outside the line's flight, else the (integer) spots of that week."""
    money = _once_per_value(money_formatter())
    result = []
    for row in rows:
        line = row["line"]
        cells = "".join(
            "<td></td>" if cell is None else f'<td class="text-center table-primary">{int(cell)}</td>'
            for cell in row["cells"]
        )
        result.append(
            {
                "position": str(line.position),
                "vendor": line.vendor,
                "vehicle": line.vehicle,
                "placement": line.placement,
                "net": money(line.net),
                "cells": mark_safe(cells),  # noqa: S308 (integers and fixed markup only)
            }
        )
    return result
