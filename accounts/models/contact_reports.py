"""Contact reports: minutes of a meeting with the client, and the action items agreed in it."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agency.core.visibility import ScopedByClientQuerySet

from .clients import Client, Contact


class ActionItemQuerySet(ScopedByClientQuerySet):
    def open(self):
        return self.filter(done_at__isnull=True)


class ContactReport(models.Model):
    """Minutes of a meeting with the client (docs/practice.md, "Every meeting has a contact report")."""

    client = models.ForeignKey(
        Client, verbose_name=_("client"), on_delete=models.PROTECT, related_name="contact_reports"
    )
    meeting_date = models.DateField(_("meeting date"))
    subject = models.CharField(_("subject"), max_length=200)
    staff_attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("agency attendees"), related_name="contact_reports", blank=True
    )
    client_attendees = models.ManyToManyField(
        Contact, verbose_name=_("client attendees"), related_name="contact_reports", blank=True
    )
    other_attendees = models.CharField(
        _("other attendees"), max_length=500, blank=True, help_text=_("Anyone else, e.g. a media owner's rep.")
    )
    summary = models.TextField(_("summary"))
    decisions = models.TextField(_("decisions"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("written by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    objects = ScopedByClientQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact report")
        verbose_name_plural = _("contact reports")
        ordering = ["-meeting_date", "-id"]

    def __str__(self):
        return f"{self.meeting_date:%Y-%m-%d} {self.subject}"

    def get_absolute_url(self):
        return reverse("accounts:contact_report_detail", args=[self.client_id, self.pk])


class ActionItem(models.Model):
    """Something agreed in a meeting, with an owner and a due date. The reminders engine chases these."""

    # Kept on the row (not only through the report) so scoping and reminders need no join.
    client = models.ForeignKey(Client, verbose_name=_("client"), on_delete=models.PROTECT, related_name="action_items")
    report = models.ForeignKey(
        ContactReport, verbose_name=_("contact report"), on_delete=models.CASCADE, related_name="action_items"
    )
    description = models.CharField(_("action"), max_length=500)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="action_items"
    )
    due_date = models.DateField(_("due date"), db_index=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True, db_index=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ActionItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due_date", "id"]

    def __str__(self):
        return self.description

    @property
    def is_done(self):
        return self.done_at is not None
