from datetime import date
from decimal import Decimal

from django import template
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

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


@register.simple_tag
def dashboard_change(figure, since):
    """The change of a headline figure since the start of the period, in words: "+3 since 1 Jul"."""
    if figure.change is None or since is None:
        return _("today")
    day = date_format(since, "SHORT_DATE_FORMAT")
    if not figure.change:
        return _("no change since %(day)s") % {"day": day}
    amount = money(abs(figure.change)) if isinstance(figure.change, Decimal) and figure.currency else abs(figure.change)
    sign = "+" if figure.change > 0 else "−"
    return _("%(change)s since %(day)s") % {"change": f"{sign}{amount}", "day": day}


@register.simple_tag
def dashboard_filter_summary(filters):
    """The filters in one line, for the printed page (the form does not print)."""
    if not filters.is_bound or not filters.is_valid():
        return _("All clients, all time")
    parts = []
    for name, field in filters.form.fields.items():
        value = filters.form.cleaned_data.get(name)
        if value:
            shown = dict(field.choices).get(value, value) if name == "period" else value
            parts.append(f"{field.label}: {shown}")
    return " · ".join(str(part) for part in parts) or _("All clients, all time")
