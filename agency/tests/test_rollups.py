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
from briefs.models import WORKING_STAGES, Campaign, ClientDailyFigure, ClientFigure, DailyFigure
from briefs.queries import campaign_money
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
    # Dated when created; what a finished campaign had, the day it finished (the cancelled one, 8 June).
    later = DailyFigure.objects.filter(day__gt=datetime(2026, 6, 1).date())
    assert set(later.values_list("day", "key")) == {(datetime(2026, 6, 8).date(), "done.campaigns"),
                                                    (datetime(2026, 6, 8).date(), "done.budget"),
                                                    (datetime(2026, 6, 8).date(), "stage.cancelled")}  # fmt: skip


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
            (personas.client.pk, "money.campaigns", "HKD"): 2,
            (personas.client.pk, "money.budget", "HKD"): Decimal("6000.00"),
            (personas.client.pk, "done.campaigns", "HKD"): 1,
            (personas.client.pk, "done.budget", "HKD"): Decimal("5000.00"),
            (personas.client.pk, "stage.creative", "HKD"): 1,
            (personas.client.pk, "stage.closed", "HKD"): 1,
        }
    )


# ── Every money figure the dashboard shows, under every filter ──────────────


def dashboard_scope(user, query):
    from django.test import RequestFactory

    from agency.site.dashboard_views import scope_for

    request = RequestFactory().get("/dashboard/", query)
    request.user = user
    return scope_for(request, full=True)[1]


def fresh_headline(scope):
    """{(key, currency): value} of active, budget and committed over the scope's running campaigns."""
    found = {}
    for campaign in scope.campaigns.filter(stage__in=WORKING_STAGES):
        money = campaign_money(campaign)
        for key, value in (("active", 1), ("budget", campaign.budget or 0), ("committed", money.committed)):
            found[(key, campaign.currency)] = found.get((key, campaign.currency), 0) + value
    return {k: v for k, v in found.items() if v}


def assert_dashboard_reads_the_same(p, filters):
    from agency.site.dashboard_figures import headline
    from agency.tests.fresh_figures import fresh_money_tables, fresh_stage_rows
    from briefs.dashboards import stages_section
    from media.dashboards import money_section

    # the client's roll-ups are the sums of its campaigns' rows, day by day and in all
    per_day = {}
    for row in DailyFigure.objects.all():
        where = (row.client_id, row.key, row.currency, row.day)
        per_day[where] = per_day.get(where, 0) + row.value
    days = {(r.client_id, r.key, r.currency, r.day): r.value for r in ClientDailyFigure.objects.all()}
    assert {k: v for k, v in days.items() if v} == {k: v for k, v in per_day.items() if v}
    assert {(r.client_id, r.key, r.currency): r.value for r in ClientFigure.objects.all() if r.value} == rolled_up()
    assert rolled_up() == fresh()
    for query in filters:
        scope = dashboard_scope(p.management, query)
        section = money_section(scope)
        assert [table.rows for table in section.tables] == list(fresh_money_tables(scope)), query
        assert stages_section(scope).tables[0].rows == fresh_stage_rows(scope), query
        figures, _since = headline(scope, **{k: v for k, v in query.items() if k in ("client", "team", "ae")})
        shown = {}
        for figure in figures:
            if figure.slug == "active-campaigns" and figure.value:
                shown.update({("active", currency): n for (key, currency), n in fresh_headline(scope).items()
                              if key == "active"})  # fmt: skip
                assert figure.value == sum(v for (key, _c), v in fresh_headline(scope).items() if key == "active")
            if figure.currency:
                if figure.value:
                    shown[("committed", figure.currency)] = figure.value
                if figure.budget:
                    shown[("budget", figure.currency)] = figure.budget
        assert shown == fresh_headline(scope), query


