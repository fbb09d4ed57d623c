"""The dashboard's campaign roll-ups (briefs/rollups.py) stay equal to a fresh reading of the campaigns
through the services that change them, and the rebuild command writes the same figures."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from accounts.tests.factories import BrandFactory, ContactFactory
from agency.core import decisions
from agency.core.models import DecisionRequest
from briefs import rollups, workflow
from briefs.models import Campaign, DailyFigure
from briefs.services import campaigns as campaign_services
from briefs.services import creative
from media.services import bookings
from media.tests.factories import satisfy_media_gate

pytestmark = pytest.mark.django_db
HONG_KONG = ZoneInfo("Asia/Hong_Kong")


def fresh():
    """{(client_id, key, currency): value} read from the campaigns themselves, not the roll-ups."""
    found = {}
    for campaign in Campaign.objects.all():
        for (key, currency), value in rollups.campaign_figures(campaign).items():
            found[(campaign.client_id, key, currency)] = found.get((campaign.client_id, key, currency), 0) + value
    return {k: v for k, v in found.items() if v}


def rolled_up():
    found = {}
    for row in DailyFigure.objects.all():
        found[(row.client_id, row.key, row.currency)] = found.get((row.client_id, row.key, row.currency), 0) + row.value
    return {k: v for k, v in found.items() if v}


def approve_estimate(campaign, contact, by, amount):
    estimate = creative.estimate_new_version(campaign=campaign, by=by)
    creative.estimate_line_add(
        estimate=estimate, vendor="Film Co.", description="Shoot", quantity=1, unit_cost=Decimal(amount), by=by
    )
    creative.estimate_send(estimate=estimate, contact=contact, by=by, over_budget_reason="Agreed")
    decisions.decide(decision_request=DecisionRequest.objects.for_document(estimate).open().get(), outcome="approved")
    return estimate


def test_it_keeps_the_roll_ups_equal_to_the_campaigns_through_a_series_of_service_calls(personas, time_machine):
    p = personas
    time_machine.move_to(datetime(2026, 6, 1, 10, tzinfo=HONG_KONG), tick=False)
    contact = ContactFactory(client=p.client)
    brand = BrandFactory(client=p.client)

    def create(name, budget, currency="HKD"):
        return campaign_services.campaign_create(
            client=p.client, brand=brand, name=name, lead_ae=p.member, by=p.member, budget=budget, currency=currency
        )

    tv = create("Summer TV", 3000000)
    outdoor = create("Outdoor", 200000, currency="CNY")
    dropped = create("Dropped", 50000)
    assert rolled_up() == fresh()
    assert rolled_up()[(p.client.pk, "active", "HKD")] == 2

    time_machine.move_to(datetime(2026, 6, 8, 10, tzinfo=HONG_KONG), tick=False)
    tv.stage = "media"
    Campaign.objects.filter(pk=tv.pk).update(stage="media")  # straight to media: satisfy_media_gate books
    satisfy_media_gate(tv, contact=contact, by=p.member)  # a booking commits its line's net
    workflow.campaign_cancel(campaign=dropped, reason="The client cut the budget", by=p.member)
    Campaign.objects.filter(pk=outdoor.pk).update(stage="creative")
    approve_estimate(Campaign.objects.get(pk=outdoor.pk), contact, p.member, "40000.00")
    assert rolled_up() == fresh()
    assert rolled_up()[(p.client.pk, "committed", "CNY")] == Decimal("40000.00")
    assert rolled_up()[(p.client.pk, "active", "HKD")] == 1

    time_machine.move_to(datetime(2026, 6, 15, 10, tzinfo=HONG_KONG), tick=False)
    booking = tv.media_plans.get().lines.get().bookings.get()
    bookings.booking_cancel(booking=booking, reason="Wrong media owner", by=p.member)
    creative.estimate_new_version(campaign=Campaign.objects.get(pk=outdoor.pk), by=p.member)  # v1 stops counting
    campaign_services.campaign_update(
        campaign=Campaign.objects.get(pk=outdoor.pk), data={"budget": Decimal("250000.00")}, team=[], by=p.member
    )
    workflow.campaign_hold(campaign=tv, reason="Client review", by=p.member)
    assert rolled_up() == fresh()
    assert (p.client.pk, "active", "HKD") not in rolled_up()
    assert rolled_up()[(p.client.pk, "budget", "CNY")] == Decimal("250000.00")
    assert (p.client.pk, "committed", "CNY") not in rolled_up()

    # The figures as they stood a week ago come from the rows dated before it.
    today, since = datetime(2026, 6, 15).date(), datetime(2026, 6, 9).date()
    week_ago = rollups.totals(today=today, since=since, campaigns=Campaign.objects.all())
    assert rollups.totals(today=today, since=since, clients=Campaign.objects.none()) == {}
    assert week_ago["active"]["HKD"] == (Decimal(0), Decimal(1))
    assert week_ago["committed"]["CNY"] == (Decimal(0), Decimal("40000.00"))

    before = rolled_up()
    call_command("rebuild_rollups", stdout=open("/dev/null", "w"))
    assert rolled_up() == before == fresh()
    assert DailyFigure.objects.filter(day__gt=datetime(2026, 6, 1).date()).count() == 0  # dated when created


def test_it_rebuilds_roll_ups_for_campaigns_written_past_the_services(personas):
    from briefs.tests.factories import CampaignFactory

    CampaignFactory(client=personas.client, stage="creative", budget=1000, currency="HKD")
    CampaignFactory(client=personas.client, stage="closed", budget=5000, currency="HKD")
    assert rolled_up() == {}
    call_command("rebuild_rollups", stdout=open("/dev/null", "w"))
    assert (
        rolled_up()
        == fresh()
        == {
            (personas.client.pk, "active", "HKD"): 1,
            (personas.client.pk, "budget", "HKD"): Decimal("1000.00"),
        }
    )
