"""Post-analysis: planned vs delivered, sent to the client for acknowledgement by link through the one
document lifecycle (briefs/services/documents.py)."""

from django.db import transaction
from django.utils.translation import gettext as _

from agency.core import audit
from briefs.models import Action, ClientStatus
from briefs.services import documents
from evaluations.models import PostAnalysis
from media.models import PlanVersion
from media.services import MediaError
from media.services.bookings import require_confirmed

from .campaign import EvaluationError


def post_analysis_create(*, campaign, summary, by):
    """A post-analysis of the latest confirmed plan version. It replaces the campaign's earlier ones,
    as a new version does: the team sees only the newest, so links to the earlier ones stop working."""
    version = PlanVersion.objects.filter(campaign=campaign, status=ClientStatus.APPROVED).order_by("-number").first()
    if version is None:
        raise EvaluationError(_("There is no media plan confirmed by the client to analyse."))
    try:
        require_confirmed(version)
    except MediaError as error:
        raise EvaluationError(str(error)) from error
    with transaction.atomic():
        earlier = list(PostAnalysis.objects.select_for_update().filter(campaign=campaign))
        analysis = PostAnalysis.objects.create(
            campaign=campaign, client=campaign.client, version=version, summary=summary.strip(), created_by=by
        )
        documents.supersede(earlier, by=by)
        audit.record("post_analysis.created", obj=analysis, actor=by, data={"version": version.number})
    return analysis


def post_analysis_send(*, analysis, contact, by, request=None):
    if analysis.status != ClientStatus.DRAFT:
        raise EvaluationError(_("This post-analysis has already gone to the client; write a new one."))
    return documents.send(
        analysis,
        contact=contact,
        by=by,
        request=request,
        action="post_analysis.sent_to_client",
        error=EvaluationError,
        completes=Action.POST_ANALYSIS_SENT,
    )
