"""Reminders: the ledger that makes each reminder happen exactly once, in-app notifications,
each person's reminder preference, and private calendar feeds.

The engine that writes these lives in agency/core/reminders.py.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..visibility import visible_clients


class ReminderLedgerQuerySet(models.QuerySet):
    def visible_to(self, user):
        """What was sent about the clients this person may see, and what was sent to them."""
        if user.is_management:
            return self
        return self.filter(models.Q(client__in=visible_clients(user).values("pk")) | models.Q(recipient_user=user))


class ReminderLedger(models.Model):
    """One reminder that happened. The unique `key` (rule, object, occurrence, recipient) is the
    exactly-once guarantee: it is inserted in the same transaction as the email and the notification,
    so a second sweep, a second beat or a retried task hits the constraint and sends nothing."""

    class Delivery(models.TextChoices):
        EMAIL = "email", _("Email")
        DIGEST = "digest", _("Daily digest")
        NOTIFICATION = "notification", _("In the app only")

    key = models.CharField(max_length=255, unique=True)
    rule = models.CharField(_("reminder"), max_length=60)
    occurrence = models.CharField(_("occurrence"), max_length=60)
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reminders",
    )
    recipient_contact = models.ForeignKey(
        "accounts.Contact",
        verbose_name=_("contact"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recipient_label = models.CharField(_("to"), max_length=300)
    client = models.ForeignKey(
        "accounts.Client", verbose_name=_("client"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    subject = models.CharField(_("subject"), max_length=300)
    related_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    related_id = models.CharField(max_length=64, blank=True)
    related = GenericForeignKey("related_type", "related_id")
    # The moment the reminder became due by the rule (not when the sweep happened to run).
    due_at = models.DateTimeField(_("due"))
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)
    delivery = models.CharField(_("delivery"), max_length=12, choices=Delivery.choices)
    outbox_message = models.ForeignKey(
        "agency.OutboxMessage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # For digest-mode reminders: the digest (itself a ledger row) that listed it.
    digest = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="digested", editable=False
    )

    objects = ReminderLedgerQuerySet.as_manager()

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["-created_at"], name="reminder_ledger_recent"),
            models.Index(fields=["client", "-created_at"], name="reminder_ledger_client"),
            # The digest rule looks for what is still waiting to be listed, per person.
            models.Index(
                fields=["recipient_user"],
                condition=models.Q(delivery="digest", digest__isnull=True),
                name="reminder_ledger_undigested",
            ),
        ]

    def __str__(self):
        return self.key


class Notification(models.Model):
    """What a staff member sees in the app's bell, whatever their email preference."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    ledger = models.OneToOneField(ReminderLedger, null=True, on_delete=models.CASCADE, related_name="notification")
    client = models.ForeignKey("accounts.Client", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="notification_user_recent"),
            models.Index(fields=["user"], condition=models.Q(read_at__isnull=True), name="notification_unread"),
        ]

    def __str__(self):
        return self.title


class ReminderPreference(models.Model):
    class Mode(models.TextChoices):
        IMMEDIATE = "immediate", _("An email for each reminder")
        DIGEST = "digest", _("One daily digest email")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_preference")
    mode = models.CharField(_("reminder emails"), max_length=10, choices=Mode.choices, default=Mode.IMMEDIATE)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("reminder preference")
        verbose_name_plural = _("reminder preferences")

    def __str__(self):
        return f"{self.user}: {self.mode}"


class CalendarFeed(models.Model):
    """A private ICS address. Only a SHA-256 of its token is stored; regenerating revokes the old one.

    Without a client it lists the owner's own due dates; with one it is the team's calendar for that
    client, served only while the owner can still see the client."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds")
    client = models.ForeignKey(
        "accounts.Client", verbose_name=_("client"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_fetched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner"],
                condition=models.Q(revoked_at__isnull=True, client__isnull=True),
                name="one_live_personal_feed",
            ),
            models.UniqueConstraint(
                fields=["owner", "client"], condition=models.Q(revoked_at__isnull=True), name="one_live_client_feed"
            ),
        ]

    def __str__(self):
        return f"calendar of {self.owner}" + (f" for {self.client}" if self.client_id else "")
