"""Weekly status reports and quarterly service reports, acknowledged by the contact's link."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from agency.core.visibility import ScopedByClientQuerySet

from .clients import Client, Contact


class StatusReport(models.Model):
    """The weekly status report or the quarterly service report: drafted from the period's facts, edited
    by the AE, sent to a contact, acknowledged by link (docs/practice.md, "Status reports")."""

    class Kind(models.TextChoices):
        WEEKLY = "weekly", _("Weekly status report")
        QUARTERLY = "quarterly", _("Quarterly service report")

    client = models.ForeignKey(
        Client, verbose_name=_("client"), on_delete=models.PROTECT, related_name="status_reports"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    period_start = models.DateField(pgettext_lazy("report period", "from"))
    period_end = models.DateField(pgettext_lazy("report period", "to"))
    facts = models.JSONField(_("drafted sections"), default=dict, editable=False)
    body = models.TextField(_("report"))
    drafted_at = models.DateTimeField(_("drafted"))
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    contact = models.ForeignKey(
        Contact, verbose_name=_("sent to"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)

    objects = ScopedByClientQuerySet.as_manager()

    class Meta:
        verbose_name = _("status report")
        verbose_name_plural = _("status reports")
        ordering = ["-period_start", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["client", "kind", "period_start"], name="status_report_once_per_period"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.period_start:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("accounts:status_report_detail", args=[self.client_id, self.pk])
