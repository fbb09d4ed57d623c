"""Read-side queries for the core pages, each a fixed number of SQL queries."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, OuterRef, Q, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import DecisionRequest, OutboxMessage, ReminderLedger
from .visibility import visible_clients

PRIVATE_TEMPLATES = ("password_reset",)


def outbox_visible_to(user):
    """The client-communication log: what was sent to the clients this person may see, and their own mail."""
    messages = OutboxMessage.objects.select_related("client", "created_by")
    # A password-reset link is for its recipient's eyes only, whoever else reads the log.
    messages = messages.exclude(Q(template__in=PRIVATE_TEMPLATES) & ~Q(to_email__iexact=user.email or "-"))
    if user.is_management:
        return messages
    return messages.filter(
        Q(client__in=visible_clients(user).values("pk")) | Q(created_by=user) | Q(to_email=user.email)
    )


# ── Client decisions waiting, and how far up the reminder ladder each has gone ──

# The decision ladder's steps (agency/core/decision_reminders.py), as the reminders ledger records them.
LADDER_RULE = "decision-ladder"
ESCALATION_LABELS = {
    0: _("Not yet reminded"),
    1: _("Client reminded"),
    2: _("AE told"),
    3: _("Escalated to the supervisor"),
}


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


def waiting_decisions(requests, now, *, limit):
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


def decisions_waiting_for_list(user, now=None):
    """Client links still open, for the decisions-waiting list: a private one (360° feedback) only to the
    person who sent it, as on the reminders pages (decision_reminders.py)."""
    from .decisions import private_kinds

    now = now or timezone.now()
    return (
        DecisionRequest.objects.visible_to(user)
        .open()
        .filter(expires_at__gt=now)
        .filter(~Q(decision_kind__in=private_kinds()) | Q(requested_by=user))
        .select_related("client", "contact", "requested_by")
        .order_by("sent_at", "created_at", "id")
    )
