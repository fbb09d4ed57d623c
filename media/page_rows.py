"""Plan lines as rows of ready-to-show text, for the plan page and the flowchart at 1,000 lines.

Each value a row shows (money, dates, links, week cells) is formatted here once, in Python, with the
locale's formats and the URL patterns looked up once per page, so the template only prints strings:
template filters and `{% url %}` on every row cost more than the rest of the page.
"""

from functools import lru_cache
from html import escape

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
    """One dict per line for the plan table; `conflicts` is {line id: [separation messages]}. The line's
    columns (all but its actions) come as one piece of markup, escaped here: 100 rows of a dozen template
    variables each cost more than the rest of the page."""
    money_text, short_date = money_formatter(), get_format("SHORT_DATE_FORMAT")
    money = _once_per_value(lambda value: escape(money_text(value)))
    date = _once_per_value(lambda value: escape(dateformat.format(value, short_date)))
    percent = _once_per_value(lambda value: escape(number_format(value)))
    edit_url, remove_url = url_maker("media_line_edit"), url_maker("media_line_remove")
    book_url, booking_url = url_maker("media_line_book"), url_maker("media_booking")
    channels = channel_labels()
    rows = []
    for line in lines:
        booking = next((b for b in line.bookings.all() if b.is_live), None)
        messages = conflicts.get(line.pk, [])
        warnings = "".join(f'<div class="text-danger separation-conflict">⚠ {escape(m)}</div>' for m in messages)
        cells = (
            f"<td>{line.position}</td><td>{escape(line.vendor)}</td>"
            f"<td>{escape(channels.get(line.channel, line.channel))}</td><td>{escape(line.vehicle)}{warnings}</td>"
            f"<td>{escape(line.market)}</td><td>{escape(line.placement)}</td><td>{escape(line.format)}</td>"
            f'<td class="text-nowrap">{date(line.flight_start)} – {date(line.flight_end)}</td>'
            f'<td class="text-end">{line.spots}</td><td class="text-end">{money(line.unit_rate)}</td>'
            f'<td class="text-end">{money(line.gross)}</td><td class="text-end">{percent(line.discount_pct)}</td>'
            f'<td class="text-end">{money(line.net)}</td>'
        )
        rows.append(
            {
                "cells": mark_safe(cells),  # noqa: S308 (every value escaped above)
                "conflicts": messages,
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
    """The flowchart's rows (queries.flowchart) as markup, the line's columns escaped here: a week cell is
    empty outside the line's flight, else the (integer) spots of that week. Lines that share a flight and
    spots share their week cells' markup."""
    money_text = money_formatter()
    money = _once_per_value(lambda value: escape(money_text(value)))
    weeks = _once_per_value(
        lambda cells: "".join(
            "<td></td>" if cell is None else f'<td class="text-center table-primary">{int(cell)}</td>' for cell in cells
        )
    )
    result = []
    for row in rows:
        line = row["line"]
        cells = (
            f"<td>{line.position}</td><td>{escape(line.vendor)}</td><td>{escape(line.vehicle)}</td>"
            f'<td>{escape(line.placement)}</td><td class="text-end text-nowrap">{money(line.net)}</td>'
            f"{weeks(tuple(row['cells']))}"
        )
        result.append(mark_safe(cells))  # noqa: S308 (integers, escaped text and fixed markup only)
    return result
