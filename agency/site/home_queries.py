"""Read-side queries for the AE's home page ("my day"), each a fixed number of SQL queries.

Other apps add sections to the page by appending to EXTRA_HOME_SECTIONS (e.g. in their
AppConfig.ready()): a function `fn(user, now)` returning None (nothing to show) or a dict
{"title": ..., "template": "app/_home_section.html", "context": {...}}. The page shows the title as
a card header and includes the template with `section` (read `section.context`); keep each function
to a fixed number of queries.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count, OuterRef, Q, Subquery
from django.db.models.functions import Cast
from django.utils import timezone

from accounts.models import Client
from agency.core import deadlines
from agency.core.calendar import add_business_days, local_date, reader_tz
from agency.core.models import DecisionRequest, Notification, ReminderLedger
from briefs.models import Campaign, Stage
from briefs.models.campaign import WORKING_STAGES

DUE_SOON_BUSINESS_DAYS = 3
LIST_LIMIT = 50
NOTIFICATIONS_SHOWN = 10
# The decision ladder's steps (agency/core/decision_reminders.py), as the ledger records them.
LADDER_RULE = "decision-ladder"

EXTRA_HOME_SECTIONS = []


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


def escalation_level():
    """The highest step of the decision ladder a request has reached, from the reminders ledger
    (0: not yet reminded; 1: client reminded; 2: AE told; 3: escalated to the AE's supervisor)."""
    ledger = (
        ReminderLedger.objects.filter(
            rule=LADDER_RULE,
            related_type=ContentType.objects.get_for_model(DecisionRequest),
            related_id=Cast(OuterRef("pk"), CharField()),
        )
        .order_by("-occurrence")
        .values("occurrence")[:1]
    )
    return Subquery(ledger)


def level_of(occurrence):
    return int(occurrence.rsplit("-", 1)[1]) if occurrence else 0


def waiting_decisions(requests, now, limit=LIST_LIMIT):
    """Open client links, oldest first, with their age in days and escalation level (one query)."""
    rows = list(
        requests.open()
        .filter(expires_at__gt=now)
        .annotate(ladder=escalation_level())
        .select_related("client", "contact", "requested_by")
        .order_by("sent_at", "created_at", "id")[:limit]
    )
    for row in rows:
        row.age_days = (now - (row.sent_at or row.created_at)).days
        row.escalation = level_of(row.ladder)
    return rows


def my_decisions_waiting(user, now):
    return waiting_decisions(DecisionRequest.objects.visible_to(user).filter(requested_by=user), now)


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
    extra = [section for fn in EXTRA_HOME_SECTIONS if (section := fn(user, now))]
    return {
        "today": today,
        "soon": soon,
        "overdue": overdue,
        "due_soon": due_soon,
        "decisions": my_decisions_waiting(user, now),
        "campaigns_by_stage": my_campaigns(user, now),
        "notifications": notifications,
        "unread": unread,
        "extra_sections": extra,
    }


def my_clients_with_campaigns(user):
    """The clients this person may see, with their live campaigns counted by stage (one query)."""
    counts = {f"n_{stage.value}": Count("campaigns", filter=Q(campaigns__stage=stage)) for stage in Stage}
    return Client.objects.visible_to(user).active().annotate(**counts).order_by("name")
