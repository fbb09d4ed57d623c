"""Reminder rule for client decisions waiting: the escalation ladder.

A link that is still open climbs a ladder measured in the agency's business days from when it was sent,
at the time of day it was sent (agency time zone), faster for more valuable clients:

    tier   remind the client   tell the AE   escalate to the AE's supervisor
    high   2                   3             5
    mid    3                   5             8
    low    5                   8             12

"The AE" is the person who sent the request (accountable for chasing it); "the supervisor" is theirs.
Reminding the client uses agency.core.decisions.remind_request(): the same request gets a fresh link
(tokens are stored hashed, so the old one cannot be re-sent); the earlier email's link stops working.
Once the client decides, or the link is revoked, superseded or expires, the request leaves the ladder.
"""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from .decisions import DecisionError, is_private, remind_request
from .models import DecisionRequest, OutboxMessage
from .reminders import Due, ReminderSkipped, add_business_days, agency_tz, at_local

CLIENT, AE, SUPERVISOR = "client", "ae", "supervisor"
LADDERS = {
    "high": ((2, CLIENT), (3, AE), (5, SUPERVISOR)),
    "mid": ((3, CLIENT), (5, AE), (8, SUPERVISOR)),
    "low": ((5, CLIENT), (8, AE), (12, SUPERVISOR)),
}
FIRST_STEP_CALENDAR_DAYS = min(steps[0][0] for steps in LADDERS.values())


def ladder_moments(decision_request):
    """[(step number, business days, who, moment)] for this request's client tier."""
    tz = agency_tz()
    sent = timezone.localtime(decision_request.sent_at or decision_request.created_at, tz)
    steps = LADDERS.get(decision_request.client.tier, LADDERS["mid"])
    return [
        (number, days, who, at_local(add_business_days(sent.date(), days), sent.time(), tz))
        for number, (days, who) in enumerate(steps, start=1)
    ]


def waiting_requests(now):
    """Open links old enough to be on the ladder (index on status, expires_at)."""
    return (
        DecisionRequest.objects.filter(
            status=DecisionRequest.Status.OPEN,
            expires_at__gt=now,
            sent_at__lte=now - timedelta(days=FIRST_STEP_CALENDAR_DAYS),
        )
        .select_related("client", "contact", "requested_by__supervisor")
        .order_by("sent_at", "id")
    )


def _client_reminder(decision_request):
    def send(ledger):
        try:
            remind_request(decision_request=decision_request)
        except DecisionError:
            raise ReminderSkipped from None
        return (
            OutboxMessage.objects.filter(template="decision_reminder", related_id=str(decision_request.pk))
            .order_by("-id")
            .first()
        )

    return send


def decision_dues(now):
    url = reverse("reminders_overview")
    for decision_request in waiting_requests(now).iterator(chunk_size=500):
        ae = decision_request.requested_by
        for number, days, who, moment in ladder_moments(decision_request):
            if moment > now:
                break
            common = {
                "object_key": f"decision:{decision_request.pk}",
                "occurrence": f"ladder-{number}",
                "due_at": moment,
                "related": decision_request,
                "client": None if is_private(decision_request) else decision_request.client,
                "rule": "decision-ladder",
            }
            if who == CLIENT:
                yield Due(
                    template="decision_reminder",
                    contact=decision_request.contact,
                    send=_client_reminder(decision_request),
                    **common,
                )
                continue
            recipient = ae if who == AE else ae.supervisor
            if recipient is None or not recipient.is_active:
                continue
            context = {"decision_request": decision_request, "business_days": days, "ae": ae, "level": who}
            yield Due(template="reminder_decision_waiting", context=context, user=recipient, url=url, **common)
