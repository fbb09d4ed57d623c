"""Reminder rule for campaign checklist steps: due soon and overdue, to the step's owner.

Registered with the engine in BriefsConfig.ready(); timings and delivery are the engine's
(agency/core/reminders.py: deadline_dues).
"""

from django.urls import reverse

from agency.core.reminders import Deadline, deadline_dues, deadline_window
from briefs.models import ChecklistStep
from briefs.models.campaign import WORKING_STAGES


def open_steps_near_their_due_date(now):
    """Open steps of live campaigns due inside the reminder window (the partial index on due_date)."""
    earliest, latest = deadline_window(now)
    return (
        ChecklistStep.objects.filter(
            done_at__isnull=True,
            due_date__gte=earliest,
            due_date__lte=latest,
            owner__isnull=False,
            campaign__stage__in=WORKING_STAGES,
        )
        .select_related("owner", "campaign__client", "campaign__lead_ae")
        .order_by("due_date", "id")
    )


def checklist_dues(now):
    steps = open_steps_near_their_due_date(now).iterator(chunk_size=500)
    deadlines = (
        Deadline(
            object_key=f"step:{step.pk}",
            due_date=step.due_date,
            owner=step.owner,
            what=str(step.label),
            where=str(step.campaign),
            related=step.campaign,
            client=step.campaign.client,
            url=reverse("campaign_detail", args=[step.campaign_id]),
            lead=step.campaign.lead_ae,
        )
        for step in steps
    )
    yield from deadline_dues(deadlines, now, rule="checklist")
