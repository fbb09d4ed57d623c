"""Clients and contacts from a spreadsheet: upload, preview, confirm (docs/practice.md, "Imports within bounds")."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from agency.core import imports, permissions
from agency.core.exports import xlsx_response

from ..forms import ClientImportForm
from ..services import client_import as service


@login_required
def client_import(request):
    """Upload and check; nothing is written here."""
    permissions.require(request.user, "client.import")
    form = ClientImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = service.read_rows(upload)
        except service.ImportRefused as refused:
            form.add_error("file", refused.message)
        else:
            job = service.client_import_preview(rows=rows, file_name=upload.name, by=request.user)
            return redirect("accounts:client_import_job", job.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/client_import.html", {"form": form}, status=status)


@login_required
def client_import_job(request, job_id):
    """The preview, confirmed by a POST; then the progress (polled by htmx) and the report."""
    permissions.require(request.user, "client.import")
    job = imports.job_for(request.user, job_id, kind=service.KIND, target_id=service.TARGET)
    if request.method == "POST":
        if not job.preview.get("counts", {}).get("refuse"):  # a file with refused rows is fixed, not confirmed
            imports.job_confirm(job=job, by=request.user)
        return redirect("accounts:client_import_job", job.pk)
    if request.headers.get("HX-Request"):
        return render(request, "accounts/_client_import_progress.html", {"job": job})
    return render(request, "accounts/client_import_job.html", {"job": job})


@login_required
def client_import_template(request):
    """An empty sheet with the column names in the reader's language, to fill in and import."""
    permissions.require(request.user, "client.import")
    header = [str(label) for _key, label in service.COLUMNS]
    return xlsx_response("clients-import", header, [], sheet_title=_("Clients"))
