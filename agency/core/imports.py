"""Imports, all or nothing, with a preview (docs/practice.md, "Imports within bounds").

An app registers an importer for its kind of file (media: "media_plan"). The app reads and checks the
upload, works out what it would do, and calls job_start(): the checked rows wait on the server in an
ImportJob under a random id, and the page shows the preview. job_confirm() runs the importer, in the
request for a small file, or in a Celery task beyond IMPORT_BACKGROUND_ROWS rows with a progress record the
page polls. The importer writes in one transaction; the job records the report or the error.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ImportJob

log = logging.getLogger(__name__)
CHUNK = 250  # rows between two progress updates


@dataclass(frozen=True)
class Importer:
    kind: str
    # (job, progress) -> the report (a dict of counts). progress(rows_done) may be called while checking
    # rows; the write itself is one transaction.
    run: object
    # Errors whose message a person should read as the reason the import failed (e.g. MediaError).
    errors: tuple = ()


_importers = {}


def register(importer):
    _importers[importer.kind] = importer
    return importer


def job_start(*, kind, target_id, rows, preview, file_name, options, by):
    """Keep checked rows until the person confirms. `rows` must be JSON: text, numbers, None.
    A new upload replaces the person's unconfirmed preview for the same target: one waits at most."""
    ImportJob.objects.filter(kind=kind, target_id=target_id, created_by=by, state=ImportJob.State.PREVIEW).delete()
    return ImportJob.objects.create(
        kind=kind,
        target_id=target_id,
        rows=rows,
        preview=preview,
        file_name=file_name[:200],
        options=options,
        created_by=by,
        rows_total=len(rows),
    )


def job_for(user, job_id, *, kind, target_id):
    """The job this person started for this target, or 404 (another person's import is not theirs to see)."""
    job = ImportJob.objects.filter(pk=job_id, kind=kind, target_id=target_id, created_by=user).first()
    if job is None:
        raise Http404
    return job


def job_confirm(*, job, by):
    """Start the import the person has seen. Twice is once: only a job waiting for confirmation starts."""
    from .tasks import enqueue_after_commit, run_import

    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if job.state != ImportJob.State.PREVIEW or job.created_by_id != by.pk:
            return job
        job.state = ImportJob.State.QUEUED
        job.save(update_fields=["state"])
        background = job.rows_total > settings.IMPORT_BACKGROUND_ROWS
        if background:
            enqueue_after_commit(run_import, str(job.pk))
    if not background:
        job_run(job.pk)
    job.refresh_from_db()
    return job


def claim(model, job_id):
    """Mark the job (an ImportJob or an ExportJob) running, or None when it is not this run's to do (done,
    or running elsewhere)."""
    stale = timezone.now() - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    with transaction.atomic():
        job = model.objects.select_for_update().filter(pk=job_id).first()
        if job is None:
            return None
        running_elsewhere = job.state == model.State.RUNNING and job.started_at and job.started_at > stale
        if job.state not in (model.State.QUEUED, model.State.RUNNING) or running_elsewhere:
            return None
        job.state, job.started_at, job.rows_done = model.State.RUNNING, timezone.now(), 0
        job.save(update_fields=["state", "started_at", "rows_done"])
    return job


def job_run(job_id):
    """Run a confirmed job: by the task, or in the request for a small file. Safe to run twice."""
    job = claim(ImportJob, job_id)
    if job is None:
        return None
    importer = _importers[job.kind]

    def progress(rows_done):
        ImportJob.objects.filter(pk=job.pk).update(rows_done=min(rows_done, job.rows_total))

    try:
        result = importer.run(job, progress)
    except importer.errors as error:
        _finish(job, state=ImportJob.State.FAILED, error=str(error))
    except Exception:
        log.exception("import %s stopped", job.pk)
        _finish(
            job,
            state=ImportJob.State.FAILED,
            error=_("The import stopped with an unexpected error; nothing was written."),
        )
    else:
        _finish(job, state=ImportJob.State.DONE, result=result)
    return job.state


def _finish(job, *, state, result=None, error=""):
    job.state, job.result, job.error = state, result or {}, error
    job.finished_at = timezone.now()
    if state == ImportJob.State.DONE:
        job.rows_done, job.rows = job.rows_total, []  # the rows are in the plan now; keep only the report
    job.save(update_fields=["state", "result", "error", "finished_at", "rows_done", "rows"])
