"""Amounts are read one way: what people type in forms and spreadsheets is taken as written or refused
with the form we expect, never guessed."""

from decimal import Decimal

import pytest

from agency.core import numbers
from agency.core.forms import AmountField, PercentField


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("1250.5", Decimal("1250.5")),
        ("1,250.50", Decimal("1250.50")),
        ("12,500", Decimal("12500")),
        ("HK$1,250", Decimal("1250")),
        ("HK$1,250.50", Decimal("1250.50")),
        ("¥300", Decimal("300")),
        ("￥300", Decimal("300")),
        ("RMB 1,000,000", Decimal("1000000")),
        ("$12", Decimal("12")),
        ("１２５", Decimal("125")),
        ("１，２５０．５０", Decimal("1250.50")),
        (" 85000 ", Decimal("85000")),
        (125, Decimal("125")),
        (1234.5, Decimal("1234.5")),
        (Decimal("12.35"), Decimal("12.35")),
    ],
)
def test_it_reads_what_people_type(typed, read):
    assert numbers.parse_number(typed) == read


@pytest.mark.parametrize(
    "typed", ["12,5", "1.250,50", "1,25", "1,2500", "1 250", "12.5.0", "1,250,5", "twelve", "", True]
)
def test_it_refuses_what_could_be_read_two_ways(typed):
    with pytest.raises(numbers.NumberRefused):
        numbers.parse_number(typed)


def test_the_refusal_says_the_form_we_expect():
    with pytest.raises(numbers.NumberRefused) as refused:
        numbers.parse_number("12,5")
    assert str(refused.value) == (
        "“12,5” is not a number we can read one way; write it like 1250.50 or 1,250.50: "
        "a point before the decimals, commas only between groups of three"
    )


def test_a_percent_sign_is_read_only_where_a_percentage_is_asked_for():
    assert numbers.parse_number("12.5%", percent=True) == Decimal("12.5")
    with pytest.raises(numbers.NumberRefused):
        numbers.parse_number("12.5%")


def test_the_form_field_names_itself_in_its_error():
    field = AmountField(label="Unit rate", max_digits=14, decimal_places=2)
    assert field.clean("HK$1,250.50") == Decimal("1250.50")
    with pytest.raises(Exception) as refused:
        field.clean("12,5")
    assert refused.value.messages[0].startswith("Unit rate: “12,5” is not a number we can read one way")
    assert PercentField(label="Discount %", max_digits=5, decimal_places=2).clean("１２.５%") == Decimal("12.5")
