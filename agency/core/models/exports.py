"""A long export, its progress and then its file (agency/core/export_jobs.py)."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .imports import JobProgress


class ExportJob(JobProgress, models.Model):
    """A long export written in the background (agency/core/export_jobs.py), then its file, for the person
    who asked only, until it expires. The random id is the only handle the browser gets."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Exporting")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=50)  # the registered exporter, e.g. "campaigns"
    export_format = models.CharField(max_length=4)  # "csv" or "xlsx"
    args = models.JSONField(default=dict)  # what the address named besides the query, e.g. {"version_id": 12}
    query = models.TextField(blank=True)  # the list's filters and sort, as in the page's address
    language = models.CharField(max_length=10)  # the headers' language, as the person read the page
    title = models.CharField(max_length=200)  # what it is an export of ("Campaigns"), in that language
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    file_name = models.CharField(max_length=200, blank=True)  # the name the download carries
    stored_name = models.CharField(max_length=200, blank=True)  # its name under settings.EXPORT_ROOT
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.kind} {self.export_format} ({self.state})"

    @property
    def expires_at(self):
        return self.created_at + timedelta(days=settings.EXPORT_KEEP_DAYS)

    @property
    def is_expired(self):
        return timezone.now() >= self.expires_at
