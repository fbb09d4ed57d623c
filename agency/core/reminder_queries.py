"""Read-side queries for the reminder pages, each a fixed number of SQL queries."""

from django.utils import timezone

from accounts.models import Client
from briefs.models import ChecklistStep
from briefs.models.campaign import WORKING_STAGES

from .decision_reminders import ladder_moments, waiting_requests
from .models import Notification, ReminderLedger
from .reminders import add_business_days, agency_tz

WAITING_LIMIT = 200


def sent_reminders(user):
    """The ledger, as far as this person may see it: their clients' reminders and their own."""
    return ReminderLedger.objects.visible_to(user).select_related("client", "recipient_user", "outbox_message")


def overdue_steps(user, now=None):
    today = timezone.localtime(now or timezone.now(), agency_tz()).date()
    return (
        ChecklistStep.objects.visible_to(user)
        .filter(done_at__isnull=True, due_date__lt=today, campaign__stage__in=WORKING_STAGES)
        .select_related("campaign__client", "owner")
        .order_by("due_date", "id")[:WAITING_LIMIT]
    )


def waiting_decisions(user, now=None):
    """Open client links past the first step of their ladder: [(request, steps passed, next step moment)]."""
    now = now or timezone.now()
    requests = waiting_requests(now).filter(client__in=Client.objects.visible_to(user).values("pk"))
    rows = []
    for request in requests[:WAITING_LIMIT]:
        moments = ladder_moments(request)
        passed = [m for m in moments if m[3] <= now]
        if passed:
            upcoming = next((m for m in moments if m[3] > now), None)
            rows.append((request, passed[-1], upcoming))
    return rows


def overdue_action_items(user, now=None):
    """Contact-report action items past their due date (the action-item rule chases their owners)."""
    from accounts.models import ActionItem

    today = timezone.localtime(now or timezone.now(), agency_tz()).date()
    return (
        ActionItem.objects.visible_to(user)
        .open()
        .filter(due_date__lt=today)
        .select_related("client", "owner", "report")
        .order_by("due_date", "id")[:WAITING_LIMIT]
    )


def plans_near_their_cutoff(user, now=None):
    """Media plans still with the client whose booking cut-off is close or past (the media-cutoff rule)."""
    from media.models import PlanVersion
    from media.reminders import CUTOFF_WARNING_BUSINESS_DAYS

    today = timezone.localtime(now or timezone.now(), agency_tz()).date()
    return (
        PlanVersion.objects.visible_to(user)
        .filter(
            status="sent",
            booking_cutoff__lte=add_business_days(today, CUTOFF_WARNING_BUSINESS_DAYS),
            campaign__stage__in=WORKING_STAGES,
        )
        .select_related("campaign__client")
        .order_by("booking_cutoff", "id")[:WAITING_LIMIT]
    )


def notifications_for(user):
    return Notification.objects.filter(user=user).select_related("client")


def unread_count(user):
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
