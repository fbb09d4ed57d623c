"""Read-side queries for the core pages, each a fixed number of SQL queries."""

from django.db.models import Q

from .models import OutboxMessage

PRIVATE_TEMPLATES = ("password_reset",)


def clients_visible_to(user):
    """The clients this person may see, by the client model's own rule (Client.objects.visible_to),
    reached through a foreign key: the floor names no app."""
    return OutboxMessage._meta.get_field("client").related_model.objects.visible_to(user)


def outbox_visible_to(user):
    """The client-communication log: what was sent to the clients this person may see, and their own mail."""
    messages = OutboxMessage.objects.select_related("client", "created_by")
    # A password-reset link is for its recipient's eyes only, whoever else reads the log.
    messages = messages.exclude(Q(template__in=PRIVATE_TEMPLATES) & ~Q(to_email__iexact=user.email or "-"))
    if user.is_management:
        return messages
    return messages.filter(
        Q(client__in=clients_visible_to(user).values("pk")) | Q(created_by=user) | Q(to_email=user.email)
    )
