"""Plan pages at planner scale, money in Decimal, competitor separation, and access."""

import gzip
import re
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.tests.factories import BrandFactory
from briefs.tests.factories import CampaignFactory
from media import queries
from media.models import PlanLine
from media.money import line_amounts, split_pro_rata
from media.services import bookings, plans

from .conftest import client_decides, first_line
from .factories import PlanVersionFactory, add_lines


def count_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


@pytest.mark.parametrize("name", ["media_plan", "media_flowchart", "media_monthly"])
def test_it_keeps_plan_pages_within_a_fixed_query_budget(client, personas, media_campaign, name):
    client.force_login(personas.member)
    small = PlanVersionFactory(campaign=media_campaign, number=1)
    large = PlanVersionFactory(campaign=media_campaign, number=2)
    add_lines(small, 100)
    add_lines(large, 1000)
    small_count, _page = count_queries(client, reverse(name, args=[small.pk]))
    large_count, page = count_queries(client, reverse(name, args=[large.pk]))
    assert large_count == small_count <= 14
    if name == "media_plan":
        assert 'id="total-spots">31,000<' in page or 'id="total-spots">31000<' in page


def test_a_large_plan_shows_a_page_of_lines_with_the_whole_plans_totals(client, personas, media_campaign):
    client.force_login(personas.member)
    plan = PlanVersionFactory(campaign=media_campaign, number=1)
    add_lines(plan, 1000)
    url = reverse("media_plan", args=[plan.pk])
    first = client.get(url).content.decode()
    last = client.get(url + "?page=10").content.decode()
    for page in (first, last):
        assert 'id="total-spots">31,000<' in page or 'id="total-spots">31000<' in page
        assert page.count("<tr") < 150  # a page of 100 lines, not 1,000
        assert len(page) < 300_000
    assert "Lines 1–100 of 1000" in first and "Lines 901–1000 of 1000" in last
    assert 'href="?page=10"' in first
    beyond = client.get(url + "?page=99").content.decode()
    assert "Lines 901–1000 of 1000" in beyond


def test_it_shows_every_line_and_the_totals_of_a_1000_line_plan(client, personas, media_campaign):
    client.force_login(personas.member)
    plan = PlanVersionFactory(campaign=media_campaign, number=1)
    add_lines(plan, 1000)
    PlanLine.objects.filter(version=plan).update(vehicle=Concat(Value("Station "), Cast("position", CharField())))

    # The lines come a page at a time; every page carries the whole plan's totals.
    pages = [client.get(reverse("media_plan", args=[plan.pk]), {"page": n}).content.decode() for n in range(1, 11)]
    table = "".join(page[page.index('id="plan-lines"') : page.index("</table>")] for page in pages)
    page = pages[-1]
    missing = [
        n
        for n in range(1, 1001)
        if f"<td>{n}</td><td>CCTV Advertising</td><td>TV</td><td>Station {n}</td>" not in table
    ]
    assert missing == []
    assert table.count('<a href="/media/lines/') == 1000  # every line can be edited and removed in a draft
    assert table.count('<a class="text-danger ms-1" href="/media/lines/') == 1000  # Remove opens its confirm page
    assert table.count("<td>National</td><td>Prime time 19:00-22:00</td><td>15s</td>") == 1000
    assert table.count('<td class="text-end">85,000.00</td><td class="text-end">2,635,000.00</td>') == 1000
    # 31 spots × 85,000.00 less 12.50% on each line, 1,000 times.
    assert 'id="total-spots">31000<' in page
    assert 'id="total-net">2,305,625,000.00 CNY<' in page
    assert 'id="plan-gross">2,635,000,000.00 CNY<' in page

    chart = client.get(reverse("media_flowchart", args=[plan.pk])).content.decode()
    assert [
        n for n in range(1, 1001) if f"<td>{n}</td><td>CCTV Advertising</td><td>Station {n}</td>" not in chart
    ] == []
    # Each line's 31 July spots by week from Monday 29 June: 5 (1-5 July), 7, 7, 7, 5 (27-31 July).
    week = '<td class="text-center table-primary">{}</td>'
    assert chart.count(week.format(5) + week.format(7) * 3 + week.format(5)) == 1000
    assert "".join(f'<th class="text-center">{n}</th>' for n in (5000, 7000, 7000, 7000, 5000)) in chart

    zipped = client.get(reverse("media_flowchart", args=[plan.pk]), HTTP_ACCEPT_ENCODING="gzip")
    assert zipped["Content-Encoding"] == "gzip"
    unzipped = gzip.decompress(zipped.content).decode()
    assert unzipped[unzipped.index("<table") :] == chart[chart.index("<table") :]  # the CSRF token above differs


