from decimal import Decimal

from django import template
from django.utils import numberformat
from django.utils.formats import get_format

register = template.Library()


def money_formatter(currency=""):
    """money() with the active locale's separators looked up once: for pages that format thousands of amounts."""
    separator, grouping = get_format("THOUSAND_SEPARATOR"), get_format("NUMBER_GROUPING")
    if not separator or not grouping:
        separator, grouping = ",", 3
    decimal_separator = get_format("DECIMAL_SEPARATOR")

    def format_money(value):
        if value is None or value == "":
            return "—"
        text = numberformat.format(
            Decimal(value),
            decimal_separator,
            decimal_pos=2,
            grouping=grouping,
            thousand_sep=separator,
            force_grouping=True,
        )
        return f"{text} {currency}".strip()

    return format_money


@register.filter
def money(value, currency=""):
    """A Decimal amount with two decimals, the locale's separators, then the currency code.

    Where the locale sets no thousands separator (Django's zh-hans and zh-hant), amounts are grouped
    by thousands with commas, as Chinese finance documents write them.
    """
    return money_formatter(currency)(value)
