"""Times in the reader's time zone: `{% load time_tags tz %}{% timezone contact|reader_zone %}...{% endtimezone %}`.

The reader is a client contact (their own zone, else their client's) or a staff member; anyone else reads the
agency's (settings.TIME_ZONE). Emails are rendered by a worker where no zone is active, so they name it.
"""

from django import template

from agency.core.calendar import reader_tz

register = template.Library()


@register.filter
def reader_zone(reader):
    """The time zone `reader` reads times in, for the {% timezone %} tag and to name it beside a time."""
    return reader_tz(reader)
