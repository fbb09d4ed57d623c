"""Reminder rule for media plans awaiting the client's written confirmation before a booking cut-off.

The client is chased by the decision ladder (agency/core/decision_reminders.py); this rule chases the agency:
CUTOFF_WARNING_BUSINESS_DAYS before the cut-off the planner (who made the plan version) and the campaign's
lead AE are reminded that nothing can be booked yet; when the cut-off has passed still unconfirmed, the
lead AE's supervisor hears of it the next business day. Each once per cut-off date (a moved cut-off is a
new occurrence), at REMINDER_MORNING in the recipient's time zone, on the agency's business days.

Registered with the engine in MediaConfig.ready().
"""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from agency.core.reminders import (
    OVERDUE_REMINDER_DAYS,
    REMINDER_MORNING,
    Due,
    add_business_days,
    agency_tz,
    at_local,
    business_days_between,
)
from briefs.models import ClientStatus
from briefs.models.campaign import WORKING_STAGES

from .models import PlanVersion

CUTOFF_WARNING_BUSINESS_DAYS = 2
TEMPLATE = "reminder_booking_cutoff"


def plans_awaiting_confirmation_near_their_cutoff(now):
    """Plans with the client (status sent) whose cut-off is inside the window (index on booking_cutoff)."""
    today = timezone.localtime(now, agency_tz()).date()
    earliest = add_business_days(today, -(OVERDUE_REMINDER_DAYS + 1)) - timedelta(days=1)
    latest = add_business_days(today, CUTOFF_WARNING_BUSINESS_DAYS) + timedelta(days=1)
    return (
        PlanVersion.objects.filter(
            status=ClientStatus.SENT,
            booking_cutoff__gte=earliest,
            booking_cutoff__lte=latest,
            campaign__stage__in=WORKING_STAGES,
        )
        .select_related("client", "campaign__lead_ae__supervisor", "created_by__supervisor")
        .order_by("booking_cutoff", "id")
    )


def _active(people):
    seen = {}
    for person in people:
        if person is not None and person.is_active and person.pk not in seen:
            seen[person.pk] = person
    return list(seen.values())


def booking_cutoff_dues(now):
    for plan in plans_awaiting_confirmation_near_their_cutoff(now).iterator(chunk_size=500):
        cutoff, campaign = plan.booking_cutoff, plan.campaign
        team = _active([plan.created_by, campaign.lead_ae])
        ae = campaign.lead_ae or plan.created_by
        common = {
            "object_key": f"plan:{plan.pk}",
            "template": TEMPLATE,
            "related": plan,
            "client": plan.client,
            "url": reverse("media_plan", args=[plan.pk]),
            "rule": "media-cutoff",
        }
        context = {"plan": plan, "campaign": campaign, "cutoff": cutoff, "ae": ae}
        for person in team:
            tz = person.zoneinfo
            today = timezone.localtime(now, tz).date()
            moment = at_local(add_business_days(cutoff, -CUTOFF_WARNING_BUSINESS_DAYS), REMINDER_MORNING, tz)
            if moment <= now and today <= cutoff:
                left = business_days_between(today, cutoff)
                yield Due(
                    occurrence=f"cutoff-{cutoff.isoformat()}-near",
                    due_at=moment,
                    context={**context, "passed": False, "business_days_left": left},
                    user=person,
                    **common,
                )
        # Escalation: the cut-off passed and the client still has not confirmed.
        supervisors = _active([ae.supervisor if ae else None, plan.created_by.supervisor if plan.created_by else None])
        for person in supervisors:
            tz = person.zoneinfo
            today = timezone.localtime(now, tz).date()
            moment = at_local(add_business_days(cutoff, 1), REMINDER_MORNING, tz)
            if moment <= now and business_days_between(cutoff, today) <= OVERDUE_REMINDER_DAYS:
                yield Due(
                    occurrence=f"cutoff-{cutoff.isoformat()}-passed",
                    due_at=moment,
                    context={**context, "passed": True},
                    user=person,
                    **common,
                )
