from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def money(value, currency=""):
    """A Decimal amount with two decimals and grouping in the user's locale, then the currency code."""
    if value is None or value == "":
        return "—"
    text = number_format(Decimal(value), 2, use_l10n=True, force_grouping=True)
    return f"{text} {currency}".strip()
