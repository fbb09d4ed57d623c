"""Money shown whole and committed money counted: the plan's total against the approved budget on the
client's page, over-budget sends and bookings only with a reason, the AM told, the campaign page's figures.

Rule: "Money committed counts" (docs/practice.md).
"""

import re
from decimal import Decimal

import pytest
from django.test import Client as Browser
from django.urls import reverse
from django.utils import numberformat, translation
from django.utils.formats import get_format

from accounts.tests.factories import TeamMemberFactory
from agency.core import outbox
from agency.core.models import Notification, OutboxMessage
from agency.core.tests.factories import UserFactory
from briefs.models import Campaign, ClientStatus
from briefs.queries import campaign_money, money_used_annotation
from briefs.tests.factories import EstimateFactory, EstimateLineFactory
from media.models import Booking, PlanLine
from media.templatetags.media_tags import money_formatter

from .conftest import first_line

PLAN_NET = Decimal("2343910.00")  # draft_plan: 2,305,625.00 of TV + 38,285.00 of LED


def client_page(to_email):
    """What the contact sees on opening the newest link emailed to them."""
    message = OutboxMessage.objects.filter(template="decision_request", to_email=to_email).order_by("-id").first()
    path = re.search(r"https?://[^/]+(/d/[^/\s]+/)", outbox.as_sent(message).text).group(1)
    page = Browser().get(path, follow=True)
    assert page.status_code == 200
    return page.content.decode()


def set_budget(campaign, budget):
    Campaign.objects.filter(pk=campaign.pk).update(budget=budget)
    campaign.refresh_from_db()


def used_in_sql(campaign):
    return Campaign.objects.annotate(used=money_used_annotation()).get(pk=campaign.pk).used


def approved_estimate(campaign, *, unit_cost, actual=()):
    """An estimate the client approved (one line), with actual costs recorded against it."""
    estimate = EstimateFactory(campaign=campaign, status=ClientStatus.APPROVED)
    EstimateLineFactory(estimate=estimate, quantity=1, unit_cost=unit_cost)
    for amount in actual:
        estimate.actual_costs.create(vendor="Film Co.", description="Shoot", amount=amount, incurred_on="2026-06-01")
    return estimate


def test_the_client_sees_the_plan_total_the_budget_and_what_remains(client, personas, draft_plan, contact):
    client.force_login(personas.member)
    response = client.post(reverse("media_plan_send", args=[draft_plan.pk]), {"contact": contact.pk}, follow=True)
    assert "Sent to the client for written confirmation." in response.content.decode()

    page = client_page(contact.email)
    assert 'id="money-total">2,343,910.00 CNY<' in page
    assert 'id="money-budget">5,000,000.00 CNY<' in page
    assert 'id="money-remaining">2,656,090.00 CNY<' in page
    assert "Over budget" not in page


def test_an_over_budget_plan_is_sent_only_with_a_reason_that_the_client_reads(client, personas, draft_plan, contact):
    set_budget(draft_plan.campaign, 2_000_000)
    client.force_login(personas.member)

    refused = client.post(reverse("media_plan_send", args=[draft_plan.pk]), {"contact": contact.pk})
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "This takes the campaign over its approved budget of 2,000,000.00 CNY by 343,910.00 CNY." in page
    assert f'<option value="{contact.pk}" selected>' in page  # what was chosen is kept
    draft_plan.refresh_from_db()
    assert draft_plan.status == ClientStatus.DRAFT and not OutboxMessage.objects.filter(template="decision_request")

    reason = "National TV was added at the client's request; the budget increase is with their finance team."
    sent = client.post(
        reverse("media_plan_send", args=[draft_plan.pk]), {"contact": contact.pk, "over_budget_reason": reason}
    )
    assert sent.status_code == 302
    draft_plan.refresh_from_db()
    assert draft_plan.status == ClientStatus.SENT and draft_plan.over_budget_reason == reason

    page = client_page(contact.email)
    assert "Over budget: this takes the campaign 343,910.00 CNY over its approved budget." in page
    assert 'id="money-remaining">-343,910.00 CNY<' in page
    assert reason.replace("'", "&#x27;") in page


def test_production_money_already_committed_counts_against_the_plan(client, personas, draft_plan, contact):
    campaign = draft_plan.campaign
    approved_estimate(campaign, unit_cost="1000000.00", actual=["600000.00", "500000.00"])  # 100,000 beyond
    from media.services import MediaError, plans

    client.force_login(personas.member)
    staff_page = client.get(reverse("media_plan", args=[draft_plan.pk])).content.decode()
    assert 'id="plan-remaining">1,556,090.00 CNY<' in staff_page  # what the client will see, before sending

    try:
        plans.plan_send(version=draft_plan, contact=contact, by=personas.member)
    except MediaError as refusal:
        raise AssertionError("within budget: 1,100,000 spent + 2,343,910 planned < 5,000,000") from refusal
    page = client_page(contact.email)
    assert 'id="money-committed">1,100,000.00 CNY<' in page
    assert 'id="money-remaining">1,556,090.00 CNY<' in page


