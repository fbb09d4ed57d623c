"""Helpers for reminder tests: moments in a named time zone, checklist steps, the outbox as seen by a person."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from agency.core.models import OutboxMessage
from briefs.models import ChecklistStep

SHANGHAI = ZoneInfo("Asia/Shanghai")
LONDON = ZoneInfo("Europe/London")


def at(y, m, d, hh=0, mm=0, tz=SHANGHAI):
    return datetime(y, m, d, hh, mm, tzinfo=tz)


def make_step(campaign, *, owner, due, name="Media master plan"):
    return ChecklistStep.objects.create(
        campaign=campaign, stage="brief", name=name, owner=owner, due_date=due if isinstance(due, date) else None
    )


def mail_to(email, template=None):
    messages = OutboxMessage.objects.filter(to_email=email).order_by("id")
    if template:
        messages = messages.filter(template=template)
    return list(messages)
