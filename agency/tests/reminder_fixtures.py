"""Helpers for the system tests of reminders: the floor's (moments, the outbox) and checklist steps."""

from datetime import date

from agency.core.tests.reminder_fixtures import LONDON, SHANGHAI, at, mail_to
from briefs.models import ChecklistStep

__all__ = ["LONDON", "SHANGHAI", "at", "mail_to", "make_step"]


def make_step(campaign, *, owner, due, name="Media master plan"):
    return ChecklistStep.objects.create(
        campaign=campaign, stage="brief", name=name, owner=owner, due_date=due if isinstance(due, date) else None
    )