def test_it_posts_each_lines_book_button_through_the_one_csrf_form(client, personas, confirmed_plan):
    client.force_login(personas.member)
    url = reverse("media_plan", args=[confirmed_plan.pk])
    lines = list(confirmed_plan.lines.order_by("position"))
    page = client.get(url).content.decode()
    form = re.search(r'<form id="line-actions" method="post"><input type="hidden" name="csrfmiddlewaretoken"', page)
    assert form and page.index("<tbody>") > form.end()
    for line in lines:
        book = reverse("media_line_book", args=[line.pk])
        assert f'type="submit" form="line-actions" formaction="{book}">Book</button>' in page

    client.post(reverse("media_line_book", args=[lines[0].pk]))
    booking = lines[0].bookings.get()
    page = client.get(url).content.decode()
    assert f'<a href="{reverse("media_booking", args=[booking.pk])}">{booking.reference}</a> · Requested' in page
    assert f'formaction="{reverse("media_line_book", args=[lines[0].pk])}"' not in page
    assert f'formaction="{reverse("media_line_book", args=[lines[1].pk])}"' in page


def test_it_keeps_money_in_decimal_and_splits_months_to_the_cent(personas, draft_plan):
    line = first_line(draft_plan)
    assert isinstance(line.gross, Decimal) and isinstance(line.net, Decimal)
    assert line_amounts(3, Decimal("0.10"), Decimal("33.33")) == (Decimal("0.30"), Decimal("0.20"))
    totals = queries.totals(draft_plan.lines.all())
    assert totals.net == Decimal("2305625.00") + Decimal("38285.00")
    assert all(isinstance(v, Decimal) for v in (totals.gross, totals.net, totals.discount))

    months = queries.monthly_plans(draft_plan)
    assert [m["month"] for m in months] == [date(2026, 7, 1), date(2026, 8, 1)]
    led = [r for m in months for r in m["rows"] if r["line"].vehicle == "Guangzhou Tianhe LED"]
    # 15 July – 14 August: 17 days in July, 14 in August, of 3,100 spots and 38,285.00 net.
    assert [(r["days"], r["spots"], r["net"]) for r in led] == [
        (17, 1700, Decimal("20995.00")),
        (14, 1400, Decimal("17290.00")),
    ]
    assert sum(m["net"] for m in months) == totals.net
    assert all(isinstance(m["net"], Decimal) for m in months)
    assert split_pro_rata(Decimal("100.00"), [1, 1, 1], Decimal("0.01")) == [
        Decimal("33.34"),
        Decimal("33.33"),
        Decimal("33.33"),
    ]

    chart = queries.flowchart(draft_plan)
    assert chart["weeks"][0] == date(2026, 6, 29)  # the Monday of the week of 1 July
    assert sum(c or 0 for c in chart["rows"][0]["cells"]) == 31


