"""Helpers for reminder tests in every app: moments in a named time zone, the outbox as seen by a person."""

from datetime import datetime
from zoneinfo import ZoneInfo

from agency.core.models import OutboxMessage

SHANGHAI = ZoneInfo("Asia/Shanghai")
LONDON = ZoneInfo("Europe/London")


def at(y, m, d, hh=0, mm=0, tz=SHANGHAI):
    return datetime(y, m, d, hh, mm, tzinfo=tz)


def mail_to(email, template=None):
    messages = OutboxMessage.objects.filter(to_email=email).order_by("id")
    if template:
        messages = messages.filter(template=template)
    return list(messages)
