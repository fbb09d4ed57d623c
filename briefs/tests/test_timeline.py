"""The campaign timeline: milestones give every checklist step a due date in business days; moving a
milestone moves the open steps hung on it; managers keep a timeline template per campaign type."""

from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from accounts.tests.factories import BrandFactory
from agency.core.calendar import add_business_days, is_business_day
from agency.core.models import AuditEvent
from briefs.models import DEFAULT_TIMELINE, Campaign, ChecklistStep, Milestone, TimelineRule
from briefs.services.campaigns import campaign_create
from briefs.services.timeline import suggested_milestones

ON_AIR = date(2026, 7, 1)  # a Wednesday


@pytest.fixture(autouse=True)
def _early_may(time_machine):
    time_machine.move_to(datetime(2026, 5, 4, 2, tzinfo=UTC), tick=False)


def create_through_the_page(client, personas, **fields):
    brand = BrandFactory(client=personas.client, name="Yoghurt")
    client.force_login(personas.member)
    data = {
        "name": "Yoghurt launch",
        "brand": brand.pk,
        "lead_ae": personas.member.pk,
        "budget": "800000.00",
        "currency": "CNY",
    }
    response = client.post(reverse("campaign_new") + f"?client={personas.client.pk}", data | fields)
    assert response.status_code == 302
    return Campaign.objects.get(name="Yoghurt launch")


def test_a_campaign_created_on_the_page_has_a_due_date_on_every_step(client, personas):
    campaign = create_through_the_page(client, personas, start_date="2026-07-01")
    steps = list(campaign.steps.all())
    assert len(steps) == 22
    assert all(step.due_date is not None for step in steps)
    # Every milestone was suggested, on the business days before on air.
    assert campaign.start_date == ON_AIR
    assert all(day is not None for _milestone, day in campaign.milestones())
    assert campaign.plan_confirmed_due < ON_AIR and campaign.brief_due < campaign.first_creative_due
    # The step is due its template's business days from its milestone: booking 10 business days before on air.
    booking = campaign.steps.get(key="booking")
    assert booking.due_date == add_business_days(ON_AIR, -10) and is_business_day(booking.due_date)
    page = client.get(reverse("campaign_detail", args=[campaign.pk])).content.decode()
    assert 'id="milestones"' in page and "On air" in page and "Post-analysis due" in page


def test_blank_milestones_are_suggested_and_given_ones_kept():
    today = date(2026, 6, 1)
    dates = suggested_milestones(today, {Milestone.OFF_AIR: date(2026, 9, 30)})
    assert dates[Milestone.OFF_AIR] == date(2026, 9, 30)
    assert today < dates[Milestone.BRIEF_DUE] < dates[Milestone.FIRST_CREATIVE] < dates[Milestone.PLAN_CONFIRMED]
    assert dates[Milestone.PLAN_CONFIRMED] < dates[Milestone.ON_AIR]
    assert dates[Milestone.POST_ANALYSIS_DUE] > date(2026, 9, 30)