def test_it_flags_competitors_in_the_same_slot(client, personas, draft_plan, contact):
    line = first_line(draft_plan)
    fields = {name: getattr(line, name) for name in PlanLine.INPUTS}
    plans.plan_line_update(line=line, by=personas.member, **{**fields, "keep_apart_from": "Mengniu, infant formula"})
    # Another client's confirmed plan advertises Mengniu in the same vehicle, daypart and weeks.
    rival_brand = BrandFactory(client=personas.other_client, name="Mengniu")
    rival = CampaignFactory(client=personas.other_client, brand=rival_brand, lead_ae=personas.outsider)
    rival_plan = PlanVersionFactory(campaign=rival)
    add_lines(rival_plan, 1, vehicle="CCTV-1", flight_start=date(2026, 7, 20), flight_end=date(2026, 8, 20))
    type(rival_plan).objects.filter(pk=rival_plan.pk).update(status="sent")
    # A line of this plan in another daypart does not clash.
    plans.plan_line_add(version=draft_plan, by=personas.member, **{**fields, "placement": "Morning 07:00-09:00"})

    client.force_login(personas.member)
    page = client.get(reverse("media_plan", args=[draft_plan.pk])).content.decode()
    assert "1 line breaks competitor separation." in page
    assert "Same slot as another client&#x27;s booking (mengniu): CCTV-1" in page
    assert rival.job_number not in page  # the other client's campaign is not disclosed
    client.force_login(personas.management)
    assert rival.job_number in client.get(reverse("media_plan", args=[draft_plan.pk])).content.decode()


def test_it_answers_404_to_outsiders_on_every_media_address(client, personas, confirmed_plan, media_root):
    line = first_line(confirmed_plan)
    booking = bookings.booking_create(line=line, by=personas.member)
    bookings.booking_confirm(booking=booking, vendor_reference="", by=personas.member)
    report = bookings.monitoring_record(
        booking=booking, period_start=date(2026, 7, 1), period_end=date(2026, 7, 7), scheduled=7, aired=6,
        notes="", proofs=[], by=personas.member,
    )  # fmt: skip
    campaign = confirmed_plan.campaign
    addresses = [
        ("media_home", campaign.pk),
        ("media_brief_edit", campaign.pk),
        ("media_plan_new", campaign.pk),
        ("media_plan", confirmed_plan.pk),
        ("media_line_add", confirmed_plan.pk),
        ("media_line_edit", line.pk),
        ("media_line_remove", line.pk),
        ("media_line_book", line.pk),
        ("media_flowchart", confirmed_plan.pk),
        ("media_monthly", confirmed_plan.pk),
        ("media_plan_export", confirmed_plan.pk),
        ("media_plan_import", confirmed_plan.pk),
        ("media_plan_send", confirmed_plan.pk),
        ("media_schedule_send", confirmed_plan.pk),
        ("media_recommendation_send", confirmed_plan.pk),
        ("media_monthly_send", confirmed_plan.pk),
        ("media_booking", booking.pk),
        ("media_insertion_order", booking.pk),
        ("media_booking_confirm", booking.pk),
        ("media_booking_cancel", booking.pk),
        ("media_booking_suspend", booking.pk),
        ("media_booking_resume", booking.pk),
        ("media_monitoring_add", booking.pk),
        ("media_make_good_schedule", report.make_good.pk),
        ("media_make_good_aired", report.make_good.pk),
    ]
    client.force_login(personas.outsider)
    for name, pk in addresses:
        url = reverse(name, args=[pk])
        assert client.get(url).status_code in (404, 405), url
        assert client.post(url, {"reason": "x", "summary": "x", "air_date": "2026-07-10"}).status_code == 404, url
    booking.refresh_from_db()
    assert booking.status == "confirmed"
    # The team sees them: the supervisor through their report, management everywhere.
    for person in (personas.supervisor, personas.management):
        client.force_login(person)
        assert "CCTV-1" in client.get(reverse("media_plan", args=[confirmed_plan.pk])).content.decode()


def test_it_shows_the_plan_against_the_budget_in_the_users_locale(client, personas, draft_plan, contact):
    personas.member.language = "zh-hans"
    personas.member.save()
    client.force_login(personas.member)
    page = client.get(reverse("media_plan", args=[draft_plan.pk])).content.decode()
    assert "2,343,910.00 CNY" in page  # net of both lines
    assert "2,656,090.00 CNY" in page  # left of the 5,000,000.00 budget
    plans.plan_send(version=draft_plan, contact=contact, by=personas.member)
    client_decides(contact.email, "changes_requested", comment="Less TV.")
    draft_plan.refresh_from_db()
    assert draft_plan.status == "changes"
    assert PlanLine.objects.filter(version=draft_plan).count() == 2
