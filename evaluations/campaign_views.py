"""Campaign evaluation pages. Thin: the campaign comes through visible_to (404 outside the team),
state changes are evaluations.services.campaign, reads evaluations.queries."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agency.core.visibility import get_visible_or_404
from briefs.document_views import send_form, send_to_client
from briefs.models import Campaign, Stage
from briefs.workflow import objectives_missing

from . import queries
from .forms import KPIResultForm, LearningsForm
from .services import campaign as services


def _campaign(request, campaign_id):
    return get_visible_or_404(
        Campaign.objects.select_related("client", "brand", "lead_ae"), request.user, pk=campaign_id
    )


def _evaluation(campaign):
    evaluation = queries.evaluation_for_page(campaign)
    if evaluation is None:
        raise Http404("No evaluation yet.")
    return evaluation


def _render(request, campaign, *, bound=None, learnings_form=None, status=200):
    """The page: before the evaluation starts, what it needs; then one form per KPI, the learnings,
    completion, and the client link. `bound` is (result id, bound form) after a refused record."""
    evaluation = queries.evaluation_for_page(campaign)
    context = {"campaign": campaign, "evaluation": evaluation}
    if evaluation is None:
        context["missing"] = objectives_missing(campaign)
        context["can_start"] = campaign.stage == Stage.EVALUATION and not context["missing"]
        return render(request, "evaluations/campaign_evaluation.html", context, status=status)
    analysis, figures = queries.media_delivery(campaign)
    rows = []
    for result in evaluation.results.all():
        if bound and bound[0] == result.pk:
            form = bound[1]
        elif result.is_recorded:
            form = KPIResultForm(
                initial={
                    "actual": result.actual.normalize(),
                    "source": result.source,
                    "measured_on": result.measured_on,
                    "note": result.note,
                },
                prefix=f"kpi{result.pk}",
            )
        else:
            form = KPIResultForm(initial=queries.media_prefill(result, analysis, figures), prefix=f"kpi{result.pk}")
        rows.append((result, form))
    context.update(
        rows=rows,
        analysis=analysis,
        figures=figures,
        learnings_form=learnings_form or LearningsForm(initial={"learnings": evaluation.learnings}),
        missing_to_complete=services.missing_to_complete(evaluation) if evaluation.is_editable else [],
        send_form=send_form(evaluation),
        requests=queries.evaluation_links(evaluation),
    )
    return render(request, "evaluations/campaign_evaluation.html", context, status=status)


@login_required
def evaluation_page(request, campaign_id):
    return _render(request, _campaign(request, campaign_id))


@login_required
@require_POST
def evaluation_start(request, campaign_id):
    campaign = _campaign(request, campaign_id)
    try:
        services.evaluation_start(campaign=campaign, by=request.user)
    except services.EvaluationError as error:
        messages.error(request, str(error))
    return redirect("campaign_evaluation", campaign.pk)


@login_required
@require_POST
def kpi_result_record(request, campaign_id, kpi_result_id):
    campaign = _campaign(request, campaign_id)
    evaluation = _evaluation(campaign)
    result = next((r for r in evaluation.results.all() if r.pk == kpi_result_id), None)
    if result is None:
        raise Http404("No such KPI in this evaluation.")
    form = KPIResultForm(request.POST, prefix=f"kpi{result.pk}")
    if form.is_valid():
        try:
            services.kpi_result_record(result=result, by=request.user, **form.cleaned_data)
        except services.EvaluationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Recorded: %(kpi)s") % {"kpi": result.name})
        return redirect("campaign_evaluation", campaign.pk)
    return _render(request, campaign, bound=(result.pk, form), status=400)


@login_required
@require_POST
def learnings_save(request, campaign_id):
    campaign = _campaign(request, campaign_id)
    evaluation = _evaluation(campaign)
    form = LearningsForm(request.POST)
    if form.is_valid():
        try:
            services.evaluation_learnings_save(
                evaluation=evaluation, learnings=form.cleaned_data["learnings"], by=request.user
            )
        except services.EvaluationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The learnings are saved."))
            return redirect("campaign_evaluation", campaign.pk)
    return _render(request, campaign, learnings_form=form, status=400)


@login_required
@require_POST
def evaluation_complete(request, campaign_id):
    campaign = _campaign(request, campaign_id)
    try:
        services.evaluation_complete(evaluation=_evaluation(campaign), by=request.user)
    except services.EvaluationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The evaluation is completed."))
    return redirect("campaign_evaluation", campaign.pk)


@login_required
@require_POST
def evaluation_share(request, campaign_id):
    campaign = _campaign(request, campaign_id)
    evaluation = _evaluation(campaign)
    return send_to_client(
        request,
        evaluation,
        send=lambda data: services.evaluation_share(
            evaluation=evaluation, contact=data["contact"], by=request.user, request=request
        ),
        sent=_("Sent to the client for acknowledgement."),
        then=("campaign_evaluation", campaign.pk),
        choose=_("Choose the contact who acknowledges the evaluation."),
        error=services.EvaluationError,
    )
