"""Core rows: staff, the audit log and the email outbox."""

import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

TIME_ZONE_CHOICES = [
    (tz, tz)
    for tz in (
        "Asia/Shanghai",
        "Asia/Hong_Kong",
        "Asia/Taipei",
        "Asia/Singapore",
        "Asia/Tokyo",
        "Europe/London",
        "Europe/Paris",
        "America/New_York",
        "America/Los_Angeles",
        "UTC",
    )
]


class Title(models.TextChoices):
    # Account ranks, junior to senior (seed 001).
    AE = "AE", _("Account Executive (AE)")
    AM = "AM", _("Account Manager (AM)")
    AAD = "AAD", _("Associate Account Director (AAD)")
    AD = "AD", _("Account Director (AD)")
    GAD = "GAD", _("Group Account Director (GAD)")
    # Everyone else around an account.
    PLANNER = "planner", _("Strategic planner")
    CREATIVE = "creative", _("Creative")
    MEDIA_PLANNER = "media_planner", _("Media planner")
    MEDIA_BUYER = "media_buyer", _("Media buyer")
    PRODUCER = "producer", _("Producer")
    FINANCE = "finance", _("Finance")
    MANAGEMENT = "management", _("Management")


ACCOUNT_TITLES = (Title.AE, Title.AM, Title.AAD, Title.AD, Title.GAD)


class Department(models.TextChoices):
    CLIENT_SERVICE = "client_service", _("Client service")
    PLANNING = "planning", _("Strategic planning")
    CREATIVE = "creative", _("Creative")
    MEDIA = "media", _("Media")
    PRODUCTION = "production", _("Production")
    FINANCE = "finance", _("Finance")
    MANAGEMENT = "management", _("Management")


class StaffQuerySet(models.QuerySet):
    def reports_of_sql(self, user):
        """SQL (and params) selecting the ids of everyone below `user` in the reporting line.

        A recursive query, so a whole chain (GAD → AD → AM → AE) costs one query,
        and it can be used as a subquery without an extra round trip.
        """
        table = self.model._meta.db_table
        sql = (
            f"WITH RECURSIVE chain(id) AS ("
            f" SELECT id FROM {table} WHERE supervisor_id = %s"
            f" UNION SELECT u.id FROM {table} u JOIN chain c ON u.supervisor_id = c.id"
            f") SELECT id FROM chain"
        )
        return sql, (user.pk,)

    def reports_of(self, user):
        sql, params = self.reports_of_sql(user)
        return self.filter(pk__in=models.expressions.RawSQL(sql, params))  # noqa: S611 (table name is ours, user id a parameter)


class StaffManager(UserManager.from_queryset(StaffQuerySet)):
    pass


class User(AbstractUser):
    """A member of the agency's staff. Clients never have accounts."""

    title = models.CharField(_("title"), max_length=20, choices=Title.choices, default=Title.AE)
    department = models.CharField(
        _("department"), max_length=20, choices=Department.choices, default=Department.CLIENT_SERVICE
    )
    supervisor = models.ForeignKey(
        "self",
        verbose_name=_("supervisor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, default="en")
    time_zone = models.CharField(_("time zone"), max_length=40, choices=TIME_ZONE_CHOICES, default="Asia/Shanghai")

    objects = StaffManager()

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        ordering = ["first_name", "last_name", "username"]

    def __str__(self):
        return self.get_full_name() or self.username

    def clean(self):
        super().clean()
        if self.supervisor_id and self.pk and self.supervisor_id == self.pk:
            raise ValidationError({"supervisor": _("Nobody can be their own supervisor.")})

    @property
    def is_management(self):
        """Management sees every client; everyone else sees their teams' and their reports' clients."""
        return self.is_superuser or self.department == Department.MANAGEMENT

    @property
    def is_account_person(self):
        return self.title in ACCOUNT_TITLES

    @property
    def zoneinfo(self):
        return zoneinfo.ZoneInfo(self.time_zone)


class AppendOnlyModel(models.Model):
    """Rows that are evidence: written once, never changed or removed.

    Python refuses here; a database trigger (see the migrations) refuses raw SQL too.
    """

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(_("This record is part of the audit trail and cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("This record is part of the audit trail and cannot be deleted."))


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValidationError(_("Audit events cannot be changed."))

    def delete(self):
        raise ValidationError(_("Audit events cannot be deleted."))

    def for_object(self, obj):
        return self.filter(object_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk))


class AuditEvent(AppendOnlyModel):
    """One thing that happened, by whom, to what. Written through agency.audit.record()."""

    action = models.CharField(_("action"), max_length=100, db_index=True)  # dotted: "brief.approved"
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Client contacts act without an account; their name and email are kept as written.
    actor_contact_id = models.BigIntegerField(null=True, blank=True)
    actor_label = models.CharField(max_length=200, blank=True)
    object_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=300, blank=True)
    data = models.JSONField(default=dict, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id", "-created_at"])]

    def __str__(self):
        return f"{self.action} {self.object_repr}"


class OutboxMessage(models.Model):
    """One email, written in the same transaction as its cause and sent by a Celery task.

    The outbox is also the client-communication log: staff read it in the app.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        RETRYING = "retrying", _("Waiting to retry")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        KEPT = "kept", _("Kept in outbox (no mail server)")

    to_email = models.EmailField(_("to"))
    to_name = models.CharField(_("recipient"), max_length=200, blank=True)
    subject = models.CharField(_("subject"), max_length=300)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    language = models.CharField(_("language"), max_length=10, default="en")
    template = models.CharField(max_length=100, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The client the message concerns, for the communication log and access scoping.
    client = models.ForeignKey(
        "accounts.Client", null=True, blank=True, on_delete=models.PROTECT, related_name="outbox_messages"
    )
    related_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT)
    related_id = models.CharField(max_length=64, blank=True)
    related = GenericForeignKey("related_type", "related_id")

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return f"{self.subject} → {self.to_email}"

    @property
    def message_id(self):
        """Stable across retries, so a duplicate delivery is recognisable by the receiver."""
        domain = settings.SITE_URL.split("://", 1)[1].split("/", 1)[0].split(":", 1)[0]
        return f"<outbox-{self.pk}@{domain}>"
