"""The beat sweep chases overdue checklist steps of a campaign created with its timeline: the owner each
business day, the lead AE's manager (AM/AD) once after settings.CHECKLIST_ESCALATE_AFTER_BUSINESS_DAYS;
a sweep run again sends nothing (the reminder ledger)."""

from datetime import date

import pytest

from accounts.tests.factories import BrandFactory
from agency.core.models import OutboxMessage, ReminderLedger
from agency.core.tasks import reminder_sweep
from agency.tests.reminder_fixtures import at, mail_to
from briefs.models import ChecklistStep
from briefs.services.campaigns import campaign_create

BRIEF_DUE = date(2026, 6, 10)  # a Wednesday: "Brief written" is due Monday 8th, "Brief approved" on the 10th


@pytest.fixture
def overdue(personas, settings, time_machine):
    """A campaign made on 1 June with its timeline; everything but the brief's last two steps done."""
    settings.CHECKLIST_ESCALATE_AFTER_BUSINESS_DAYS = 2
    time_machine.move_to(at(2026, 6, 1, 10), tick=False)
    campaign = campaign_create(
        client=personas.client,
        brand=BrandFactory(client=personas.client),
        name="Dragon Boat",
        lead_ae=personas.member,  # an AE; their supervisor is an AM
        by=personas.member,
        start_date=date(2026, 7, 1),
        end_date=date(2026, 7, 31),
        milestones={
            "brief_due": BRIEF_DUE,
            "first_creative_due": date(2026, 6, 24),
            "plan_confirmed_due": date(2026, 6, 24),
            "post_analysis_due": date(2026, 8, 14),
        },
    )
    steps = ChecklistStep.objects.filter(campaign=campaign)
    steps.exclude(key__in=["brief_written", "brief_approved"]).update(done_at=at(2026, 6, 1, 10), done_note="Done")
    assert {s.key: s.due_date for s in steps.filter(done_at=None)} == {
        "brief_written": date(2026, 6, 8),
        "brief_approved": BRIEF_DUE,
    }
    return campaign


def sweep_at(time_machine, moment):
    time_machine.move_to(moment, tick=False)
    return reminder_sweep()


def test_one_reminder_per_overdue_step_then_one_escalation_after_the_delay_and_never_twice(
    overdue, personas, time_machine
):
    owner, manager = personas.member, personas.supervisor
    # Thursday 11th, nine o'clock: "Brief approved" is one business day late, "Brief written" three.
    assert sweep_at(time_machine, at(2026, 6, 11, 9)) == 3
    assert sorted(m.subject for m in mail_to(owner.email, "reminder_overdue")) == [
        "Overdue by 1 business day: Brief approved by client",
        "Overdue by 3 business days: Brief written",
    ]
    [escalated] = mail_to(manager.email, "reminder_overdue_lead")
    assert "Brief written" in escalated.subject and str(owner) in escalated.subject
    # The same beat again, and again a minute later: nothing more.
    assert sweep_at(time_machine, at(2026, 6, 11, 9)) == 0
    assert sweep_at(time_machine, at(2026, 6, 11, 9, 5)) == 0

    # Friday: each step once more to its owner; "Brief approved" is now two days late and goes up too.
    assert sweep_at(time_machine, at(2026, 6, 12, 9)) == 3
    assert len(mail_to(owner.email, "reminder_overdue")) == 4
    assert len(mail_to(manager.email, "reminder_overdue_lead")) == 2
    assert sweep_at(time_machine, at(2026, 6, 12, 15)) == 0
    escalations = ReminderLedger.objects.filter(rule="checklist", occurrence="escalated")
    assert escalations.count() == 2 and {row.recipient_user for row in escalations} == {manager}


def test_the_escalation_waits_for_the_configured_delay(overdue, personas, settings, time_machine):
    settings.CHECKLIST_ESCALATE_AFTER_BUSINESS_DAYS = 4
    sweep_at(time_machine, at(2026, 6, 11, 9))  # three business days late: not yet
    assert not mail_to(personas.supervisor.email, "reminder_overdue_lead")
    sweep_at(time_machine, at(2026, 6, 12, 9))  # four
    assert len(mail_to(personas.supervisor.email, "reminder_overdue_lead")) == 1


def test_a_waived_or_done_step_is_not_chased(overdue, personas, time_machine):
    from briefs.workflow import step_waive

    step_waive(step=overdue.steps.get(key="brief_written"), reason="Written by the client", by=personas.supervisor)
    ChecklistStep.objects.filter(campaign=overdue, key="brief_approved").update(done_at=at(2026, 6, 10, 12))
    assert sweep_at(time_machine, at(2026, 6, 11, 9)) == 0
    assert not OutboxMessage.objects.filter(template__startswith="reminder_overdue").exists()
