"""Complaint clocks to the standard: an urgent complaint is answered within 24 clock hours, weekends
included; a complex one has a handling plan within 48 clock hours; a breach is told once."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from accounts.models import Complaint
from agency.core import reminders
from agency.core.models import OutboxMessage, ReminderLedger

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(*args):
    return datetime(*args, tzinfo=SHANGHAI)


@pytest.fixture
def record(client, personas, time_machine):
    """Record a complaint through the page at the moment it was received."""

    def record(received, problem_class):
        time_machine.move_to(received, tick=False)
        client.force_login(personas.member)
        response = client.post(
            "/complaints/new/",
            {
                "client": personas.client.pk,
                "channel": "phone",
                "received_at": received.strftime("%Y-%m-%dT%H:%M"),
                "category": "service",
                "priority": problem_class,
                "description": "The LED screen on Nanjing Road went dark during our slot.",
                "owner": personas.member.pk,
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        return Complaint.objects.latest("id")

    return record


def page_at(client, personas, time_machine, complaint, *moment):
    time_machine.move_to(at(*moment), tick=False)
    client.force_login(personas.member)  # sessions end after a while
    return client.get(f"/complaints/{complaint.pk}/").content.decode()


def sweep(time_machine, *args, rule):
    moment = at(*args)
    time_machine.move_to(moment, tick=False)
    return reminders.sweep(moment, rules=[rule])


def test_an_urgent_complaint_logged_friday_evening_is_overdue_on_saturday_evening(
    client, personas, record, time_machine
):
    complaint = record(at(2026, 11, 27, 18, 0), "urgent")  # Friday 18:00
    assert complaint.respond_by == at(2026, 11, 28, 18, 0)

    page = page_at(client, personas, time_machine, complaint, 2026, 11, 28, 17, 59)
    assert 'data-state="at_risk"' in page and "0:01 h left" in page
    page = page_at(client, personas, time_machine, complaint, 2026, 11, 28, 18, 0)
    assert 'data-state="breached"' in page

    # The supervisor hears of the breach on Saturday 18:00 itself, once however often the sweep runs.
    assert sweep(time_machine, 2026, 11, 28, 18, 0, rule="complaint-sla").sent == {"complaint-sla": 1}
    assert sweep(time_machine, 2026, 11, 28, 18, 5, rule="complaint-sla").total == 0
    assert sweep(time_machine, 2026, 11, 30, 9, 0, rule="complaint-sla").total == 0
    breach = ReminderLedger.objects.get(rule="complaint-sla", occurrence="sla-breached")
    assert breach.recipient_user == personas.supervisor


def test_a_complex_complaint_needs_a_handling_plan_within_48_hours_told_once(client, personas, record, time_machine):
    complaint = record(at(2026, 11, 27, 18, 0), "complex")
    assert complaint.plan_due == at(2026, 11, 29, 18, 0)  # Sunday 18:00
    page = client.get(f"/complaints/{complaint.pk}/").content.decode()
    assert "Handling plan" in page and "not yet recorded" in page

    assert sweep(time_machine, 2026, 11, 29, 17, 59, rule="complaint-plan").total == 0
    # Late: the owner and their supervisor each hear it once; re-running the sweep sends nothing more.
    assert sweep(time_machine, 2026, 11, 29, 18, 0, rule="complaint-plan").sent == {"complaint-plan": 2}
    assert sweep(time_machine, 2026, 11, 29, 18, 5, rule="complaint-plan").total == 0
    assert sweep(time_machine, 2026, 11, 30, 9, 0, rule="complaint-plan").total == 0
    told = set(
        OutboxMessage.objects.filter(template="reminder_complaint_plan_breached").values_list("to_email", flat=True)
    )
    assert told == {personas.member.email, personas.supervisor.email}
    assert 'data-plan-state="late"' in page_at(client, personas, time_machine, complaint, 2026, 11, 30, 9, 30)

    # The plan is recorded with who and when, and shown on the complaint page.
    plan = "Media desk checks the screen log today; AE calls the client by Tuesday noon with make-good spots."
    assert client.post(f"/complaints/{complaint.pk}/plan/", {"text": plan}).status_code == 302
    complaint.refresh_from_db()
    assert complaint.plan_recorded_by == personas.member and complaint.plan_recorded_at == at(2026, 11, 30, 9, 30)
    page = client.get(f"/complaints/{complaint.pk}/").content.decode()
    assert "Tuesday noon with make-good spots" in page and "recorded" in page and str(personas.member) in page
    assert "recorded the handling plan" in page  # in the history
    assert sweep(time_machine, 2026, 11, 30, 10, 0, rule="complaint-plan").total == 0


def test_a_plan_in_time_stops_the_plan_clock(client, personas, record, time_machine):
    complaint = record(at(2026, 12, 1, 10, 0), "complex")
    assert client.post(f"/complaints/{complaint.pk}/plan/", {"text": ""}).status_code == 400
    assert client.post(f"/complaints/{complaint.pk}/plan/", {"text": "Reprint by Friday."}).status_code == 302
    assert sweep(time_machine, 2026, 12, 4, 10, 0, rule="complaint-plan").total == 0
    assert 'data-plan-state="ok"' in page_at(client, personas, time_machine, complaint, 2026, 12, 4, 10, 0)


def test_a_basic_complaint_keeps_the_agencys_working_days_and_needs_no_plan(record):
    complaint = record(at(2026, 11, 27, 18, 0), "basic")
    assert complaint.respond_by == at(2026, 12, 1, 18, 0)  # two working days from Monday 09:00
    assert complaint.plan_due is None
