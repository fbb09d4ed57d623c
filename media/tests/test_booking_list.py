"""Bookings across plans (/media/bookings/): sorted by any column in the database, filtered in the URL,
exported as filtered, scoped to the account team, in a fixed number of queries."""

import io

import pytest
from openpyxl import load_workbook

from media.models import PlanLine
from media.services import bookings

URL = "/media/bookings/"


def book_all(plan, personas, n=2):
    lines = PlanLine.objects.filter(version=plan).order_by("position")[:n]
    return [bookings.booking_create(line=line, by=personas.management, over_budget_reason="Agreed") for line in lines]


def vendors(response):
    return [b.line.vendor for b in response.context["page"]]


def test_bookings_sort_by_media_owner_and_filter_by_channel(client, personas, confirmed_plan):
    book_all(confirmed_plan, personas)
    client.force_login(personas.member)
    up = vendors(client.get(URL, {"sort": "vendor"}))
    assert len(up) == 2 and up == sorted(up)
    assert vendors(client.get(URL, {"sort": "-vendor"})) == up[::-1]
    response = client.get(URL, {"channel": "outdoor", "sort": "vendor"})
    assert vendors(response) == ["Focus Media"]
    assert 'href="?channel=outdoor&amp;sort=-vendor"' in response.content.decode()


def test_the_export_holds_the_filtered_bookings(client, personas, confirmed_plan):
    book_all(confirmed_plan, personas)
    client.force_login(personas.member)
    response = client.get("/media/bookings/export.xlsx", {"channel": "outdoor"})

    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("Insertion order", "Client", "Campaign")
    assert len(rows) == 2 and rows[1][3] == "Focus Media" and rows[1][5] == "Outdoor / LED"


def test_outsiders_see_no_booking(client, personas, confirmed_plan):
    book_all(confirmed_plan, personas)
    client.force_login(personas.outsider)
    assert list(client.get(URL).context["page"]) == []


@pytest.mark.parametrize("size", [1, 2])
def test_the_booking_list_keeps_a_fixed_number_of_queries(
    client, personas, confirmed_plan, size, django_assert_max_num_queries
):
    book_all(confirmed_plan, personas, size)
    client.force_login(personas.member)
    for sort in ("client", "-campaign", "flight_start"):
        with django_assert_max_num_queries(5):
            response = client.get(URL, {"sort": sort})
        assert len(vendors(response)) == size
