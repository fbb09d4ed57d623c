"""An import waiting for its confirmation, then its progress and report (agency/core/imports.py)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobProgress:
    """What the progress page of an import and of an export reads of its job: the same for both."""

    @property
    def is_finished(self):
        return self.state in (self.State.DONE, self.State.FAILED)

    @property
    def percent_done(self):
        return int(100 * self.rows_done / self.rows_total) if self.rows_total else 0


class ImportJob(JobProgress, models.Model):
    """One uploaded file's checked rows, kept on the server between the preview and the confirmation.

    The random id is the only handle the browser gets; the rows are never sent back by the browser."""

    class State(models.TextChoices):
        PREVIEW = "preview", _("Waiting for confirmation")
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=50)  # the registered importer, e.g. "media_plan"
    target_id = models.PositiveBigIntegerField()  # what is imported into (a plan version)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    file_name = models.CharField(max_length=200)
    options = models.JSONField(default=dict)
    rows = models.JSONField(default=list)  # checked rows, as JSON text and numbers; emptied once imported
    preview = models.JSONField(default=dict)  # what the import would do, as shown before confirming
    state = models.CharField(max_length=10, choices=State.choices, default=State.PREVIEW)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    result = models.JSONField(default=dict)  # the report: lines added, changed, unchanged, removed
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.kind} {self.file_name} ({self.state})"