def test_moving_a_milestone_moves_the_open_steps_on_it_and_says_how_many(client, personas):
    campaign = create_through_the_page(client, personas, start_date="2026-07-01")
    on_air_steps = [key for key, (milestone, _offset) in DEFAULT_TIMELINE.items() if milestone == Milestone.ON_AIR]
    done = campaign.steps.get(key="shoot")  # done steps keep their date
    ChecklistStep.objects.filter(pk=done.pk).update(done_at="2026-06-01T10:00Z", done_note="Shot in Shenzhen")
    by_hand = campaign.steps.get(key="airing")  # a date set by hand no longer follows the milestone
    client.post(
        reverse("step_edit", args=[by_hand.pk]),
        {"name": "Airing", "owner": personas.member.pk, "due_date": "2026-07-03", "required": "on"},
    )
    before = {step.key: step.due_date for step in campaign.steps.all()}
    campaign.refresh_from_db()
    form = {
        "name": campaign.name,
        "brand": campaign.brand_id,
        "lead_ae": personas.member.pk,
        "budget": "800000.00",
        "currency": "CNY",
        "campaign_type": campaign.campaign_type,
        "brief_due": campaign.brief_due.isoformat(),
        "first_creative_due": campaign.first_creative_due.isoformat(),
        "plan_confirmed_due": campaign.plan_confirmed_due.isoformat(),
        "start_date": "2026-07-15",
        "end_date": campaign.end_date.isoformat(),
        "post_analysis_due": campaign.post_analysis_due.isoformat(),
        "updated_at": campaign.updated_at.isoformat(),
    }
    response = client.post(reverse("campaign_edit", args=[campaign.pk]), form, follow=True)
    moved = len(on_air_steps) - 2  # not the shoot (done) nor the airing (set by hand)
    assert f"{moved} open steps moved to the new timeline." in response.content.decode()
    after = {step.key: step.due_date for step in campaign.steps.all()}
    assert after["booking"] == add_business_days(date(2026, 7, 15), -10)
    assert after["shoot"] == before["shoot"] and after["airing"] == date(2026, 7, 3)
    assert {key for key in after if after[key] != before[key]} == set(on_air_steps) - {"shoot", "airing"}


def test_a_manager_changes_the_template_and_new_campaigns_follow_it(client, personas):
    client.force_login(personas.supervisor)  # an AM
    page = client.get(reverse("timeline_template") + "?type=media")
    assert page.status_code == 200
    data = {}
    for key, (milestone, offset) in DEFAULT_TIMELINE.items():
        data[f"{key}-milestone"], data[f"{key}-offset"] = milestone.value, offset
    data["booking-offset"] = -20
    response = client.post(reverse("timeline_template") + "?type=media", data, follow=True)
    assert "1 steps changed" in response.content.decode()
    rule = TimelineRule.objects.get()
    assert (rule.campaign_type, rule.key, rule.offset_days) == ("media", "booking", -20)
    event = AuditEvent.objects.get(action="timeline.template_changed")
    assert event.actor == personas.supervisor
    brand = BrandFactory(client=personas.client)
    made = {
        kind: campaign_create(
            client=personas.client, brand=brand, name=kind, lead_ae=personas.member, by=personas.member,
            start_date=ON_AIR, campaign_type=kind,
        )
        for kind in ("media", "integrated")
    }  # fmt: skip
    assert made["media"].steps.get(key="booking").due_date == add_business_days(ON_AIR, -20)
    assert made["integrated"].steps.get(key="booking").due_date == add_business_days(ON_AIR, -10)


def test_the_template_is_for_managers_only(client, personas):
    client.force_login(personas.member)  # an AE
    assert client.get(reverse("timeline_template")).status_code == 403
    assert client.post(reverse("timeline_template"), {"booking-offset": "-1"}).status_code == 403
    assert not TimelineRule.objects.exists()


def test_a_wrong_offset_keeps_what_was_typed(client, personas):
    client.force_login(personas.supervisor)
    data = {f"{key}-milestone": m.value for key, (m, _o) in DEFAULT_TIMELINE.items()}
    data |= {f"{key}-offset": o for key, (_m, o) in DEFAULT_TIMELINE.items()}
    data["shoot-offset"] = "soon"
    response = client.post(reverse("timeline_template"), data)
    page = response.content.decode()
    assert response.status_code == 200 and 'value="soon"' in page
    assert not TimelineRule.objects.exists()


def test_the_template_page_runs_a_fixed_number_of_queries(client, personas, django_assert_max_num_queries):
    for key in ("booking", "shoot", "airing"):
        TimelineRule.objects.create(campaign_type="integrated", key=key, milestone="on_air", offset_days=-3)
    client.force_login(personas.supervisor)
    with django_assert_max_num_queries(3):  # the session, the user, the template's rules
        page = client.get(reverse("timeline_template")).content.decode()
    assert page.count('value="-3"') == 3
