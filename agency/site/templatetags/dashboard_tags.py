from datetime import date
from decimal import Decimal

from django import template
from django.utils.formats import date_format, number_format

from media.templatetags.media_tags import money

register = template.Library()


@register.filter
def dashboard_cell(value):
    """A table cell as a person reads it: money grouped with two decimals, dates in the locale's format."""
    if value is None or value == "":
        return "—"
    if isinstance(value, Decimal):
        return money(value)
    if isinstance(value, float):
        return number_format(value, 1)
    if isinstance(value, date):
        return date_format(value, "SHORT_DATE_FORMAT")
    return value


@register.filter
def dashboard_is_number(value):
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)
