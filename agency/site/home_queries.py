"""Read-side queries for the AE's home page ("my day"), each a fixed number of SQL queries.

Apps add sections of their own with agency.core.dashboards.register_home_section() from their
AppConfig.ready() (e.g. accounts: complaints on my clients).
"""

from django.db.models import Count, Q
from django.utils import timezone

from accounts.models import Client
from agency.core import deadlines
from agency.core.calendar import add_business_days, local_date, reader_tz
from agency.core.dashboards import home_sections
from agency.core.models import DecisionRequest, Notification
from agency.core.queries import waiting_decisions
from briefs.models import Campaign, Stage
from briefs.models.campaign import WORKING_STAGES

DUE_SOON_BUSINESS_DAYS = 3
LIST_LIMIT = 50
NOTIFICATIONS_SHOWN = 10


def today_and_soon(user, now):
    """Today in the person's own time zone, and the last day that counts as due soon."""
    today = local_date(now, reader_tz(user))
    return today, add_business_days(today, DUE_SOON_BUSINESS_DAYS)


def my_due_items(user, now):
    """My open items of every deadline kind (agency/core/deadlines.py), overdue or due soon, on what I
    may see: (overdue, due soon), each by due date (one query per kind)."""
    today, soon = today_and_soon(user, now)
    items = deadlines.due_items(now=now, owner=user, viewer=user, until=soon, limit=LIST_LIMIT)
    overdue = [item for item in items if item.is_overdue(now, today)]
    return overdue, [item for item in items if not item.is_overdue(now, today)]


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
    overdue, due_soon = my_due_items(user, now)
    notifications, unread = my_notifications(user)
    return {
        "today": today,
        "soon": soon,
        "overdue": overdue,
        "due_soon": due_soon,
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
