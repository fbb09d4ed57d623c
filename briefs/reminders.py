"""Campaign checklist steps as a deadline kind ("checklist"): due soon and overdue, to the step's owner,
the campaign's lead AE told when a step stays overdue, and the lead AE's manager (AM/AD) once, after
settings.CHECKLIST_ESCALATE_AFTER_BUSINESS_DAYS overdue.

Registered in BriefsConfig.ready(); timings and delivery are the engine's ladder
(agency/core/reminders.py: deadline_dues) plus the escalation here, in the same beat sweep and the same
exactly-once ledger; the pages and calendars read the same items (agency/core/deadlines.py).
Rule: "Reminders exactly once on business days" (docs/practice.md).
"""

from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agency.core import deadlines, webhooks
from agency.core.calendar import add_business_days, at_local, business_days_between, reader_tz
from agency.core.reminders import REMINDER_MORNING, Due, deadline_dues, ladder_items
from briefs.models import ChecklistStep
from briefs.models.campaign import WORKING_STAGES


def open_steps(now):
    """Open steps (neither done nor waived) with a due date on live campaigns (the partial index on
    due_date where not done)."""
    return ChecklistStep.objects.filter(
        done_at__isnull=True, waived_at__isnull=True, due_date__isnull=False, campaign__stage__in=WORKING_STAGES
    ).select_related("owner", "campaign__client", "campaign__lead_ae__supervisor")


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


def escalation_to(step):
    """Who hears when a step stays overdue: the lead AE's manager (their supervisor), if active."""
    manager = step.campaign.lead_ae.supervisor
    return manager if manager is not None and manager.is_active else None


def escalation_dues(items, now):
    """Once per overdue step, in the manager's morning, when it is CHECKLIST_ESCALATE_AFTER_BUSINESS_DAYS
    business days overdue or more (within the ladder's window)."""
    after = settings.CHECKLIST_ESCALATE_AFTER_BUSINESS_DAYS
    for item in items:
        manager = escalation_to(item.row)
        if manager is None or item.owner is None or manager.pk == item.owner.pk:
            continue
        tz = reader_tz(manager)
        local = timezone.localtime(now, tz)
        counted_until = local.date() if local.time() >= REMINDER_MORNING else local.date() - timedelta(days=1)
        late = business_days_between(item.due_date, counted_until)
        if late < after:
            continue
        yield Due.about(
            item,
            occurrence="escalated",
            due_at=at_local(add_business_days(item.due_date, after), REMINDER_MORNING, tz),
            template="reminder_overdue_lead",
            context={"deadline": item, "due_date": item.due_date, "owner": item.owner, "business_days_late": late},
            user=manager,
        )


def checklist_dues(now):
    """The engine's ladder for every open step in the window, then the escalation to the manager."""
    items = list(ladder_items(CHECKLIST, now))
    yield from deadline_dues(items, now)
    yield from escalation_dues(items, now)


CHECKLIST = deadlines.DeadlineKind(
    name="checklist",
    label=gettext_lazy("Checklist steps"),
    rows=open_steps,
    due_field="due_date",
    item=step_item,
    key="step",
    client_field="campaign__client",
    remind=checklist_dues,
    owner_field="owner",
    order=10,
)


def overdue_step_facts(due):
    """What an outside system hears when a step turns overdue: once per step, with the owner's first overdue
    reminder. Rule: "Outside systems hear by signed webhook" (docs/practice.md)."""
    return {
        "step": int(due.object_key.split(":")[1]),
        "campaign": due.related.pk,
        "client": due.client.pk if due.client else None,
        "due_date": due.context["due_date"],
        "owner": due.user.pk if due.user else None,
    }


webhooks.on_reminder("checklist", "overdue-day-1", "step.overdue", overdue_step_facts)
