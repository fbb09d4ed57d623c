from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from . import export_jobs, outbox, permissions, queries
from .filters import OutboxFilter
from .list_tables import OutboxTable
from .models import OutboxMessage
from .tables import list_page, table_sheet


@require_POST
def set_language(request):
    """Switch language; a signed-in person keeps the choice on their profile."""
    language = request.POST.get("language")
    if request.user.is_authenticated and language in dict(request.user._meta.get_field("language").choices):
        request.user.language = language
        request.user.save(update_fields=["language"])
    return django_set_language(request)


def _outbox_filters(request):
    return OutboxFilter(request.GET, queryset=queries.outbox_visible_to(request.user), request=request)


@login_required
def outbox_list(request):
    filters = _outbox_filters(request)
    context = list_page(request, OutboxTable(filters.qs), filters)
    # Outside systems hear by webhook: its page sits beside the email log, for those who manage it.
    context["may_manage_webhooks"] = permissions.may(request.user, "webhook.manage")
    return render(request, "agency/outbox_list.html", context)


@export_jobs.exporter("outbox")
def outbox_sheet(request):
    """The filtered log; subjects and addresses only, never a body (it may hold a client's link)."""
    return table_sheet(request, OutboxTable(_outbox_filters(request).qs), "outbox", _("Outbox"))


@login_required
def outbox_export(request, export_format):
    return export_jobs.export(request, "outbox", export_format)


@login_required
def export_job(request, job_id):
    """A long export's progress (polled by htmx), then its download; its asker's alone (others: 404)."""
    job = export_jobs.job_for(request.user, job_id)
    template = "agency/_export_progress.html" if request.headers.get("HX-Request") else "agency/export_job.html"
    return render(request, template, {"job": job})


@login_required
def export_download(request, job_id):
    return export_jobs.download(export_jobs.job_for(request.user, job_id))


@login_required
def outbox_detail(request, message_id):
    message = get_object_or_404(queries.outbox_visible_to(request.user), pk=message_id)
    return render(request, "agency/outbox_detail.html", {"message": message})


@login_required
@require_POST
def outbox_retry(request, message_id):
    message = get_object_or_404(queries.outbox_visible_to(request.user), pk=message_id)
    if message.status != OutboxMessage.Status.FAILED:
        messages.info(request, _("Only a failed message can be sent again."))
    else:
        outbox.retry_now(message, by=request.user)
        messages.success(request, _("The message will be sent again."))
    return redirect("outbox_detail", message_id=message.pk)


def bad_request(request, exception):
    """Django's 400, except that form fields too large to read get the friendly 413 page."""
    from django.conf import settings
    from django.core.exceptions import RequestDataTooBig
    from django.views import defaults

    from .middleware import too_large

    if isinstance(exception, RequestDataTooBig):
        size = request.META.get("CONTENT_LENGTH") or ""
        size = int(size) if size.isdigit() else 0
        return too_large(request, size=size, limit=settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    return defaults.bad_request(request, exception)