def test_a_booking_beyond_the_budget_needs_a_reason_and_the_am_is_told(client, personas, confirmed_plan):
    campaign = confirmed_plan.campaign
    am = UserFactory(username="am.wang", email="am.wang@agency.example")
    TeamMemberFactory(client=campaign.client, user=am, role="am")
    approved_estimate(campaign, unit_cost="2800000.00")  # 2,800,000 + 2,305,625 of TV > 5,000,000
    line = first_line(confirmed_plan)
    client.force_login(personas.member)

    refused = client.post(reverse("media_line_book", args=[line.pk]), {"notes": "Prime time only, please."})
    assert refused.status_code == 400
    page = refused.content.decode()
    assert (
        "This booking takes the money committed on the campaign to 5,105,625.00 CNY, 105,625.00 CNY over its "
        "approved budget of 5,000,000.00 CNY." in page
    )
    assert "Prime time only, please." in page  # what was typed is kept
    assert not Booking.objects.exists() and not Notification.objects.filter(user=am).exists()

    reason = "The client confirmed the extra TV weight by phone; written budget increase to follow."
    response = client.post(
        reverse("media_line_book", args=[line.pk]),
        {"notes": "Prime time only, please.", "over_budget_reason": reason},
        follow=True,
    )
    booking = Booking.objects.get()
    assert response.redirect_chain[-1][0] == reverse("media_booking", args=[booking.pk])
    assert booking.over_budget_reason == reason and booking.notes == "Prime time only, please."

    notice = Notification.objects.get(user=am)
    assert booking.reference in notice.title and "105,625.00 CNY" in notice.title and notice.body == reason
    email = OutboxMessage.objects.get(template="media_booking_over_budget")
    assert email.to_email == am.email and reason in email.body_text and "5,105,625.00 CNY" in email.body_text
    # The booking's maker is not the one told: the account manager is.
    assert not Notification.objects.filter(user=personas.member, title__contains=booking.reference).exists()


def test_a_booking_within_the_budget_asks_nothing(client, personas, confirmed_plan):
    client.force_login(personas.member)
    response = client.post(reverse("media_line_book", args=[first_line(confirmed_plan).pk]), follow=True)
    assert "Insertion order IO-" in response.content.decode()
    assert Booking.objects.get().over_budget_reason == ""
    assert not OutboxMessage.objects.filter(template="media_booking_over_budget").exists()


def test_the_campaign_page_shows_committed_actual_and_budget_as_the_sums(client, personas, confirmed_plan):
    campaign = confirmed_plan.campaign
    estimate = approved_estimate(campaign, unit_cost="300000.00", actual=["120000.00", "80000.50"])
    overrun = estimate.overruns.create(
        campaign=campaign, client=campaign.client, amount=Decimal("50000.00"), reason="Rain day", status="approved"
    )
    superseded = EstimateFactory(campaign=campaign, status=ClientStatus.SUPERSEDED)
    EstimateLineFactory(estimate=superseded, quantity=1, unit_cost="999999.00")  # no longer counts
    client.force_login(personas.member)
    lines = list(PlanLine.objects.filter(version=confirmed_plan).order_by("position"))
    for line in lines:
        client.post(reverse("media_line_book", args=[line.pk]))
    cancelled = Booking.objects.get(line=lines[1])
    client.post(reverse("media_booking_cancel", args=[cancelled.pk]), {"reason": "Slot sold out"})

    committed = Decimal("300000.00") + overrun.amount + lines[0].net
    actual = Decimal("200000.50")
    figures = campaign_money(campaign)
    assert (figures.committed, figures.actual, figures.used) == (committed, actual, committed)
    assert figures.remaining == Decimal("5000000.00") - committed
    assert used_in_sql(campaign) == figures.used  # what the team home's budget at risk filters on

    page = client.get(reverse("campaign_detail", args=[campaign.pk])).content.decode()
    assert re.search(r'id="money-committed">.*?2,655,625\.00 CNY', page, re.S)
    assert re.search(r'id="money-actual">.*?200,000\.50 CNY', page, re.S)
    assert re.search(r'id="money-remaining">.*?Budget remaining.*?2,344,375\.00 CNY', page, re.S)


def test_actual_costs_beyond_what_was_approved_use_the_budget_too(personas, media_campaign):
    approved_estimate(media_campaign, unit_cost="100000.00", actual=["180000.00"])
    figures = campaign_money(media_campaign)
    assert (figures.committed, figures.actual, figures.used) == (Decimal("100000.00"), Decimal("180000.00"), 180000)
    assert used_in_sql(media_campaign) == figures.used
    set_budget(media_campaign, 150_000)
    figures = campaign_money(media_campaign)
    assert figures.over_budget and figures.overrun == Decimal("30000.00")


@pytest.mark.parametrize("language", ["en", "zh-hans", "de"])
def test_amounts_read_the_same_on_pages_of_many_amounts_as_through_django(language):
    """The money filter's fast path (Python's grouping by thousands) writes what Django's numberformat writes."""
    amounts = ["0", "-0", "0.01", "-0.01", "5", "999.99", "1000", "-1234.5", "1234567.89", "-98765432.10"]
    amounts += ["2305625000.00", "1E+3", "12.345", "0.001"]
    with translation.override(language):
        separator = get_format("THOUSAND_SEPARATOR") or ","
        for amount in amounts:
            expected = numberformat.format(
                Decimal(amount), get_format("DECIMAL_SEPARATOR"), 2, 3, separator, force_grouping=True
            )
            assert money_formatter("CNY")(Decimal(amount)) == f"{expected} CNY"
