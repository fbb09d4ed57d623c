"""Media plans awaiting the client's written confirmation before their booking cut-off, as a deadline
kind ("media-cutoff"), registered in MediaConfig.ready().

The client is chased by the decision ladder (agency/core/decision_reminders.py); this kind chases the
agency: CUTOFF_WARNING_BUSINESS_DAYS before the cut-off the planner (who made the plan version) and the
campaign's lead AE are reminded that nothing can be booked yet; when the cut-off has passed still
unconfirmed, the lead AE's supervisor (and the planner's) hears of it the next business day. Each once per
cut-off date (a moved cut-off is a new occurrence), at REMINDER_MORNING in the recipient's time zone, on
the agency's business days. The plan is on the calendars and home pages of the planner, the lead AE and
the campaign's team.
"""

from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agency.core import deadlines
from agency.core.calendar import add_business_days, at_local, business_days_between, reader_tz
from agency.core.reminders import OVERDUE_REMINDER_DAYS, REMINDER_MORNING, Due, deadline_window
from briefs.models import Campaign, ClientStatus
from briefs.models.campaign import WORKING_STAGES

from .models import PlanVersion

CUTOFF_WARNING_BUSINESS_DAYS = 2
TEMPLATE = "reminder_booking_cutoff"


def plans_awaiting_confirmation(now):
    """Plans with the client (status sent) that have a cut-off (index on booking_cutoff)."""
    return PlanVersion.objects.filter(
        status=ClientStatus.SENT, booking_cutoff__isnull=False, campaign__stage__in=WORKING_STAGES
    ).select_related("client", "campaign__lead_ae__supervisor", "created_by__supervisor")


def on_the_plan(user):
    """The people the cut-off reminder chases (planner, lead AE) and the rest of the campaign's team."""
    on_team = Campaign.team.through.objects.filter(user=user).values("campaign_id")
    return Q(campaign__lead_ae=user) | Q(created_by=user) | Q(campaign_id__in=on_team)


def plan_item(plan, now):
    campaign = plan.campaign
    return deadlines.DueItem(
        what=str(plan),
        where=str(campaign),
        owner=plan.created_by or campaign.lead_ae,
        lead=campaign.lead_ae,
        client=plan.client,
        related=plan,
        url=reverse("media_plan", args=[plan.pk]),
        title=_("Booking cut-off, client confirmation needed: %(plan)s · %(campaign)s")
        % {"plan": plan, "campaign": campaign},
    )


def _active(people):
    seen = {}
    for person in people:
        if person is not None and person.is_active and person.pk not in seen:
            seen[person.pk] = person
    return list(seen.values())


def booking_cutoff_dues(now):
    earliest, latest = deadline_window(now, ahead=CUTOFF_WARNING_BUSINESS_DAYS)
    for item in CUTOFFS.iter_items(now=now, since=earliest, until=latest):
        plan, cutoff = item.row, item.due
        campaign = plan.campaign
        ae = campaign.lead_ae or plan.created_by
        context = {"plan": plan, "campaign": campaign, "cutoff": cutoff, "ae": ae}
        for person in _active([plan.created_by, campaign.lead_ae]):
            tz = reader_tz(person)
            today = timezone.localtime(now, tz).date()
            moment = at_local(add_business_days(cutoff, -CUTOFF_WARNING_BUSINESS_DAYS), REMINDER_MORNING, tz)
            if moment <= now and today <= cutoff:
                left = business_days_between(today, cutoff)
                yield Due.about(
                    item,
                    occurrence=f"cutoff-{cutoff.isoformat()}-near",
                    due_at=moment,
                    template=TEMPLATE,
                    context={**context, "passed": False, "business_days_left": left},
                    user=person,
                )
        # Escalation: the cut-off passed and the client still has not confirmed.
        supervisors = _active([ae.supervisor if ae else None, plan.created_by.supervisor if plan.created_by else None])
        for person in supervisors:
            tz = reader_tz(person)
            today = timezone.localtime(now, tz).date()
            moment = at_local(add_business_days(cutoff, 1), REMINDER_MORNING, tz)
            if moment <= now and business_days_between(cutoff, today) <= OVERDUE_REMINDER_DAYS:
                yield Due.about(
                    item,
                    occurrence=f"cutoff-{cutoff.isoformat()}-passed",
                    due_at=moment,
                    template=TEMPLATE,
                    context={**context, "passed": True},
                    user=person,
                )


CUTOFFS = deadlines.DeadlineKind(
    name="media-cutoff",
    label=gettext_lazy("Media plans unconfirmed near their booking cut-off"),
    rows=plans_awaiting_confirmation,
    due_field="booking_cutoff",
    item=plan_item,
    key="plan",
    uid="plan-cutoff",
    owned_by=on_the_plan,
    owner_field=Coalesce("created_by", "campaign__lead_ae"),  # plan_item: the planner, else the lead AE
    warn_business_days=CUTOFF_WARNING_BUSINESS_DAYS,
    remind=booking_cutoff_dues,
    order=60,
)
