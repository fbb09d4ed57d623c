"""Post-analysis: planned vs delivered, sent to the client for acknowledgement by link through the one
document lifecycle (briefs/services/documents.py)."""

from django.db import transaction
from django.utils.translation import gettext as _

from agency.core import audit
from briefs.models import ClientStatus
from briefs.services import documents

from ..models import PlanVersion, PostAnalysis
from . import MediaError
from .bookings import require_confirmed


def post_analysis_create(*, campaign, summary, by):
    """A post-analysis of the latest confirmed plan version."""
    version = PlanVersion.objects.filter(campaign=campaign, status=ClientStatus.APPROVED).order_by("-number").first()
    if version is None:
        raise MediaError(_("There is no media plan confirmed by the client to analyse."))
    require_confirmed(version)
    with transaction.atomic():
        analysis = PostAnalysis.objects.create(
            campaign=campaign, client=campaign.client, version=version, summary=summary.strip(), created_by=by
        )
        audit.record("post_analysis.created", obj=analysis, actor=by, data={"version": version.number})
    return analysis


def post_analysis_send(*, analysis, contact, by, request=None):
    if analysis.status != ClientStatus.DRAFT:
        raise MediaError(_("This post-analysis has already gone to the client; write a new one."))
    return documents.send(
        analysis, contact=contact, by=by, request=request, action="post_analysis.sent_to_client", error=MediaError
    )
