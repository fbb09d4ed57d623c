"""Read-side queries for the reminder pages, each a fixed number of SQL queries."""

from datetime import timedelta

from django.utils import timezone

from . import deadlines
from .models import Notification, ReminderLedger

WAITING_LIMIT = 200


def sent_reminders(user):
    """The ledger, as far as this person may see it: their clients' reminders and their own."""
    return ReminderLedger.objects.visible_to(user).select_related("client", "recipient_user", "outbox_message")


def waiting(user, now=None):
    """[(kind, [DueItem])]: for every deadline kind, what its reminders chase now on what this person may
    see (overdue, due within the kind's warning, a client decision on its ladder); one query per kind."""
    return deadlines.items_by_kind(now=now or timezone.now(), viewer=user, attention=True, limit=WAITING_LIMIT)


def narrowed(user, *, kind=None, overdue=False, client=None, now=None):
    """[(kind, [DueItem], how many)] for the filtered overview (a dashboard figure links here): every open
    item of one kind, or only those due before today, on one client. Two queries per kind shown; the count
    is the dashboard's figure (agency/site/dashboard_figures.py)."""
    now = now or timezone.now()
    shown = [k for k in deadlines.kinds() if kind in (None, k.name)]
    until = timezone.localdate(now) - timedelta(days=1) if overdue else None
    result = []
    for k in shown:
        rows = k.select(now=now, viewer=user, until=until, client=client)
        result.append((k, [k.item_for(row, now) for row in rows[:WAITING_LIMIT]], rows.count()))
    return result


def notifications_for(user):
    return Notification.objects.filter(user=user).select_related("client")


def unread_count(user):
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
