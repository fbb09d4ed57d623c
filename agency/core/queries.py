"""Read-side queries for the core pages, each a fixed number of SQL queries."""

from django.db.models import Q

from .models import OutboxMessage
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
