"""Media pages. Thin: fetch through visible_to (404 outside the team), call a service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_http_methods, require_POST

from agency.core import decisions, export_jobs, files, imports, permissions
from agency.core.confirm import confirm_remove
from agency.core.exports import Sheet
from agency.core.models import DecisionRequest
from agency.core.tables import list_page, table_sheet
from agency.core.visibility import get_visible_or_404
from briefs.document_views import send_form, send_to_client
from briefs.models import Campaign
from briefs.workflow import media_plan_missing

from . import page_rows, queries
from .filters import BookingFilter
from .forms import (
    BookingCutoffForm,
    BookingForm,
    ImportForm,
    MakeGoodAiredForm,
    MakeGoodScheduleForm,
    MediaBriefForm,
    MessageForm,
    MoneySendForm,
    MonitoringForm,
    MonthlySendForm,
    PlanLineForm,
    ReasonForm,
    ScheduleForm,
    SuspendForm,
    VendorConfirmForm,
)
from .models import Booking, MakeGood, MakeGoodProof, MediaBrief, MonitoringReport, PlanLine, PlanVersion, ProofFile
from .services import MediaError, OverBudget, bookings, confirmations, excel, plans
from .services import plan_import as plan_import_service
from .tables import BookingTable


def _campaign(request, campaign_id):
    return get_visible_or_404(Campaign.objects.select_related("client", "brand"), request.user, pk=campaign_id)


def _plan(request, version_id):
    try:
        return queries.plan_for_page(request.user, version_id)
    except PlanVersion.DoesNotExist:
        raise Http404("No media plan matches.") from None


def _line(request, line_id):
    return get_visible_or_404(PlanLine.objects.select_related("version__campaign"), request.user, pk=line_id)


def _booking(request, booking_id):
    try:
        return queries.booking_for_page(request.user, booking_id)
    except Booking.DoesNotExist:
        raise Http404("No booking matches.") from None


# ── Campaign media overview and brief ────────────────────────────────────────


@login_required
def media_index(request):
    """The Media section: the latest plans and bookings the reader may see, each linking to its campaign."""
    return render(request, "media/media_index.html", queries.media_index(request.user))


@login_required
def media_home(request, campaign_id):
    campaign = _campaign(request, campaign_id)
    brief = MediaBrief.objects.filter(campaign=campaign).first()
    context = {
        "campaign": campaign,
        "brief": brief,
        "missing": media_plan_missing(campaign),
        **queries.campaign_media(campaign),
    }
    return render(request, "media/media_home.html", context)


@login_required
def media_brief_edit(request, campaign_id):
    campaign = _campaign(request, campaign_id)
    brief = MediaBrief.objects.filter(campaign=campaign).first()
    form = MediaBriefForm(request.POST or None, instance=brief, initial={"revision": brief.revision if brief else 1})
    if request.method == "POST" and form.is_valid():
        try:
            plans.media_brief_save(
                campaign=campaign, data=form.cleaned_data, revision=form.cleaned_data["revision"], by=request.user
            )
        except MediaError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Media brief saved."))
            return redirect("media_home", campaign.pk)
    return render(request, "media/media_brief_form.html", {"campaign": campaign, "form": form})


@login_required
@require_POST
def plan_new(request, campaign_id):
    campaign = _campaign(request, campaign_id)
    try:
        version = plans.plan_new_version(campaign=campaign, by=request.user)
    except MediaError as error:
        messages.error(request, str(error))
        return redirect("media_home", campaign.pk)
    return redirect("media_plan", version.pk)


# ── The plan ─────────────────────────────────────────────────────────────────


def _plan_page(request, version, status=200, **forms):
    # A page of lines at a time (a plan of 1,000 lines is one page of 100 and nine more), the totals
    # of the whole plan on every page, added up by the database.
    plan_totals = queries.plan_totals(version)
    pages = max(1, -(-plan_totals.lines // queries.PLAN_PAGE_LINES))
    try:
        page_number = min(max(int(request.GET.get("page", 1)), 1), pages)
    except ValueError:
        page_number = 1
    lines = queries.plan_page_lines(version, page_number)
    forms.setdefault("line_form", PlanLineForm(initial={"discount_pct": 0}))
    forms.setdefault("send_form", send_form(version, form_class=MoneySendForm))
    forms.setdefault("schedule_form", ScheduleForm(client=version.client))
    forms.setdefault("import_form", ImportForm())
    forms.setdefault("cutoff_form", BookingCutoffForm(initial={"booking_cutoff": version.booking_cutoff}))
    forms.setdefault("recommendation_form", _recommendation_form(version))
    approval = decisions.approval_for(version) if version.status != "draft" else None
    # Messages for the lines on this page; the count of lines that break separation is the whole plan's.
    separation = queries.separation(version, request.user, shown={line.pk for line in lines})
    # Rule: "Who may do what" (docs/practice.md): the page's buttons only for those who may, one team lookup.
    if hasattr(version, "viewer_team_role"):  # fetched by queries.plan_for_page: no query more
        may = permissions.allowed(request.user, team_role=version.viewer_team_role)
    else:
        may = permissions.allowed(request.user, client=version.client_id)
    context = {
        "may": may,
        "campaign": version.campaign,
        "plan": version,
        "rows": page_rows.plan_rows(lines, separation.messages),
        "line_pages": _line_pages(page_number, pages, plan_totals.lines, len(lines)),
        "can_book": bool(approval) and version.status == "approved" and may["booking_create"],
        "totals": plan_totals,
        "budget": queries.budget_position(version, plan_totals),
        "conflict_count": separation.lines,
        "approval": approval,
        "schedule_sent": queries.schedule_sent(version) if approval else False,
        "recommendation": queries.latest_recommendation(version.campaign),
        **forms,
    }
    return render(request, "media/plan_detail.html", context, status=status)


def _line_pages(number, pages, total, shown):
    """Where this page of lines sits in the plan: its first and last line, and links to the others."""
    first = (number - 1) * queries.PLAN_PAGE_LINES + 1
    return {
        "number": number,
        "pages": range(1, pages + 1) if pages > 1 else [],
        "first": first if shown else 0,
        "last": first + shown - 1 if shown else 0,
        "total": total,
        "previous": number - 1 if number > 1 else None,
        "next": number + 1 if number < pages else None,
    }


# Compressed (a 1,000-line plan is ~620 KB of HTML, ~16 KB gzipped). The only secret in these pages is
# the CSRF token, masked afresh on every response, and Django pads gzip output against BREACH.
@login_required
@gzip_page
def plan_detail(request, version_id):
    try:
        version = queries.plan_for_page(request.user, version_id, lines=False)
    except PlanVersion.DoesNotExist:
        raise Http404("No media plan matches.") from None
    return _plan_page(request, version)


@login_required
@require_POST
def line_add(request, version_id):
    version = _plan(request, version_id)
    form = PlanLineForm(request.POST)
    if form.is_valid():
        try:
            plans.plan_line_add(version=version, by=request.user, **form.cleaned_data)
        except MediaError as error:
            form.add_error(None, str(error))
        else:
            return redirect("media_plan", version.pk)
    return _plan_page(request, version, status=400, line_form=form)


@login_required
def line_edit(request, line_id):
    line = _line(request, line_id)
    form = PlanLineForm(request.POST or None, instance=line)
    if request.method == "POST" and form.is_valid():
        try:
            plans.plan_line_update(line=line, by=request.user, **form.cleaned_data)
        except MediaError as error:
            form.add_error(None, str(error))
            form.data = form.data.copy()
            form.data["revision"] = line.revision  # saving again, after checking, is based on their save
        else:
            return redirect("media_plan", line.version_id)
    return render(
        request,
        "media/line_form.html",
        {"form": form, "line": line, "plan": line.version, "campaign": line.version.campaign},
    )


@login_required
@require_http_methods(["GET", "POST"])
def line_remove(request, line_id):
    line = _line(request, line_id)
    if request.method == "GET":
        return confirm_remove(
            request,
            title=_("Remove this plan line?"),
            what=_("Line %(n)s, %(vendor)s · %(vehicle)s, is removed from the media plan.")
            % {"n": line.position, "vendor": line.vendor, "vehicle": line.vehicle},
            back_url=reverse("media_plan", args=[line.version_id]),
            back_label=_("Media plan"),
        )
    try:
        plans.plan_line_remove(line=line, by=request.user)
    except MediaError as error:
        messages.error(request, str(error))
    return redirect("media_plan", line.version_id)


@login_required
@require_POST
def plan_cutoff(request, version_id):
    version = _plan(request, version_id)
    form = BookingCutoffForm(request.POST)
    if form.is_valid():
        try:
            plans.plan_set_booking_cutoff(version=version, cutoff=form.cleaned_data["booking_cutoff"], by=request.user)
        except MediaError as error:
            if not version.is_cutoff_editable:  # the form is no longer on the page: say it above
                messages.error(request, str(error))
                return redirect("media_plan", version.pk)
            form.add_error("booking_cutoff", str(error))
        else:
            messages.success(request, _("Booking cut-off saved."))
            return redirect("media_plan", version.pk)
    return _plan_page(request, version, status=400, cutoff_form=form)


@login_required
@gzip_page
def plan_flowchart(request, version_id):
    try:
        version = queries.plan_for_page(request.user, version_id, lines=False)  # the chart reads its own
    except PlanVersion.DoesNotExist:
        raise Http404("No media plan matches.") from None
    chart = queries.flowchart(version)
    chart["rows"] = page_rows.flowchart_rows(chart["rows"])
    return render(request, "media/flowchart.html", {"plan": version, "campaign": version.campaign, **chart})


@login_required
def plan_monthly(request, version_id):
    version = _plan(request, version_id)
    months, confirmed = queries.monthly_plans(version), queries.monthly_confirmations(version)
    for month in months:
        month["confirmation"] = confirmed.get(month["month"])
    context = {
        "plan": version,
        "campaign": version.campaign,
        "months": months,
        "send_form": MonthlySendForm(client=version.client, kind=decisions.kind_named("monthly_media_plan")),
    }
    return render(request, "media/monthly.html", context)


@export_jobs.exporter("media_plan", threshold="EXPORT_BACKGROUND_PLAN_LINES")
def plan_sheet(request, version_id):
    version = _plan(request, version_id)
    lines = version.lines.all()

    def write(export_format, progress=None):
        return excel.export_plan(version, queries.totals(lines), request.LANGUAGE_CODE, progress=progress)

    name = f"{version.campaign.job_number}-media-plan-v{version.number}"
    return Sheet(name=name, total=lines.count(), write=write, title=f"{_('Media plan')} {version.version_label}")


@login_required
def plan_export(request, version_id):
    return export_jobs.export(request, "media_plan", "xlsx", version_id=version_id)


@login_required
def plan_import(request, version_id):
    """Upload, check and preview; nothing is written here (docs/practice.md, "Imports within bounds")."""
    version = _plan(request, version_id)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = excel.read_lines(upload)
            job = plan_import_service.plan_import_preview(
                version=version, rows=rows, replace=form.cleaned_data["replace"], file_name=upload.name, by=request.user
            )
        except excel.ImportRejected as rejected:
            errors = rejected.errors
        except MediaError as error:
            form.add_error(None, str(error))
        else:
            return redirect("media_plan_import_job", version.pk, job.pk)
    status = 400 if request.method == "POST" else 200
    context = {"plan": version, "campaign": version.campaign, "form": form, "errors": errors}
    return render(request, "media/plan_import.html", context, status=status)


@login_required
def plan_import_job(request, version_id, job_id):
    """The preview, confirmed by a POST; then the progress (polled by htmx) and the report."""
    version = _plan(request, version_id)
    job = imports.job_for(request.user, job_id, kind=plan_import_service.KIND, target_id=version.pk)
    if request.method == "POST":
        imports.job_confirm(job=job, by=request.user)
        return redirect("media_plan_import_job", version.pk, job.pk)
    context = {"plan": version, "campaign": version.campaign, "job": job}
    if request.headers.get("HX-Request"):
        return render(request, "media/_import_progress.html", context)
    return render(request, "media/plan_import_job.html", context)


@login_required
@require_POST
def plan_send(request, version_id):
    version = _plan(request, version_id)
    return send_to_client(
        request,
        version,
        form=send_form(version, request.POST, form_class=MoneySendForm),
        send=lambda data: plans.plan_send(
            version=version,
            contact=data["contact"],
            by=request.user,
            request=request,
            over_budget_reason=data["over_budget_reason"],
        ),
        sent=_("Sent to the client for written confirmation."),
        page=_plan_page,
        error=MediaError,
    )


def _recommendation_form(version, data=None):
    return MoneySendForm(data, client=version.client, kind=decisions.kind_named("media_recommendation"))


@login_required
@require_POST
def recommendation_send(request, version_id):
    """Rule: "Written confirmation before booking" (docs/practice.md): the recommendation is confirmed too."""
    version = _plan(request, version_id)
    return send_to_client(
        request,
        version,
        form=_recommendation_form(version, request.POST),
        send=lambda data: confirmations.recommendation_send(
            version=version,
            contact=data["contact"],
            by=request.user,
            request=request,
            over_budget_reason=data["over_budget_reason"],
        ),
        sent=_("The media recommendation was sent to the client for written confirmation."),
        page=_plan_page,
        form_name="recommendation_form",
        error=MediaError,
    )


@login_required
@require_POST
def monthly_plan_send(request, version_id):
    """Rule: "Written confirmation before booking" (docs/practice.md): each monthly plan is confirmed."""
    version = _plan(request, version_id)
    form = MonthlySendForm(request.POST, client=version.client, kind=decisions.kind_named("monthly_media_plan"))
    return send_to_client(
        request,
        version,
        form=form,
        send=lambda data: confirmations.monthly_plan_send(
            version=version, month=data["month"], contact=data["contact"], by=request.user, request=request
        ),
        sent=_("The monthly plan was sent to the client for written confirmation."),
        then=("media_monthly", version.pk),
        choose=_("Choose the client contact who confirms."),
        error=MediaError,
    )


@login_required
@require_POST
def schedule_send(request, version_id):
    version = _plan(request, version_id)
    return send_to_client(
        request,
        version,
        form=ScheduleForm(request.POST, client=version.client),  # anyone at the client: it is not a decision
        send=lambda data: bookings.schedule_send(version=version, by=request.user, **data),
        sent=_("The confirmed schedule was sent to the client."),
        page=_plan_page,
        form_name="schedule_form",
        error=MediaError,
    )


# ── Bookings ─────────────────────────────────────────────────────────────────


@login_required
@require_POST
def line_book(request, line_id):
    line = _line(request, line_id)
    permissions.require(request.user, "booking.create", client=line.version.client_id)
    form = BookingForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    try:
        booking = bookings.booking_create(
            line=line,
            by=request.user,
            notes=data.get("notes", ""),
            over_budget_reason=data.get("over_budget_reason", ""),
        )
    except OverBudget as error:  # asks for the reason, keeping what was typed
        form.add_error(None, str(error))
        context = {"form": form, "line": line, "plan": line.version, "campaign": line.version.campaign}
        return render(request, "media/line_book.html", context, status=400)
    except MediaError as error:
        messages.error(request, str(error))
        return redirect("media_plan", line.version_id)
    messages.success(request, _("Insertion order %(ref)s requested.") % {"ref": booking.reference})
    return redirect("media_booking", booking.pk)


def _booking_page(request, booking, status=200, make_good_forms=None, aired_forms=None, **forms):
    forms.setdefault("confirm_form", VendorConfirmForm())
    forms.setdefault("reason_form", ReasonForm())
    forms.setdefault("suspend_form", SuspendForm())
    forms.setdefault("message_form", MessageForm())
    forms.setdefault("monitoring_form", MonitoringForm(initial={"scheduled": booking.spots}))
    # Each make-good with its two forms (the one that failed keeps what was typed).
    make_goods = [
        (
            make_good,
            (make_good_forms or {}).get(make_good.pk)
            or MakeGoodScheduleForm(prefix=f"mg{make_good.pk}", initial={"spots": make_good.spots}),
            (aired_forms or {}).get(make_good.pk)
            or MakeGoodAiredForm(
                prefix=f"aired{make_good.pk}", initial={"aired_spots": make_good.scheduled_spots or make_good.spots}
            ),
        )
        for make_good in booking.make_goods.all()
    ]
    context = {
        # Rule: "Who may do what" (docs/practice.md): one team lookup for the page's buttons.
        "may": permissions.allowed(request.user, client=booking.client_id),
        "make_goods": make_goods,
        # Who may receive the airing proof; and which periods already went to the client (two queries).
        "proof_contacts": list(decisions.deciders(booking.client, "airing_proof").order_by("name")),
        "proofs_sent": set(
            DecisionRequest.objects.filter(
                decision_kind="airing_proof", document_id__in=[r.pk for r in booking.reports.all()]
            ).values_list("document_id", flat=True)
        ),
        "booking": booking,
        "line": booking.line,
        "plan": booking.line.version,
        "campaign": booking.line.version.campaign,
        **forms,
    }
    return render(request, "media/booking_detail.html", context, status=status)


@login_required
def booking_detail(request, booking_id):
    return _booking_page(request, _booking(request, booking_id))


@login_required
def insertion_order(request, booking_id):
    booking = _booking(request, booking_id)
    context = {
        "booking": booking,
        "line": booking.line,
        "plan": booking.line.version,
        "campaign": booking.line.version.campaign,
    }
    return render(request, "media/insertion_order.html", context)


@login_required
@require_POST
def booking_action(request, booking_id, action):
    booking = _booking(request, booking_id)
    if action in ("confirm", "cancel"):  # Rule: "Who may do what" (docs/practice.md)
        permissions.require(request.user, f"booking.{action}", client=booking.client_id)
    form_class = {"confirm": VendorConfirmForm, "cancel": ReasonForm, "suspend": SuspendForm, "resume": MessageForm}[
        action
    ]
    form = form_class(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if action == "confirm":
                bookings.booking_confirm(booking=booking, vendor_reference=data["vendor_reference"], by=request.user)
            elif action == "cancel":
                bookings.booking_cancel(booking=booking, reason=data["reason"], by=request.user)
            elif action == "suspend":
                bookings.booking_suspend(
                    booking=booking, reason=data["reason"], resumes_at=data["resumes_at"], by=request.user
                )
            else:
                bookings.booking_resume(booking=booking, message=data["message"], by=request.user)
        except MediaError as error:
            form.add_error(None, str(error))
        else:
            return redirect("media_booking", booking.pk)
    key = {"confirm": "confirm_form", "resume": "message_form", "suspend": "suspend_form"}.get(action, "reason_form")
    return _booking_page(request, booking, status=400, **{key: form})


@login_required
@require_POST
def monitoring_add(request, booking_id):
    booking = _booking(request, booking_id)
    form = MonitoringForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        proofs = [(data["proof_kind"], upload, name, content_type) for upload, name, content_type in data["proofs"]]
        try:
            bookings.monitoring_record(
                booking=booking,
                period_start=data["period_start"],
                period_end=data["period_end"],
                scheduled=data["scheduled"],
                aired=data["aired"],
                notes=data["notes"],
                proofs=proofs,
                by=request.user,
            )
        except MediaError as error:
            form.add_error(None, str(error))
        else:
            return redirect("media_booking", booking.pk)
    return _booking_page(request, booking, status=400, monitoring_form=form)


@login_required
@require_POST
def monitoring_send(request, report_id):
    """Send a period's airing proof to one of the client's contacts (the booking page's form)."""
    report = get_visible_or_404(MonitoringReport, request.user, pk=report_id)
    contact = decisions.deciders(report.client, "airing_proof").filter(pk=request.POST.get("contact") or 0).first()
    if contact is None:
        messages.error(request, _("Choose the contact to send the proof to."))
    else:
        try:
            bookings.proof_send(report=report, contact=contact, by=request.user, request=request)
        except MediaError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The airing proof was sent to %(contact)s.") % {"contact": contact})
    return redirect("media_booking", report.booking_id)


@login_required
def proof_file(request, proof_id):
    return files.serve(get_visible_or_404(ProofFile, request.user, pk=proof_id))


@login_required
def make_good_proof(request, make_good_proof_id):
    return files.serve(get_visible_or_404(MakeGoodProof, request.user, pk=make_good_proof_id))


@login_required
@require_POST
def make_good_schedule(request, make_good_id):
    make_good = get_visible_or_404(MakeGood, request.user, pk=make_good_id)
    form = MakeGoodScheduleForm(request.POST, prefix=f"mg{make_good.pk}")
    if form.is_valid():
        try:
            bookings.make_good_schedule(make_good=make_good, **form.cleaned_data, by=request.user)
        except MediaError as error:
            form.add_error(None, str(error))
        else:
            return redirect("media_booking", make_good.booking_id)
    booking = _booking(request, make_good.booking_id)
    return _booking_page(request, booking, status=400, make_good_forms={make_good.pk: form})
    return redirect("media_booking", make_good.booking_id)


@login_required
@require_POST
def make_good_aired(request, make_good_id):
    make_good = get_visible_or_404(MakeGood, request.user, pk=make_good_id)
    form = MakeGoodAiredForm(request.POST, request.FILES, prefix=f"aired{make_good.pk}")
    if form.is_valid():
        data = form.cleaned_data
        proofs = [(data["proof_kind"], upload, name, content_type) for upload, name, content_type in data["proofs"]]
        try:
            bookings.make_good_aired(
                make_good=make_good, aired_spots=data["aired_spots"], aired_on=data["aired_on"], proofs=proofs,
                by=request.user,
            )  # fmt: skip
        except MediaError as error:
            form.add_error(None, str(error))
        else:
            return redirect("media_booking", make_good.booking_id)
    booking = _booking(request, make_good.booking_id)
    return _booking_page(request, booking, status=400, aired_forms={make_good.pk: form})


# ── Bookings across plans ────────────────────────────────────────────────────


def _booking_filters(request):
    return BookingFilter(request.GET, queryset=queries.bookings_for_list(request.user), request=request)


@login_required
def booking_list(request):
    filters = _booking_filters(request)
    return render(request, "media/booking_list.html", list_page(request, BookingTable(filters.qs), filters))


@export_jobs.exporter("bookings")
def booking_sheet(request):
    return table_sheet(request, BookingTable(_booking_filters(request).qs), "bookings", _("Bookings"))


@login_required
def booking_export(request, export_format):
    return export_jobs.export(request, "bookings", export_format)
