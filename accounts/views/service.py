"""Staff pages of the client service loop: complaints, satisfaction surveys, status reports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from agency.core import export_jobs
from agency.core.tables import list_page, table_sheet
from agency.core.visibility import get_visible_or_404

from .. import queries
from ..complaint_subjects import complaint_subjects
from ..filters import ALL, ComplaintFilter
from ..forms import (
    CloseForm,
    ComplaintForm,
    FollowUpForm,
    InvestigateForm,
    PlanForm,
    RemedyForm,
    RespondForm,
    RouteForm,
    StatusReportForm,
    StatusReportSendForm,
    SurveySendForm,
)
from ..models import Client, Complaint, SatisfactionSurvey, StatusReport
from ..services import complaints as complaint_services
from ..services import status_reports as report_services
from ..services import surveys as survey_services
from ..services.errors import AccountsError
from ..tables import ComplaintTable

COMPLAINTS_PER_PAGE = ComplaintTable._meta.per_page

# --- complaints ----------------------------------------------------------------------------------


def _complaint_filters(request):
    return ComplaintFilter(request.GET, queryset=queries.complaints_for_list(request.user, status=ALL), request=request)


@login_required
def complaint_list(request):
    filters = _complaint_filters(request)
    context = list_page(request, ComplaintTable(filters.qs), filters)
    return render(request, "accounts/complaint_list.html", context)


@export_jobs.exporter("complaints")
def complaint_sheet(request):
    return table_sheet(request, ComplaintTable(_complaint_filters(request).qs), "complaints", _("Complaints"))


@login_required
def complaint_export(request, export_format):
    return export_jobs.export(request, "complaints", export_format)


@login_required
def complaint_create(request):
    # Prefilled from a client's or a campaign's page: ?client=…&campaign=…
    initial = {name: request.GET[name] for name in ("client", *subject_fields()) if request.GET.get(name)}
    form = ComplaintForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            complaint = complaint_services.complaint_record(by=request.user, **form.cleaned_data)
        except AccountsError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Complaint recorded. The answer is due by the time shown."))
            return redirect("complaints:detail", complaint.pk)
    return render(request, "accounts/complaint_form.html", {"form": form})


def subject_fields():
    return [subject.field for subject in complaint_subjects()]


def _complaint(request, complaint_id):
    return get_visible_or_404(
        Complaint.objects.select_related(
            "client", "owner", "received_by", "contact", "campaign", "booking", "plan_recorded_by"
        ),
        request.user,
        pk=complaint_id,
    )


def _detail(request, complaint, status=200, **bound):
    forms = {
        "route_form": RouteForm(initial={"department": complaint.department or None}),
        "respond_form": RespondForm(),
        "investigate_form": InvestigateForm(
            initial={
                "founded": {True: "1", False: "0"}.get(complaint.founded),
                "cause": complaint.cause,
                "responsible_party": complaint.responsible_party,
            }
        ),
        "remedy_form": RemedyForm(initial={"remedy": complaint.remedy}),
        "plan_form": PlanForm(initial={"text": complaint.handling_plan}),
        "close_form": CloseForm(),
        **bound,
    }
    context = {"complaint": complaint, "client": complaint.client, **forms, **queries.complaint_page(complaint)}
    return render(request, "accounts/complaint_detail.html", context, status=status)


@login_required
def complaint_detail(request, complaint_id):
    return _detail(request, _complaint(request, complaint_id))


def _step(form_class, form_name, service, message):
    @login_required
    @require_POST
    def view(request, complaint_id):
        complaint = _complaint(request, complaint_id)
        form = form_class(request.POST)
        if form.is_valid():
            try:
                service(complaint=complaint, by=request.user, **form.cleaned_data)
            except AccountsError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, message)
                return redirect("complaints:detail", complaint.pk)
        return _detail(request, complaint, status=400, **{form_name: form})

    return view


complaint_route = _step(
    RouteForm, "route_form", complaint_services.complaint_route, _("Routed to the department by email.")
)
complaint_respond = _step(
    RespondForm, "respond_form", complaint_services.complaint_respond, _("First answer recorded: the clock stopped.")
)
complaint_plan = _step(
    PlanForm, "plan_form", complaint_services.complaint_record_plan, gettext_lazy("Handling plan recorded.")
)
complaint_investigate = _step(
    InvestigateForm, "investigate_form", complaint_services.complaint_investigate, _("Investigation recorded.")
)
complaint_remedy = _step(
    RemedyForm,
    "remedy_form",
    complaint_services.complaint_propose_remedy,
    _("Remedy emailed to the contact with a link to accept it."),
)
complaint_close = _step(CloseForm, "close_form", complaint_services.complaint_close, _("Complaint closed."))


# --- satisfaction surveys ------------------------------------------------------------------------


@login_required
def survey_results(request, client_id, send_form=None, status=200):
    client = get_visible_or_404(Client, request.user, pk=client_id)
    return render(
        request,
        "accounts/survey_results.html",
        {
            "client": client,
            "surveys": queries.surveys_for_client(client),
            "trend": queries.satisfaction_trend(Client.objects.filter(pk=client.pk)),
            "send_form": send_form or SurveySendForm(client=client),
            "follow_up_form": FollowUpForm(),
        },
        status=status,
    )


@login_required
@require_POST
def survey_send(request, client_id):
    client = get_visible_or_404(Client, request.user, pk=client_id)
    form = SurveySendForm(request.POST, client=client)
    if form.is_valid():
        try:
            survey_services.survey_send(
                contact=form.cleaned_data["contact"], reason=SatisfactionSurvey.Reason.MANUAL, by=request.user
            )
        except AccountsError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Survey emailed (see the Outbox)."))
            return redirect("accounts:survey_results", client.pk)
    return survey_results(request, client_id, send_form=form, status=400)


@login_required
@require_POST
def survey_follow_up(request, client_id, survey_id):
    survey = get_visible_or_404(SatisfactionSurvey, request.user, pk=survey_id, client_id=client_id)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            survey_services.survey_follow_up(survey=survey, note=form.cleaned_data["note"], by=request.user)
            messages.success(request, _("Follow-up recorded."))
        except AccountsError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, _("Say what was done."))
    return redirect("accounts:survey_results", client_id)


# --- status reports ------------------------------------------------------------------------------


@login_required
def status_report_list(request, client_id):
    client = get_visible_or_404(Client, request.user, pk=client_id)
    if request.method == "POST":
        kind = request.POST.get("kind")
        if kind not in StatusReport.Kind.values:
            kind = StatusReport.Kind.WEEKLY
        report, created = report_services.status_report_draft(client=client, kind=kind, by=request.user)
        if not created:
            messages.info(request, _("This period already has a report; here it is."))
        return redirect("accounts:status_report_detail", client.pk, report.pk)
    return render(
        request,
        "accounts/status_report_list.html",
        {"client": client, "reports": queries.status_reports_for_client(client)},
    )


@login_required
def status_report_detail(request, client_id, status_report_id):
    report = get_visible_or_404(
        StatusReport.objects.select_related("client", "contact", "sent_by", "edited_by"),
        request.user,
        pk=status_report_id,
        client_id=client_id,
    )
    form = StatusReportForm(
        request.POST or None, initial={"body": report.body, "seen": report_services.edit_mark(report)}
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                report_services.status_report_edit(
                    report=report, body=form.cleaned_data["body"], by=request.user, seen=form.cleaned_data["seen"]
                )
            except AccountsError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Report saved."))
                return redirect("accounts:status_report_detail", client_id, report.pk)
        status = 400
    return render(
        request,
        "accounts/status_report_detail.html",
        {
            "client": report.client,
            "report": report,
            "form": form,
            "send_form": StatusReportSendForm(client=report.client, initial={"contact": report.contact_id}),
        },
        status=status,
    )


@login_required
@require_POST
def status_report_send(request, client_id, status_report_id):
    report = get_visible_or_404(StatusReport, request.user, pk=status_report_id, client_id=client_id)
    form = StatusReportSendForm(request.POST, client=report.client)
    if form.is_valid():
        try:
            report_services.status_report_send(report=report, contact=form.cleaned_data["contact"], by=request.user)
            messages.success(request, _("Report emailed with a link to acknowledge it."))
        except AccountsError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, _("Choose a contact."))
    return redirect("accounts:status_report_detail", client_id, report.pk)
