"""Step 2, creative execution: concepts in rounds, the production estimate and its actuals, the final ad.

Each document is sent, versioned and superseded through the one document lifecycle
(briefs/services/documents.py); what the client decides comes back through the handlers in
briefs/workflow.py.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agency.core import audit, decisions, files, permissions
from briefs.models import (
    ActualCost,
    ClientStatus,
    Concept,
    ConceptAttachment,
    EstimateLine,
    EstimateOverrun,
    FinalAd,
    FinalAdAsset,
    ProductionEstimate,
    Stage,
)
from briefs.workflow import WorkflowError, notify_team

from ..rollups import campaign_rollup_refresh
from . import documents


def _require_creative(campaign):
    if campaign.stage != Stage.CREATIVE:
        raise WorkflowError(
            _("This belongs to the creative stage; the campaign is at %(stage)s.")
            % {"stage": campaign.get_stage_display()}
        )


# ── Concepts ─────────────────────────────────────────────────────────────────


def concept_create(*, campaign, title, rationale, by):
    _require_creative(campaign)
    with transaction.atomic():
        concept = Concept.objects.create(
            campaign=campaign,
            client=campaign.client,
            round=campaign.concept_round,
            title=title,
            rationale=rationale,
            created_by=by,
        )
        audit.record("concept.created", obj=concept, actor=by, data={"round": concept.round})
    return concept


def concept_round_start(*, campaign, by, reason=""):
    """A new round for the creative team: earlier concepts, approved or not, no longer count."""
    with transaction.atomic():
        old = list(Concept.objects.filter(campaign=campaign, round=campaign.concept_round))
        documents.supersede([c for c in old if c.status != ClientStatus.CHANGES_REQUESTED], by=by)
        campaign.concept_round += 1
        campaign.save(update_fields=["concept_round", "updated_at"])
        audit.record(
            "concept.round_started", obj=campaign, actor=by, data={"round": campaign.concept_round, "reason": reason}
        )
        notify_team(
            campaign,
            template="concept_round_started",
            by=by,
            context={"round": campaign.concept_round, "reason": reason},
            departments=("creative", "planning", "client_service"),
        )
    return campaign


def attachment_add(*, document, upload, name, content_type, by, **fields):
    """Store a checked upload (agency.core.files.check_upload) on a concept or a final ad."""
    documents.require_draft(document)
    with transaction.atomic():
        if isinstance(document, Concept):
            attachment = ConceptAttachment(concept=document, **fields)
        else:
            attachment = FinalAdAsset(final_ad=document, **fields)
        files.store(attachment, upload, name=name, content_type=content_type, by=by)
        audit.record(f"{decisions.kind_of(document).code}.file_added", obj=document, actor=by, data={"file": name})
    return attachment


def concept_review(*, concept, approve, note, by):
    """The agency's own review before anything reaches the client."""
    documents.require_draft(concept)
    if not approve and not note.strip():
        raise WorkflowError(_("Say what has to change when rejecting a concept."))
    with transaction.atomic():
        concept.review = Concept.Review.APPROVED if approve else Concept.Review.REJECTED
        concept.review_note, concept.reviewed_by, concept.reviewed_at = note.strip(), by, timezone.now()
        concept.save(update_fields=["review", "review_note", "reviewed_by", "reviewed_at"])
        audit.record(
            "concept.internally_approved" if approve else "concept.internally_rejected",
            obj=concept,
            actor=by,
            data={"note": concept.review_note},
        )
    return concept


def concept_send(*, concept, contact, by, request=None):
    _require_creative(concept.campaign)
    documents.require_draft(concept)
    if concept.round != concept.campaign.concept_round:
        raise WorkflowError(_("This concept belongs to an earlier round."))
    if concept.review != Concept.Review.APPROVED:
        raise WorkflowError(_("A concept is presented to the client only after it is approved internally."))
    return documents.send(concept, contact=contact, by=by, request=request, action="concept.sent_to_client")


# ── Production estimate ──────────────────────────────────────────────────────


def estimate_new_version(*, campaign, by):
    """Start the next version, copying the lines; the previous version no longer counts."""
    _require_creative(campaign)
    with transaction.atomic():
        estimate = documents.new_version(
            ProductionEstimate,
            campaign=campaign,
            by=by,
            action="estimate.version_created",
            first={"currency": campaign.currency},
            carry=("currency", "notes"),
            lines=("lines", ("vendor", "description", "quantity", "unit_cost")),
        )
        campaign_rollup_refresh(campaign)  # an approved version it supersedes no longer commits money
    return estimate


def _claim_estimate(estimate, revision, *, bump=True):
    """Lock the estimate; refuse a change based on an older revision than the current one."""
    current = ProductionEstimate.objects.select_for_update().get(pk=estimate.pk)
    if revision is not None and revision != current.revision:
        estimate.revision = current.revision
        raise WorkflowError(
            _("Someone else changed this estimate since you opened it. Check the lines and total, then try again.")
        )
    if bump:
        estimate.revision = current.revision + 1
        ProductionEstimate.objects.filter(pk=estimate.pk).update(revision=estimate.revision)


