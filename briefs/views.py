"""Campaign pages. Thin: fetch through visible_to (404 outside the team), call a service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from agency.core import export_jobs, files, permissions
from agency.core.bulk import BulkRow, back_to_list, confirm_or_run
from agency.core.confirm import confirm_remove
from agency.core.tables import export_table, list_page, selected_ids, table_sheet
from agency.core.visibility import get_visible_or_404

from . import queries, workflow
from .document_views import send_form, send_to_client
from .filters import CampaignFilter
from .forms import (
    ActualCostForm,
    BulkLeadForm,
    CampaignForm,
    ClientChoiceForm,
    ComplianceForm,
    ConceptAttachmentForm,
    ConceptForm,
    EstimateLineForm,
    EstimateSendForm,
    FinalAdAssetForm,
    FinalAdForm,
    HoldForm,
    OverrunForm,
    ReasonForm,
    ReviewForm,
    SendForm,
    StepAddForm,
    StepForm,
)
from .models import (
    Campaign,
    ChecklistStep,
    Concept,
    ConceptAttachment,
    EstimateLine,
    FinalAd,
    FinalAdAsset,
    ProductionEstimate,
    Stage,
)
from .services import campaigns as campaign_services
from .services import checklist, creative
from .tables import CampaignTable
from .workflow import WorkflowError

PAGE_SIZE = 25


def _refused(request, error):
    messages.error(request, str(error))


# ── Campaigns ────────────────────────────────────────────────────────────────


def _campaign_filters(request):
    return CampaignFilter(request.GET or None, queryset=queries.campaign_list(request.user), request=request)


@login_required
def campaign_list(request):
    filters = _campaign_filters(request)
    context = list_page(request, CampaignTable(filters.qs), filters)
    return render(
        request,
        "briefs/campaign_list.html",
        {
            **context,
            "may_manage": permissions.may(request.user, "timeline.edit"),
            "reassign_form": BulkLeadForm(),
        },
    )


@export_jobs.exporter("campaigns")
def campaign_sheet(request):
    """The filtered list, every page of it, sorted as on the screen."""
    return table_sheet(request, CampaignTable(_campaign_filters(request).qs), "campaigns", _("Campaigns"))


@login_required
def campaign_export(request, export_format):
    return export_jobs.export(request, "campaigns", export_format)


@login_required
@require_POST
def campaign_bulk(request):
    """Ticked campaigns: export them, or hand them to another lead AE (each checked against the map)."""
    back = back_to_list(request, "campaign_list")
    campaigns = (
        queries.campaign_list(request.user)
        .filter(pk__in=selected_ids(request))
        .annotate(viewer_team_role=queries.viewer_team_role(request.user))
    )
    action = request.POST.get("action", "")
    if not campaigns:
        messages.info(request, _("Tick at least one campaign first."))
        return back
    if action in ("export_csv", "export_xlsx"):
        return export_table(request, CampaignTable(campaigns), action[len("export_") :], "campaigns", _("Campaigns"))
    if action != "reassign":
        return back
    form = BulkLeadForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the lead AE to hand the campaigns to."))
        return back
    lead_ae = form.cleaned_data["lead_ae"]
    rows = [
        BulkRow(
            campaign,
            ""
            if permissions.may(request.user, "campaign.reassign", team_role=campaign.viewer_team_role)
            else _("Your role does not allow this."),
        )
        for campaign in campaigns
    ]
    return confirm_or_run(
        request,
        rows=rows,
        title=_("Hand campaigns to another lead AE"),
        explanation=_("These campaigns will be led by %(person)s.") % {"person": lead_ae},
        act=lambda campaign: campaign_services.campaign_reassign_lead(
            campaign=campaign, lead_ae=lead_ae, by=request.user
        ),
        refused_errors=(WorkflowError,),
        back=back,
        extra=("lead_ae",),
    )


@login_required
def campaign_new(request):
    choice = ClientChoiceForm(request.GET or None, user=request.user)
    if not choice.is_valid():
        return render(request, "briefs/campaign_new.html", {"choice": choice})
    client = choice.cleaned_data["client"]
    form = CampaignForm(request.POST or None, client=client, initial={"currency": client.currency})
    if request.method == "POST" and form.is_valid():
        campaign = campaign_services.campaign_create(
            client=client,
            brand=form.cleaned_data["brand"],
            name=form.cleaned_data["name"],
            lead_ae=form.cleaned_data["lead_ae"],
            team=form.cleaned_data["team"],
            budget=form.cleaned_data["budget"],
            currency=form.cleaned_data["currency"],
            start_date=form.cleaned_data["start_date"],
            end_date=form.cleaned_data["end_date"],
            campaign_type=form.cleaned_data["campaign_type"],
            milestones=form.milestones(),
            by=request.user,
        )
        messages.success(request, _("Campaign %(job)s created.") % {"job": campaign.job_number})
        return redirect("campaign_detail", campaign.pk)
    return render(request, "briefs/campaign_new.html", {"choice": choice, "form": form, "client": client})


def _reassigns(data, campaign):
    """Does this POST name another lead AE or another team than the campaign has?"""
    lead = data.get("lead_ae")
    if lead is not None and lead != str(campaign.lead_ae_id or ""):
        return True
    team = data.getlist("team")
    return bool(team) and set(team) != {str(pk) for pk in campaign.team.values_list("pk", flat=True)}


@login_required
def campaign_edit(request, campaign_id):
    campaign = get_visible_or_404(Campaign, request.user, pk=campaign_id)
    form = CampaignForm(request.POST or None, instance=campaign, client=campaign.client)
    if not permissions.may(request.user, "campaign.reassign", client=campaign.client_id):
        # Rule: "Who may do what" (docs/practice.md): who runs the campaign is shown, not offered; a request
        # that changes it anyway is refused (403).
        if request.method == "POST" and _reassigns(request.POST, campaign):
            raise PermissionDenied
        form.fields["lead_ae"].disabled = form.fields["team"].disabled = True
    if request.method == "POST":
        if request.POST.get("updated_at") != campaign.updated_at.isoformat():
            form.is_valid()
            form.add_error(None, _("Someone else changed this campaign while you were editing. Check and save again."))
        elif form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "team"}
            campaign = campaign_services.campaign_update(
                campaign=campaign, data=data, team=form.cleaned_data["team"], by=request.user
            )
            messages.success(request, _("Campaign saved."))
            if campaign.rescheduled:
                messages.info(
                    request,
                    ngettext(
                        "%(count)s open step moved to the new timeline.",
                        "%(count)s open steps moved to the new timeline.",
                        campaign.rescheduled,
                    )
                    % {"count": campaign.rescheduled},
                )
            return redirect("campaign_detail", campaign.pk)
    return render(request, "briefs/campaign_edit.html", {"campaign": campaign, "form": form})


@login_required
def campaign_detail(request, campaign_id):
    try:
        campaign = queries.campaign_for_page(request.user, campaign_id)
    except Campaign.DoesNotExist:
        raise Http404 from None
    context = queries.campaign_page(campaign)
    context.update(
        hold_form=HoldForm(),
        cancel_form=ReasonForm(),
        step_form=StepAddForm(campaign=campaign),
        today=timezone.localdate(),
    )
    context["complaints"] = queries.campaign_complaints(campaign)
    # Rule: "Who may do what" (docs/practice.md): the buttons this person may use, one team lookup.
    may = permissions.allowed(request.user, team_role=campaign.viewer_team_role)
    context["may"] = may
    context["may_move"] = may["campaign_close"] if campaign.stage == Stage.EVALUATION else may["campaign_advance"]
    context["brief_can_send"] = context["brief_can_send"] and may["document_send_to_client"]
    if context["brief_can_send"]:  # the contacts who may approve, fetched once for the brief row's menu
        context["brief_contacts"] = list(SendForm(client=campaign.client).fields["contact"].queryset.order_by("name"))
    return render(request, "briefs/campaign_detail.html", context)


@login_required
@require_POST
def campaign_transition(request, campaign_id, action):
    campaign = get_visible_or_404(Campaign, request.user, pk=campaign_id)
    try:
        if action == "advance":
            workflow.campaign_advance(campaign=campaign, by=request.user)
        elif action == "hold":
            workflow.campaign_hold(campaign=campaign, reason=request.POST.get("reason", ""), by=request.user)
        elif action == "resume":
            workflow.campaign_resume(campaign=campaign, by=request.user)
        elif action == "cancel":
            workflow.campaign_cancel(campaign=campaign, reason=request.POST.get("reason", ""), by=request.user)
        else:
            raise Http404
    except workflow.GateClosed as refused:
        messages.error(request, _("The campaign cannot move on yet. Missing:"))
        for item in refused.missing:
            messages.error(request, item)
    except WorkflowError as error:
        _refused(request, error)
    return redirect("campaign_detail", campaign.pk)


# ── Checklist ────────────────────────────────────────────────────────────────


@login_required
@require_POST
def step_add(request, campaign_id):
    campaign = get_visible_or_404(Campaign, request.user, pk=campaign_id)
    form = StepAddForm(request.POST, campaign=campaign)
    if not form.is_valid():
        return render(request, "briefs/step_form.html", {"campaign": campaign, "form": form}, status=400)
    checklist.step_add(campaign=campaign, **form.cleaned_data, by=request.user)
    return redirect("campaign_detail", campaign.pk)


@login_required
def step_edit(request, step_id):
    step = get_visible_or_404(ChecklistStep.objects.select_related("campaign"), request.user, pk=step_id)
    form = StepForm(request.POST or None, instance=step, campaign=step.campaign)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        step = ChecklistStep.objects.get(pk=step.pk)  # the form wrote into the instance; the service decides
        checklist.step_update(step=step, **data, by=request.user)
        return redirect("campaign_detail", step.campaign_id)
    return render(request, "briefs/step_form.html", {"campaign": step.campaign, "form": form, "step": step})


@login_required
@require_POST
def step_done(request, step_id):
    """Tick by hand, with a note (only a step no action completes), or reopen."""
    step = get_visible_or_404(ChecklistStep, request.user, pk=step_id)
    try:
        checklist.step_set_done(
            step=step, done=request.POST.get("done") == "1", note=request.POST.get("note", ""), by=request.user
        )
    except WorkflowError as error:
        _refused(request, error)
    return redirect("campaign_detail", step.campaign_id)


@login_required
@require_POST
def step_waive(request, step_id):
    """A manager waives a required step, with a reason."""
    step = get_visible_or_404(ChecklistStep, request.user, pk=step_id)
    try:
        workflow.step_waive(step=step, reason=request.POST.get("reason", ""), by=request.user)
    except WorkflowError as error:
        _refused(request, error)
    return redirect("campaign_detail", step.campaign_id)


@login_required
@require_http_methods(["GET", "POST"])
def step_remove(request, step_id):
    step = get_visible_or_404(ChecklistStep.objects.select_related("campaign"), request.user, pk=step_id)
    if request.method == "GET":
        return confirm_remove(
            request,
            title=_("Remove this checklist step?"),
            what=_("“%(step)s” is removed from the checklist of %(campaign)s. This cannot be undone.")
            % {"step": step.label, "campaign": step.campaign},
            back_url=reverse("campaign_detail", args=[step.campaign_id]),
            back_label=str(step.campaign),
        )
    try:
        checklist.step_remove(step=step, by=request.user)
    except WorkflowError as error:
        _refused(request, error)
    return redirect("campaign_detail", step.campaign_id)


# ── Concepts ─────────────────────────────────────────────────────────────────


@login_required
def concept_new(request, campaign_id):
    campaign = get_visible_or_404(Campaign, request.user, pk=campaign_id)
    form = ConceptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            concept = creative.concept_create(campaign=campaign, **form.cleaned_data, by=request.user)
        except WorkflowError as error:
            form.add_error(None, str(error))
        else:
            return redirect("concept_detail", concept.pk)
    return render(request, "briefs/document_new.html", {"campaign": campaign, "form": form, "kind": _("Concept")})


def _concept_page(request, concept, status=200, **forms):
    forms = {
        "upload_form": ConceptAttachmentForm(),
        "review_form": ReviewForm(),
        "send_form": send_form(concept),
        **forms,
    }
    return render(
        request,
        "briefs/concept_detail.html",
        {
            "document": concept,
            "campaign": concept.campaign,
            # Rule: "Who may do what" (docs/practice.md): one team lookup for the page's buttons.
            "may": permissions.allowed(request.user, client=concept.client_id),
            **forms,
        },
        status=status,
    )


def _get_concept(request, concept_id):
    return get_visible_or_404(
        Concept.objects.select_related("campaign", "campaign__client").prefetch_related("attachments"),
        request.user,
        pk=concept_id,
    )


@login_required
def concept_detail(request, concept_id):
    return _concept_page(request, _get_concept(request, concept_id))


@login_required
@require_POST
def concept_upload(request, concept_id):
    return _attach(request, _get_concept(request, concept_id), ConceptAttachmentForm, _concept_page, "concept_detail")


def _attach(request, document, form_class, page, detail):
    """A file added to a draft concept or final ad: checked by the form, stored by the one service."""
    form = form_class(request.POST, request.FILES)
    if form.is_valid():
        try:
            creative.attachment_add(document=document, by=request.user, **form.attachment())
        except WorkflowError as error:
            form.add_error(None, str(error))
        else:
            return redirect(detail, document.pk)
    return page(request, document, status=400, upload_form=form)


@login_required
@require_POST
def concept_review(request, concept_id):
    concept = _get_concept(request, concept_id)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            creative.concept_review(
                concept=concept,
                approve=form.cleaned_data["decision"] == "approve",
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except WorkflowError as error:
            form.add_error(None, str(error))
        else:
            return redirect("concept_detail", concept.pk)
    return _concept_page(request, concept, status=400, review_form=form)


@login_required
@require_POST
def concept_send(request, concept_id):
    concept = _get_concept(request, concept_id)
    return send_to_client(
        request,
        concept,
        send=lambda data: creative.concept_send(
            concept=concept, contact=data["contact"], by=request.user, request=request
        ),
        sent=_("Sent to the client for a decision."),
        page=_concept_page,
    )


@login_required
@require_POST
def concept_round_new(request, campaign_id):
    campaign = get_visible_or_404(Campaign, request.user, pk=campaign_id)
    creative.concept_round_start(campaign=campaign, by=request.user, reason=request.POST.get("reason", ""))
    return redirect("campaign_detail", campaign.pk)


@login_required
def concept_file(request, attachment_id):
    return files.serve(get_visible_or_404(ConceptAttachment, request.user, pk=attachment_id))


# ── Production estimate ──────────────────────────────────────────────────────


@login_required
@require_POST
def estimate_new(request, campaign_id):
    campaign = get_visible_or_404(Campaign, request.user, pk=campaign_id)
    try:
        estimate = creative.estimate_new_version(campaign=campaign, by=request.user)
    except WorkflowError as error:
        _refused(request, error)
        return redirect("campaign_detail", campaign.pk)
    return redirect("estimate_detail", estimate.pk)


def _get_estimate(request, estimate_id):
    return get_visible_or_404(
        ProductionEstimate.objects.select_related("campaign", "campaign__client").prefetch_related(
            "lines", "actual_costs", "overruns"
        ),
        request.user,
        pk=estimate_id,
    )


def _estimate_page(request, estimate, status=200, **forms):
    forms = {
        "line_form": EstimateLineForm(initial={"revision": estimate.revision}),
        "send_form": send_form(estimate, form_class=EstimateSendForm, initial={"revision": estimate.revision}),
        "actual_form": ActualCostForm(),
        "overrun_form": send_form(estimate, form_class=OverrunForm),
        **forms,
    }
    context = {"document": estimate, "campaign": estimate.campaign, **forms}
    # Rule: "Who may do what" (docs/practice.md): one team lookup for the page's buttons.
    context["may"] = permissions.allowed(request.user, client=estimate.client_id)
    return render(request, "briefs/estimate_detail.html", context, status=status)


def _refresh_revision(form, estimate):
    """After a conflict the form keeps what was typed; trying again is based on the current estimate."""
    form.data = form.data.copy()
    form.data["revision"] = estimate.revision


@login_required
def estimate_detail(request, estimate_id):
    return _estimate_page(request, _get_estimate(request, estimate_id))


@login_required
@require_POST
def estimate_line_add(request, estimate_id):
    estimate = _get_estimate(request, estimate_id)
    form = EstimateLineForm(request.POST)
    if form.is_valid():
        try:
            creative.estimate_line_add(estimate=estimate, **form.cleaned_data, by=request.user)
        except WorkflowError as error:
            form.add_error(None, str(error))
            _refresh_revision(form, estimate)
        else:
            return redirect("estimate_detail", estimate.pk)
    return _estimate_page(request, estimate, status=400, line_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def estimate_line_remove(request, line_id):
    line = _visible_line(request, line_id)
    if request.method == "GET":
        return confirm_remove(
            request,
            title=_("Remove this estimate line?"),
            what=_("%(vendor)s: %(description)s (%(amount)s) is removed from the estimate.")
            % {"vendor": line.vendor, "description": line.description, "amount": line.amount},
            back_url=reverse("estimate_detail", args=[line.estimate_id]),
            back_label=_("Production estimate"),
        )
    try:
        creative.estimate_line_remove(line=line, by=request.user)
    except WorkflowError as error:
        _refused(request, error)
    return redirect("estimate_detail", line.estimate_id)


def _visible_line(request, line_id):
    line = EstimateLine.objects.select_related("estimate").filter(pk=line_id).first()
    if line is None:
        raise Http404
    get_visible_or_404(ProductionEstimate, request.user, pk=line.estimate_id)
    return line


@login_required
@require_POST
def estimate_send(request, estimate_id):
    estimate = _get_estimate(request, estimate_id)
    return send_to_client(
        request,
        estimate,
        form=send_form(estimate, request.POST, form_class=EstimateSendForm),
        send=lambda data: creative.estimate_send(
            estimate=estimate,
            contact=data["contact"],
            by=request.user,
            request=request,
            revision=data["revision"],
            over_budget_reason=data["over_budget_reason"],
        ),
        sent=_("Sent to the client for a decision."),
        page=_estimate_page,
        refused=lambda form: _refresh_revision(form, estimate),
    )


@login_required
@require_POST
def estimate_actual_add(request, estimate_id):
    estimate = _get_estimate(request, estimate_id)
    permissions.require(request.user, "cost.record", client=estimate.client_id)  # Rule: "Who may do what"
    form = ActualCostForm(request.POST)
    if form.is_valid():
        try:
            creative.actual_cost_record(estimate=estimate, **form.cleaned_data, by=request.user)
        except WorkflowError as error:
            form.add_error(None, str(error))
        else:
            return redirect("estimate_detail", estimate.pk)
    return _estimate_page(request, estimate, status=400, actual_form=form)


@login_required
@require_POST
def estimate_overrun_send(request, estimate_id):
    estimate = _get_estimate(request, estimate_id)
    return send_to_client(
        request,
        estimate,
        form=send_form(estimate, request.POST, form_class=OverrunForm),
        send=lambda data: creative.overrun_send(
            estimate=estimate, reason=data["reason"], contact=data["contact"], by=request.user, request=request
        ),
        sent=_("The overrun was sent to the client for approval."),
        page=_estimate_page,
        form_name="overrun_form",
    )


# ── Final ad ─────────────────────────────────────────────────────────────────


@login_required
def final_ad_new(request, campaign_id):
    campaign = get_visible_or_404(Campaign, request.user, pk=campaign_id)
    form = FinalAdForm(request.POST or None, initial={"title": campaign.name})
    if request.method == "POST" and form.is_valid():
        try:
            final_ad = creative.final_ad_new_version(
                campaign=campaign, title=form.cleaned_data["title"], by=request.user
            )
        except WorkflowError as error:
            form.add_error(None, str(error))
        else:
            return redirect("final_ad_detail", final_ad.pk)
    return render(request, "briefs/document_new.html", {"campaign": campaign, "form": form, "kind": _("Final ad")})


def _get_final_ad(request, final_ad_id):
    return get_visible_or_404(
        FinalAd.objects.select_related("campaign", "campaign__client", "compliance_reviewed_by").prefetch_related(
            "assets"
        ),
        request.user,
        pk=final_ad_id,
    )


def _final_ad_page(request, final_ad, status=200, **forms):
    forms = {
        "upload_form": FinalAdAssetForm(),
        "compliance_form": ComplianceForm(initial={"note": final_ad.compliance_note}),
        "send_form": send_form(final_ad),
        **forms,
    }
    context = {"document": final_ad, "campaign": final_ad.campaign, **forms}
    context["may"] = permissions.allowed(request.user, client=final_ad.client_id)  # Rule: "Who may do what"
    return render(request, "briefs/final_ad_detail.html", context, status=status)


@login_required
def final_ad_detail(request, final_ad_id):
    return _final_ad_page(request, _get_final_ad(request, final_ad_id))


@login_required
@require_POST
def final_ad_upload(request, final_ad_id):
    return _attach(request, _get_final_ad(request, final_ad_id), FinalAdAssetForm, _final_ad_page, "final_ad_detail")


@login_required
@require_POST
def final_ad_compliance(request, final_ad_id):
    final_ad = _get_final_ad(request, final_ad_id)
    form = ComplianceForm(request.POST)
    if form.is_valid():
        try:
            creative.final_ad_compliance_review(final_ad=final_ad, note=form.cleaned_data["note"], by=request.user)
        except WorkflowError as error:
            form.add_error(None, str(error))
        else:
            return redirect("final_ad_detail", final_ad.pk)
    return _final_ad_page(request, final_ad, status=400, compliance_form=form)


@login_required
@require_POST
def final_ad_send(request, final_ad_id):
    final_ad = _get_final_ad(request, final_ad_id)
    return send_to_client(
        request,
        final_ad,
        send=lambda data: creative.final_ad_send(
            final_ad=final_ad, contact=data["contact"], by=request.user, request=request
        ),
        sent=_("Sent to the client for a decision."),
        page=_final_ad_page,
    )


@login_required
def final_ad_file(request, asset_id):
    return files.serve(get_visible_or_404(FinalAdAsset, request.user, pk=asset_id))
