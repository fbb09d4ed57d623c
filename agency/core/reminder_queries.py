"""Read-side queries for the reminder pages, each a fixed number of SQL queries."""

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


def notifications_for(user):
    return Notification.objects.filter(user=user).select_related("client")


def unread_count(user):
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
