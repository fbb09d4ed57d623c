"""Numbers people type, read one way (docs/practice.md, "Amounts are typed unambiguously").

Money, percentages, rates and quantities, from a form or a spreadsheet cell. Accepted: "1250.5",
"1,250.50", a currency in front ("HK$1,250", "¥300", "RMB 300", "$12"), a percent sign behind ("12.5%"),
full-width digits and punctuation as a Chinese keyboard types them ("１２５", "１，２５０．５０"), and a
spreadsheet's own number cells as they are. The decimal mark is a point; a comma only separates groups of
three digits. Anything else ("12,5", "1.250,50", "1 250") is refused with the form we expect: never guessed
by dropping a separator, because 12,5 may mean twelve and a half or a typing slip for 125.
"""

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

# Longest first, so "HK$" is taken before "$". Compared after NFKC and casefold ("￥" is "¥", "ＨＫ＄" is "hk$").
CURRENCY_MARKS = ("hk$", "us$", "rmb", "cny", "hkd", "usd", "$", "¥")
NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")


class NumberRefused(ValueError):
    """The text is not a number written one way; the message says the form we expect."""


def expected_form():
    return _("write it like 1250.50 or 1,250.50: a point before the decimals, commas only between groups of three")


def parse_number(value, *, percent=False):
    """`value` (text or a spreadsheet cell) as an exact Decimal, or NumberRefused. A trailing "%" only with
    `percent` (a discount), so "12%" typed as a rate is not read as 12."""
    if isinstance(value, bool):
        raise NumberRefused(_("“%(value)s” is not a number") % {"value": value})
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))  # the shortest text that is this number: 1234.5 → Decimal("1234.5")
    text = unicodedata.normalize("NFKC", str(value)).strip()
    shown = text[:40]
    folded = text.casefold()
    for mark in CURRENCY_MARKS:
        if folded.startswith(mark):
            text = text[len(mark) :].strip()
            break
    if percent and text.endswith("%"):
        text = text[:-1].strip()
    if not NUMBER.fullmatch(text):
        raise NumberRefused(
            _("“%(value)s” is not a number we can read one way; %(form)s") % {"value": shown, "form": expected_form()}
        )
    try:
        number = Decimal(text.replace(",", ""))
    except InvalidOperation:  # the pattern above lets through only what Decimal reads; kept for safety
        raise NumberRefused(_("“%(value)s” is not a number") % {"value": shown}) from None
    return number
