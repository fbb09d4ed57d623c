"""Read-side queries for the AE's home page ("my day"), each a fixed number of SQL queries.

Apps add sections of their own with agency.core.dashboards.register_home_section() from their
AppConfig.ready() (e.g. accounts: complaints on my clients).
"""

from django.db.models import Count, Q
from django.utils import timezone

from accounts.models import ActionItem, Client
from agency.core.dashboards import home_sections
from agency.core.models import DecisionRequest, Notification
from agency.core.queries import waiting_decisions
from agency.core.reminders import add_business_days
from briefs.models import Campaign, ChecklistStep, Stage
from briefs.models.campaign import WORKING_STAGES

DUE_SOON_BUSINESS_DAYS = 3
LIST_LIMIT = 50
NOTIFICATIONS_SHOWN = 10


def today_and_soon(user, now):
    """Today in the person's own time zone, and the last day that counts as due soon."""
    today = timezone.localtime(now, user.zoneinfo).date()
    return today, add_business_days(today, DUE_SOON_BUSINESS_DAYS)


def my_steps(user, now):
    """My open checklist steps that are overdue or due soon, on running campaigns (one query)."""
    today, soon = today_and_soon(user, now)
    return list(
        ChecklistStep.objects.visible_to(user)
        .filter(owner=user, done_at__isnull=True, due_date__lte=soon, campaign__stage__in=WORKING_STAGES)
        .select_related("campaign__client")
        .order_by("due_date", "id")[:LIST_LIMIT]
    )


def my_action_items(user, now):
    """My open contact-report action items that are overdue or due soon (one query)."""
    _, soon = today_and_soon(user, now)
    return list(
        ActionItem.objects.visible_to(user)
        .open()
        .filter(owner=user, due_date__lte=soon)
        .select_related("client", "report")
        .order_by("due_date", "id")[:LIST_LIMIT]
    )


def my_decisions_waiting(user, now):
    return waiting_decisions(DecisionRequest.objects.visible_to(user).filter(requested_by=user), now, limit=LIST_LIMIT)


def my_campaigns(user, now):
    """My running campaigns (lead or on the campaign team), by stage, with days in the stage (one query)."""
    campaigns = list(
        Campaign.objects.visible_to(user)
        .filter(Q(lead_ae=user) | Q(pk__in=Campaign.team.through.objects.filter(user=user).values("campaign_id")))
        .filter(stage__in=[*WORKING_STAGES, Stage.ON_HOLD])
        .select_related("client")
        .order_by("stage_changed_at", "id")[: LIST_LIMIT * 2]
    )
    by_stage = {}
    for campaign in campaigns:
        campaign.days_in_stage = (now - campaign.stage_changed_at).days
        by_stage.setdefault(campaign.stage, []).append(campaign)
    order = [*WORKING_STAGES, Stage.ON_HOLD]
    return [(Stage(stage).label, by_stage[stage]) for stage in order if stage in by_stage]


def my_notifications(user):
    """Unread notifications, newest first, and how many there are (two queries)."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    return list(unread.select_related("client")[:NOTIFICATIONS_SHOWN]), unread.count()


def my_day(user, now=None):
    now = now or timezone.now()
    today, soon = today_and_soon(user, now)
    steps = my_steps(user, now)
    items = my_action_items(user, now)
    notifications, unread = my_notifications(user)
    return {
        "today": today,
        "soon": soon,
        "overdue_steps": [s for s in steps if s.due_date < today],
        "soon_steps": [s for s in steps if s.due_date >= today],
        "overdue_items": [i for i in items if i.due_date < today],
        "soon_items": [i for i in items if i.due_date >= today],
        "decisions": my_decisions_waiting(user, now),
        "campaigns_by_stage": my_campaigns(user, now),
        "notifications": notifications,
        "unread": unread,
        "extra_sections": home_sections(user, now),
    }


def my_clients_with_campaigns(user):
    """The clients this person may see, with their live campaigns counted by stage (one query)."""
    counts = {f"n_{stage.value}": Count("campaigns", filter=Q(campaigns__stage=stage)) for stage in Stage}
    return Client.objects.visible_to(user).active().annotate(**counts).order_by("name")
