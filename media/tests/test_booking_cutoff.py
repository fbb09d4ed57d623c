"""A plan waiting for the client's confirmation near its booking cut-off: the planner and AE are reminded
before it, the supervisor hears when it passes unconfirmed; exactly once, on the agency's business days."""

from datetime import date

import pytest

from accounts.tests.factories import TeamMemberFactory
from agency.core import reminders
from agency.core.models import AuditEvent, ReminderLedger
from agency.core.tests.factories import UserFactory
from agency.core.tests.reminder_fixtures import at, mail_to
from media.services import plans

from .conftest import client_decides

CUTOFF = date(2026, 6, 22)  # a Monday; Friday 19 June is the Dragon Boat Festival


def sweep(moment):
    return reminders.sweep(moment, rules=["media-cutoff"])


@pytest.fixture
def planner(personas):
    planner = UserFactory(username="planner", title="media_planner", supervisor=personas.management)
    TeamMemberFactory(client=personas.client, user=planner, role="media")
    return planner


@pytest.fixture
def waiting_plan(draft_plan, contact, personas, planner, client, time_machine):
    """Version 1 made by the planner, its cut-off set on the plan page, then sent to the client."""
    time_machine.move_to(at(2026, 6, 10, 11), tick=False)
    draft_plan.created_by = planner
    draft_plan.save(update_fields=["created_by"])
    client.force_login(personas.member)
    response = client.post(f"/media/plans/{draft_plan.pk}/cutoff/", {"booking_cutoff": "2026-06-22"})
    assert response.status_code == 302
    plans.plan_send(version=draft_plan, contact=contact, by=personas.member)
    draft_plan.refresh_from_db()
    return draft_plan


def test_the_cutoff_is_set_on_the_plan_page_and_kept_in_the_history(waiting_plan, client):
    assert waiting_plan.booking_cutoff == CUTOFF
    assert AuditEvent.objects.filter(action="media_plan.booking_cutoff_set", object_id=str(waiting_plan.pk)).exists()
    page = client.get(f"/media/plans/{waiting_plan.pk}/")
    assert 'value="2026-06-22"' in page.content.decode()


def test_a_cutoff_in_the_past_is_refused_and_what_was_typed_is_kept(draft_plan, personas, client, time_machine):
    time_machine.move_to(at(2026, 6, 10, 11), tick=False)
    client.force_login(personas.member)
    response = client.post(f"/media/plans/{draft_plan.pk}/cutoff/", {"booking_cutoff": "2026-06-01"})
    assert response.status_code == 400
    assert "cannot be in the past" in response.content.decode()
    assert 'value="2026-06-01"' in response.content.decode()
    draft_plan.refresh_from_db()
    assert draft_plan.booking_cutoff is None


def test_planner_and_ae_are_reminded_two_business_days_before_and_the_supervisor_when_it_passes(
    waiting_plan, personas, planner
):
    member, supervisor = personas.member, personas.supervisor
    # Two business days before Monday 22 June, skipping the weekend and the festival: Wednesday 17 June.
    assert sweep(at(2026, 6, 16, 10)).total == 0
    assert sweep(at(2026, 6, 17, 8, 59)).total == 0
    assert sweep(at(2026, 6, 17, 9, 0)).total == 2
    [to_planner] = mail_to(planner.email, "reminder_booking_cutoff")
    [to_ae] = mail_to(member.email, "reminder_booking_cutoff")
    assert to_planner.subject.startswith("Client confirmation needed by")
    assert "2 business days from now" in to_ae.body_text
    assert f"/media/plans/{waiting_plan.pk}/" in to_ae.body_text
    # Nothing more until the cut-off has passed: the next business day morning, to the AE's supervisor.
    for moment in (at(2026, 6, 18, 9), at(2026, 6, 22, 9), at(2026, 6, 22, 23), at(2026, 6, 23, 8, 59)):
        assert sweep(moment).total == 0
    assert not mail_to(supervisor.email)
    sweep(at(2026, 6, 23, 9))
    [escalation] = mail_to(supervisor.email, "reminder_booking_cutoff")
    assert escalation.subject.startswith("Booking cut-off passed unconfirmed")
    assert str(member) in escalation.body_text
    # The planner's own manager (management) is told too; nobody twice.
    assert len(mail_to(personas.management.email, "reminder_booking_cutoff")) == 1
    assert sweep(at(2026, 6, 24, 9)).total == 0
    assert ReminderLedger.objects.filter(rule="media-cutoff").count() == 4


def test_a_confirmed_plan_is_not_chased(waiting_plan, contact, personas, client, time_machine):
    time_machine.move_to(at(2026, 6, 15, 14), tick=False)
    client_decides(contact.email, "approved")
    assert sweep(at(2026, 6, 17, 9)).total == 0
    assert sweep(at(2026, 6, 23, 9)).total == 0
    # Once confirmed, the cut-off no longer changes.
    client.force_login(personas.member)
    response = client.post(f"/media/plans/{waiting_plan.pk}/cutoff/", {"booking_cutoff": "2026-06-30"}, follow=True)
    assert "no longer matters" in response.content.decode()
    waiting_plan.refresh_from_db()
    assert waiting_plan.booking_cutoff == CUTOFF


def test_a_moved_cutoff_is_a_new_reminder_but_a_repeated_sweep_sends_nothing(waiting_plan, personas):
    assert sweep(at(2026, 6, 17, 9)).total == 2
    again = sweep(at(2026, 6, 17, 9, 30))
    assert (again.total, again.already) == (0, 2)
    plans.plan_set_booking_cutoff(version=waiting_plan, cutoff=date(2026, 6, 26), by=personas.member)
    assert sweep(at(2026, 6, 24, 9)).total == 2  # Wed 24 is two business days before Fri 26
    assert len(mail_to(personas.member.email, "reminder_booking_cutoff")) == 2


def cutoff_section(client):
    page = client.get("/reminders/").content.decode()
    start = page.index('id="due-media-cutoff"')
    return page[start : page.index("</section>", start)]


def test_the_reminders_overview_shows_the_plan_once_its_cutoff_is_close(waiting_plan, personas, client, time_machine):
    time_machine.move_to(at(2026, 6, 16, 10), tick=False)
    client.force_login(personas.supervisor)
    assert waiting_plan.campaign.job_number not in cutoff_section(client)
    time_machine.move_to(at(2026, 6, 17, 10), tick=False)
    client.force_login(personas.supervisor)  # sessions last a working day
    assert f"Media plan v1</a> · {waiting_plan.campaign}" in cutoff_section(client)
    client.force_login(personas.outsider)
    assert waiting_plan.campaign.job_number not in cutoff_section(client)
