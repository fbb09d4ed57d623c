"""The audit log, and the base for rows that are evidence (written once, never changed)."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


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
    """One thing that happened, by whom, to what. Written through agency.core.audit.record()."""

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
