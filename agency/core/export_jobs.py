"""Exports of any length (docs/practice.md, "Long exports in the background").

An app registers an exporter per download: build(request, **args) -> a counted `exports.Sheet`, read from
the request's user, filters and sort. `export()` answers the download: the file at once when the sheet
holds at most the exporter's threshold of rows, otherwise an ExportJob and its progress page. The worker
builds the same sheet again as the same person (their visibility then, their language, their time zone)
and keeps the file under settings.EXPORT_ROOT for that person alone, until it expires. The progress is
kept the way an import's is (agency/core/imports.py: the same claim, the same htmx page shape).
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db.models import Q
from django.http import Http404, QueryDict
from django.shortcuts import redirect
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .exports import CONTENT_TYPES, sheet_response
from .files import serve_open_file
from .imports import claim
from .models import ExportJob

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Exporter:
    kind: str
    build: object  # (request, **args) -> exports.Sheet
    threshold: str  # the setting naming how many rows are still written at once


_exporters = {}


def exporter(kind, *, threshold="EXPORT_BACKGROUND_ROWS"):
    """Register build(request, **args) -> Sheet as the export `kind` (a decorator). Register it from a module
    the app's ready() imports: the worker must find it too."""

    def register(build):
        _exporters[kind] = Exporter(kind=kind, build=build, threshold=threshold)
        return build

    return register


@dataclass
class ExportRequest:
    """What an exporter reads of a request, rebuilt by the worker for the person who asked."""

    user: object
    GET: QueryDict
    LANGUAGE_CODE: str


def export(request, kind, export_format, **args):
    """The download of `kind`: written now when short, else queued (one job per same request while it runs)."""
    from .tasks import enqueue_after_commit, run_export

    found = _exporters[kind]
    sheet = found.build(request, **args)
    if sheet.total <= getattr(settings, found.threshold):
        return sheet_response(sheet, export_format)
    same = {"kind": kind, "export_format": export_format, "args": args, "query": request.GET.urlencode()}
    # A job still waiting or running is the same file on its way; one that has waited or run longer than two
    # task time limits was lost (a broker down when it was queued, a worker killed) and is asked for anew.
    live = timezone.now() - timedelta(seconds=2 * settings.CELERY_TASK_TIME_LIMIT)
    on_its_way = Q(state=ExportJob.State.QUEUED, created_at__gte=live) | Q(
        state=ExportJob.State.RUNNING, started_at__gte=live
    )
    job = ExportJob.objects.filter(on_its_way, created_by=request.user, **same).first()
    if job is None:
        job = ExportJob.objects.create(
            **same,
            language=request.LANGUAGE_CODE,
            title=sheet.title[:200],
            created_by=request.user,
            rows_total=sheet.total,
        )
        enqueue_after_commit(run_export, str(job.pk))
    return redirect("export_job", job.pk)


def job_for(user, job_id):
    """The export this person asked for, or 404: another person's export is not theirs to see."""
    job = ExportJob.objects.filter(pk=job_id, created_by=user).first()
    if job is None:
        raise Http404
    return job


def download(job):
    """The finished file, while it is kept; 404 otherwise."""
    if job.state != ExportJob.State.DONE or job.is_expired:
        raise Http404
    try:
        stored = _storage().open(job.stored_name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    return serve_open_file(stored, job.file_name, CONTENT_TYPES[job.export_format])


def _storage():
    return FileSystemStorage(location=settings.EXPORT_ROOT)


def job_run(job_id):
    """Write a queued export as the person who asked: by the task. Safe to run twice."""
    job = claim(ExportJob, job_id)
    if job is None:
        return None
    user = job.created_by

    def progress(rows_done):
        ExportJob.objects.filter(pk=job.pk).update(rows_done=min(rows_done, job.rows_total))

    with translation.override(job.language), timezone.override(user.zoneinfo):
        try:
            if not user.is_active:
                raise PermissionDenied
            request = ExportRequest(user=user, GET=QueryDict(job.query), LANGUAGE_CODE=job.language)
            sheet = _exporters[job.kind].build(request, **job.args)
            job.rows_total = sheet.total  # what the person may see now, which may differ from when they asked
            ExportJob.objects.filter(pk=job.pk).update(rows_total=job.rows_total)
            content = sheet.write(job.export_format, progress)
        except (Http404, PermissionDenied):
            _finish(job, state=ExportJob.State.FAILED, error=_("You can no longer see what this export is of."))
        except Exception:
            log.exception("export %s stopped", job.pk)
            _finish(job, state=ExportJob.State.FAILED, error=_("The export stopped with an unexpected error."))
        else:
            stored_name = _storage().save(f"{job.pk}.{job.export_format}", ContentFile(content))
            _finish(job, state=ExportJob.State.DONE, file_name=sheet.file_name(job.export_format), stored=stored_name)
    return job.state


def _finish(job, *, state, error="", file_name="", stored=""):
    job.state, job.error, job.file_name, job.stored_name = state, error, file_name, stored
    job.finished_at = timezone.now()
    if state == ExportJob.State.DONE:
        job.rows_done = job.rows_total
    job.save(update_fields=["state", "error", "file_name", "stored_name", "finished_at", "rows_done", "rows_total"])


def remove_expired(now=None):
    """Every hour: forget exports older than EXPORT_KEEP_DAYS and delete their files. Returns how many."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.EXPORT_KEEP_DAYS)
    storage, removed = _storage(), 0
    for job in ExportJob.objects.filter(created_at__lt=cutoff).only("pk", "stored_name"):
        if job.stored_name:
            storage.delete(job.stored_name)  # deleting a file already gone is not an error
        job.delete()
        removed += 1
    return removed