def test_every_money_figure_on_the_dashboard_equals_a_fresh_reading_under_every_filter(personas, time_machine):
    """Through the services that change money (plan lines, estimates, costs, bookings, budgets, stages),
    the money section's two tables, the campaigns per client and stage, and the headline figures read
    from the roll-ups equal the SQL that
    reads the campaigns, estimates, plans and bookings afresh: for all clients, one client, a team, an AE,
    and the periods (a campaign that finished before the period drops out of it)."""
    from media.services import plans
    from media.tests.factories import line_fields

    p = personas
    time_machine.move_to(datetime(2026, 3, 2, 10, tzinfo=HONG_KONG), tick=False)
    contact = ContactFactory(client=p.client)
    brand, other_brand = BrandFactory(client=p.client), BrandFactory(client=p.other_client)

    def create(client, brand, name, budget, currency, lead):
        return campaign_services.campaign_create(
            client=client, brand=brand, name=name, lead_ae=lead, by=lead, budget=budget, currency=currency
        )

    tv = create(p.client, brand, "Summer TV", 3000000, "HKD", p.member)
    old = create(p.client, brand, "Spring launch", 400000, "HKD", p.member)
    coffee = create(p.other_client, other_brand, "Coffee outdoor", 200000, "CNY", p.outsider)
    filters = [
        {},
        {"period": "30"},
        {"period": "365"},
        {"client": p.client.pk},
        {"client": p.other_client.pk, "period": "90"},
        {"team": p.supervisor.pk},
        {"ae": p.member.pk},
        {"ae": p.outsider.pk, "period": "30"},
    ]
    assert_dashboard_reads_the_same(p, filters)

    # A media plan: lines added, changed, removed.
    to_stage([tv, old], "media")
    version = plans.plan_new_version(campaign=old, by=p.member)
    fields = {k: v for k, v in line_fields().items() if k not in ("position", "gross", "net")}
    first = plans.plan_line_add(version=version, by=p.member, **fields)
    second = plans.plan_line_add(version=version, by=p.member, **{**fields, "spots": 10})
    plans.plan_line_update(line=first, by=p.member, **{**fields, "spots": 20})
    plans.plan_line_remove(line=second, by=p.member)
    assert_dashboard_reads_the_same(p, filters)

    # Estimates: a line added and removed, an approved estimate with a cost recorded against it.
    to_stage([coffee], "creative")
    coffee = Campaign.objects.get(pk=coffee.pk)
    draft = creative.estimate_new_version(campaign=coffee, by=p.outsider)
    line = creative.estimate_line_add(
        estimate=draft, vendor="Print Co.", description="Posters", quantity=2, unit_cost=Decimal("1500.00"),
        by=p.outsider,
    )  # fmt: skip
    creative.estimate_line_remove(line=line, by=p.outsider)
    to_stage([old], "creative")
    approved = approve_estimate(Campaign.objects.get(pk=old.pk), contact, p.member, "30000.00")
    approved.refresh_from_db()
    creative.actual_cost_record(
        estimate=approved, vendor="Film Co.", description="Shoot, day 1", amount=Decimal("12000.00"),
        incurred_on=datetime(2026, 3, 3).date(), by=p.member,
    )  # fmt: skip
    assert_dashboard_reads_the_same(p, filters)

    # A booking commits the plan's net and a new version carries the lines over; the old campaign
    # finishes in March, the budget changes in May.
    to_stage([tv], "media")
    satisfy_media_gate(Campaign.objects.get(pk=tv.pk), contact=contact, by=p.member)
    plans.plan_new_version(campaign=Campaign.objects.get(pk=tv.pk), by=p.member)  # the lines carried over
    workflow.campaign_cancel(campaign=Campaign.objects.get(pk=old.pk), reason="Merged into summer", by=p.member)
    time_machine.move_to(datetime(2026, 5, 20, 10, tzinfo=HONG_KONG), tick=False)
    campaign_services.campaign_update(
        campaign=Campaign.objects.get(pk=coffee.pk), data={"budget": Decimal("260000.00")}, team=[], by=p.outsider
    )
    assert_dashboard_reads_the_same(p, filters)
    in_may = dashboard_scope(p.management, {"period": "30"})
    assert "Spring launch" not in [row[2] for row in fresh_money_tables_of(in_may)]  # finished before the period
    assert "Spring launch" in [row[2] for row in fresh_money_tables_of(dashboard_scope(p.management, {}))]

    # The rebuild writes the same figures again.
    call_command("rebuild_rollups", stdout=open("/dev/null", "w"))
    assert_dashboard_reads_the_same(p, filters)


def fresh_money_tables_of(scope):
    from media.dashboards import money_section

    return money_section(scope).tables[1].rows


def to_stage(campaigns, stage):
    """Straight to a stage, past the workflow's gates (what this test is about is money): the roll-ups
    refreshed as the workflow would."""
    Campaign.objects.filter(pk__in=[c.pk for c in campaigns]).update(stage=stage)
    for campaign in campaigns:
        rollups.campaign_rollup_refresh(campaign)
