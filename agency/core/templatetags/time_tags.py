"""Times in the reader's time zone: `{% load time_tags tz %}{% timezone contact|reader_zone %}...{% endtimezone %}`.

The reader is a client contact (their own zone, else their client's) or a staff member; anyone else reads the
agency's (settings.TIME_ZONE). Emails are rendered by a worker where no zone is active, so they name it.
"""

from datetime import date

from django import template
from django.utils import formats

from agency.core.calendar import reader_tz

register = template.Library()


@register.filter
def reader_zone(reader):
    """The time zone `reader` reads times in, for the {% timezone %} tag and to name it beside a time."""
    return reader_tz(reader)


@register.filter
def iso_date(value):
    """A date kept as ISO text (a report's stored facts) in the reader's one date format: "12 Jun 2026",
    "2026年6月12日"."""
    try:
        return formats.date_format(date.fromisoformat(value), "DATE_FORMAT")
    except (TypeError, ValueError):
        return value