def estimate_line_add(*, estimate, vendor, description, quantity, unit_cost, by, revision=None):
    documents.require_draft(estimate)
    with transaction.atomic():
        _claim_estimate(estimate, revision)
        line = EstimateLine.objects.create(
            estimate=estimate, vendor=vendor, description=description, quantity=quantity, unit_cost=unit_cost
        )
        audit.record("estimate.line_added", obj=estimate, actor=by, data={"vendor": vendor, "amount": str(line.amount)})
        campaign_rollup_refresh(estimate.campaign_id)  # the current estimate is the money section's estimate
    return line


def estimate_line_remove(*, line, by):
    documents.require_draft(line.estimate)
    with transaction.atomic():
        _claim_estimate(line.estimate, None)
        audit.record("estimate.line_removed", obj=line.estimate, actor=by, data={"vendor": line.vendor})
        line.delete()
        campaign_rollup_refresh(line.estimate.campaign_id)


def estimate_send(*, estimate, contact, by, request=None, revision=None, over_budget_reason=""):
    """Send the estimate the sender saw: refused if its lines changed since `revision` was read, and
    over the campaign's approved budget without a reason (docs/practice.md, "Money committed counts")."""
    _require_creative(estimate.campaign)
    documents.require_draft(estimate)
    if not estimate.lines.exists():
        raise WorkflowError(_("Add at least one line before sending the estimate."))
    with transaction.atomic():
        _claim_estimate(estimate, revision, bump=False)
        reason = documents.over_budget_reason(estimate, over_budget_reason)
        documents.keep_over_budget_reason(estimate, reason)
        return documents.send(estimate, contact=contact, by=by, request=request, action="estimate.sent_to_client")


def actual_cost_record(*, estimate, vendor, description, amount, incurred_on, by):
    """Costs as they come in, against the approved estimate; an overrun then needs the client's approval."""
    permissions.require(by, "cost.record", client=estimate.client_id)
    if estimate.status != ClientStatus.APPROVED:
        raise WorkflowError(_("Actual costs are recorded against the estimate the client approved."))
    with transaction.atomic():
        cost = ActualCost.objects.create(
            estimate=estimate,
            vendor=vendor,
            description=description,
            amount=amount,
            incurred_on=incurred_on,
            recorded_by=by,
        )
        audit.record("estimate.actual_recorded", obj=estimate, actor=by, data={"vendor": vendor, "amount": str(amount)})
        campaign_rollup_refresh(estimate.campaign_id)  # production actual
        estimate = ProductionEstimate.objects.prefetch_related("lines", "actual_costs", "overruns").get(pk=estimate.pk)
        if estimate.unapproved_overrun > 0:
            notify_team(
                estimate.campaign,
                template="estimate_overrun",
                by=by,
                context={"estimate": estimate, "overrun": estimate.unapproved_overrun},
            )
    return cost


def overrun_send(*, estimate, reason, contact, by, request=None):
    estimate = ProductionEstimate.objects.prefetch_related("lines", "actual_costs", "overruns").get(pk=estimate.pk)
    if estimate.overruns.filter(status=ClientStatus.SENT).exists():
        raise WorkflowError(_("An overrun is already waiting for the client's decision."))
    amount = estimate.unapproved_overrun
    if amount <= 0:
        raise WorkflowError(_("Actual costs are within what the client approved; there is no overrun to send."))
    if not reason.strip():
        raise WorkflowError(_("Explain the overrun to the client."))
    with transaction.atomic():
        overrun = EstimateOverrun.objects.create(
            campaign=estimate.campaign,
            client=estimate.client,
            estimate=estimate,
            amount=amount,
            reason=reason.strip(),
            created_by=by,
        )
        return documents.send(
            overrun, contact=contact, by=by, request=request, action="estimate.overrun_sent_to_client"
        )


# ── Final ad ─────────────────────────────────────────────────────────────────


def final_ad_new_version(*, campaign, title, by):
    _require_creative(campaign)
    return documents.new_version(
        FinalAd,
        campaign=campaign,
        by=by,
        action="final_ad.version_created",
        first={"title": campaign.name},
        carry=("title",),
        overrides={"title": title} if title else None,
    )


def final_ad_compliance_review(*, final_ad, note, by):
    """The Advertising Law check of the ad's content, recorded by the person who did it.
    Rule: "Compliance check before the client sees an ad" (docs/practice.md)."""
    documents.require_draft(final_ad)
    if not note.strip():
        raise WorkflowError(_("Write the compliance review note: what was checked and the conclusion."))
    with transaction.atomic():
        final_ad.compliance_note = note.strip()
        final_ad.compliance_reviewed_by, final_ad.compliance_reviewed_at = by, timezone.now()
        final_ad.save(update_fields=["compliance_note", "compliance_reviewed_by", "compliance_reviewed_at"])
        audit.record("final_ad.compliance_reviewed", obj=final_ad, actor=by)
    return final_ad


def final_ad_send(*, final_ad, contact, by, request=None):
    _require_creative(final_ad.campaign)
    documents.require_draft(final_ad)
    missing = []
    if not final_ad.assets.exists():
        missing.append(_("at least one asset"))
    if not final_ad.compliance_note:
        missing.append(_("the compliance review note (Advertising Law check)"))
    if missing:
        missing = _(" and ").join(str(m) for m in missing)
        raise WorkflowError(_("Before the client sees the final ad, add %(missing)s.") % {"missing": missing})
    return documents.send(final_ad, contact=contact, by=by, request=request, action="final_ad.sent_to_client")
