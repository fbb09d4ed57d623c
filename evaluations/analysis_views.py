"""The media post-analysis page and its sending. Thin: the campaign or post-analysis comes through
visible_to (404 outside the team), state changes are evaluations.services.analysis."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agency.core.visibility import get_visible_or_404
from briefs.document_views import send_form, send_to_client
from briefs.models import Campaign

from .forms import PostAnalysisForm
from .models import PostAnalysis
from .services import analysis
from .services.campaign import EvaluationError


@login_required
def post_analysis(request, campaign_id):
    campaign = get_visible_or_404(Campaign.objects.select_related("client", "brand"), request.user, pk=campaign_id)
    form = PostAnalysisForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            analysis.post_analysis_create(campaign=campaign, summary=form.cleaned_data["summary"], by=request.user)
        except EvaluationError as error:
            form.add_error(None, str(error))
        else:
            return redirect("media_post_analysis", campaign.pk)
    latest = PostAnalysis.objects.filter(campaign=campaign).select_related("version", "client").first()
    context = {
        "campaign": campaign,
        "analysis": latest,
        "figures": latest.figures if latest else None,
        "form": form,
        "send_form": send_form(latest) if latest else None,
    }
    return render(request, "evaluations/post_analysis.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def post_analysis_send(request, analysis_id):
    document = get_visible_or_404(PostAnalysis.objects.select_related("campaign"), request.user, pk=analysis_id)
    return send_to_client(
        request,
        document,
        send=lambda data: analysis.post_analysis_send(analysis=document, contact=data["contact"], by=request.user),
        sent=_("Sent to the client for acknowledgement."),
        choose=_("Choose the contact who acknowledges the post-analysis."),
        error=EvaluationError,
    )
