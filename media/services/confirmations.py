"""The client's written confirmation of the media recommendation and of each monthly plan, sent like the
master plan through the one document lifecycle (briefs/services/documents.py), and what booking asks of
them. Rule: "Written confirmation before booking" (docs/practice.md).
"""

from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext as _

from agency.core import decisions
from briefs.models import ClientStatus
from briefs.services import documents

from ..models import MediaBrief, MediaRecommendation, MonthlyPlan, PlanVersion
from ..queries import monthly_plans, months_between
from . import MediaError


def _require_open(campaign):
    if not campaign.is_open:
        raise MediaError(_("The campaign is not running; nothing can be sent for confirmation."))


def recommendation_send(*, version, contact, by, request=None, over_budget_reason=""):
    """Send the media brief's recommendation, written as this plan version, for the client's written
    confirmation. Earlier recommendations still waiting for the client stop counting (their links close)."""
    campaign = version.campaign
    _require_open(campaign)
    if version.status == ClientStatus.SUPERSEDED:
        raise MediaError(_("Media plan %(v)s is superseded.") % {"v": version.version_label})
    brief = MediaBrief.objects.filter(campaign=campaign).first()
    text = (brief.recommendation if brief else "").strip()
    if not text:
        raise MediaError(_("Write the media recommendation in the media brief before sending it."))
    if not version.lines.exists():
        raise MediaError(_("Add at least one line before sending the plan."))
    with transaction.atomic():
        PlanVersion.objects.select_for_update().get(pk=version.pk)
        if MediaRecommendation.objects.filter(version=version, status=ClientStatus.APPROVED).exists():
            raise MediaError(_("The client has already confirmed this media recommendation."))
        waiting = MediaRecommendation.objects.filter(campaign=campaign).exclude(
            status__in=(ClientStatus.APPROVED, ClientStatus.SUPERSEDED)
        )
        documents.supersede(list(waiting), by=by)
        recommendation = MediaRecommendation.objects.create(
            campaign=campaign, client=campaign.client, version=version, text=text, created_by=by
        )
        reason = documents.over_budget_reason(recommendation, over_budget_reason, error=MediaError)
        documents.keep_over_budget_reason(recommendation, reason)
        return documents.send(
            recommendation,
            contact=contact,
            by=by,
            request=request,
            action="media_recommendation.sent_to_client",
            error=MediaError,
        )


def monthly_plan_send(*, version, month, contact, by, request=None):
    """Send one month of the confirmed master plan for the client's written confirmation."""
    _require_open(version.campaign)
    if version.status != ClientStatus.APPROVED:
        raise MediaError(
            _("Monthly plans go to the client once media plan %(v)s is confirmed in writing.")
            % {"v": version.version_label}
        )
    if month not in [m["month"] for m in monthly_plans(version)]:
        raise MediaError(_("Media plan %(v)s has nothing in that month.") % {"v": version.version_label})
    with transaction.atomic():
        monthly, _created = MonthlyPlan.objects.select_for_update().get_or_create(
            version=version,
            month=month,
            defaults={"campaign": version.campaign, "client": version.client, "created_by": by},
        )
        if monthly.status == ClientStatus.APPROVED:
            raise MediaError(_("The client has already confirmed this monthly plan."))
        if monthly.status == ClientStatus.CHANGES_REQUESTED:
            # The month of a confirmed version cannot change: asking again is asking about the same plan.
            MonthlyPlan.objects.filter(pk=monthly.pk).update(status=ClientStatus.DRAFT)
            monthly.status = ClientStatus.DRAFT
        return documents.send(
            monthly,
            contact=contact,
            by=by,
            request=request,
            action="monthly_media_plan.sent_to_client",
            error=MediaError,
        )


def supersede_for_new_version(campaign, *, by):
    """A new plan version: the recommendations and monthly plans still waiting for the client about an
    earlier version stop counting, and their links close."""
    waiting = (ClientStatus.DRAFT, ClientStatus.SENT, ClientStatus.CHANGES_REQUESTED)
    documents.supersede(list(MonthlyPlan.objects.filter(campaign=campaign, status__in=waiting)), by=by)
    documents.supersede(list(MediaRecommendation.objects.filter(campaign=campaign, status__in=waiting)), by=by)


def _confirmed(documents_):
    return any(doc.status == ClientStatus.APPROVED and decisions.approval_for(doc) is not None for doc in documents_)


def missing_confirmations(version, line):
    """What the client has not yet confirmed in writing for booking `line` of `version`: the media
    recommendation (of the campaign), and the monthly plan of each month the line airs in."""
    missing = []
    recommendations = MediaRecommendation.objects.filter(campaign=version.campaign, status=ClientStatus.APPROVED)
    if not _confirmed(recommendations.select_related("version")):
        missing.append(_("the media recommendation"))
    confirmed_months = MonthlyPlan.objects.filter(version=version, status=ClientStatus.APPROVED).select_related(
        "version"
    )
    by_month = {m.month: m for m in confirmed_months}
    for first, _last in months_between(line.flight_start, line.flight_end):
        if not _confirmed([by_month[first]] if first in by_month else []):
            missing.append(
                _("the monthly plan of %(month)s (media plan %(v)s)")
                % {"month": formats.date_format(first, "YEAR_MONTH_FORMAT"), "v": version.version_label}
            )
    return missing


def require_written_confirmations(version, line):
    missing = missing_confirmations(version, line)
    if missing:
        raise MediaError(
            _("Not yet confirmed by the client in writing: %(missing)s. Nothing is booked before.")
            % {"missing": "; ".join(missing)}
        )
