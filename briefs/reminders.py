"""Campaign checklist steps as a deadline kind ("checklist"): due soon and overdue, to the step's owner,
the campaign's lead AE told when a step stays overdue.

Registered in BriefsConfig.ready(); timings and delivery are the engine's ladder
(agency/core/reminders.py: deadline_dues), the pages and calendars read the same items
(agency/core/deadlines.py).
"""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agency.core import deadlines
from briefs.models import ChecklistStep
from briefs.models.campaign import WORKING_STAGES


def open_steps(now):
    """Open steps with a due date on live campaigns (the partial index on due_date where not done)."""
    return ChecklistStep.objects.filter(
        done_at__isnull=True, due_date__isnull=False, campaign__stage__in=WORKING_STAGES
    ).select_related("owner", "campaign__client", "campaign__lead_ae")


def step_item(step, now):
    campaign = step.campaign
    return deadlines.DueItem(
        what=step.label,
        where=str(campaign),
        owner=step.owner,
        lead=campaign.lead_ae,
        client=campaign.client,
        related=campaign,
        url=reverse("campaign_detail", args=[step.campaign_id]),
        title=_("Due: %(step)s · %(campaign)s") % {"step": step.label, "campaign": campaign},
    )


CHECKLIST = deadlines.DeadlineKind(
    name="checklist",
    label=gettext_lazy("Checklist steps"),
    rows=open_steps,
    due_field="due_date",
    item=step_item,
    key="step",
    client_field="campaign__client",
    order=10,
)
