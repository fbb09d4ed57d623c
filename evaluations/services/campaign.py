"""State changes for a campaign evaluation: start it from the approved brief, record actuals,
write the learnings, complete it, share it with the client for acknowledgement by link."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agency.core import audit, decisions, permissions
from briefs.models import Action, Stage
from briefs.workflow import approved_brief_version, notify_team, objectives_missing, step_done
from evaluations.models import CampaignEvaluation, KPIResult


class EvaluationError(Exception):
    """A change the evaluation's state does not allow; the message is for the user."""


def _locked(evaluation):
    return CampaignEvaluation.objects.select_for_update().select_related("campaign").get(pk=evaluation.pk)


def _check_draft(evaluation):
    if not evaluation.is_editable:
        raise EvaluationError(_("This evaluation is completed and can no longer be changed."))


def evaluation_start(*, campaign, by):
    """The evaluation, with one row per KPI of the client-approved brief. Returns the existing one if started."""
    if campaign.stage != Stage.EVALUATION:
        raise EvaluationError(_("A campaign is evaluated in its evaluation step."))
    if missing := objectives_missing(campaign):  # the workflow's rule: objectives fixed before evaluating
        raise EvaluationError(" ".join(str(m) for m in missing))
    version = approved_brief_version(campaign)
    kpis = list(version.kpis.all())
    with transaction.atomic():
        existing = CampaignEvaluation.objects.select_for_update().filter(campaign=campaign).first()
        if existing is not None:
            return existing
        evaluation = CampaignEvaluation.objects.create(
            campaign=campaign, client_id=campaign.client_id, brief_version=version, created_by=by
        )
        KPIResult.objects.bulk_create(
            [
                KPIResult(
                    evaluation=evaluation,
                    kpi=kpi,
                    position=i,
                    name=kpi.name,
                    target=kpi.target,
                    unit=kpi.unit,
                    measured_by=kpi.measured_by,
                    direction=kpi.direction,
                )
                for i, kpi in enumerate(kpis)
            ]
        )
        audit.record(
            "evaluation.started", obj=evaluation, actor=by, data={"campaign": campaign.job_number, "kpis": len(kpis)}
        )
        step_done(campaign, Action.EVALUATION_STARTED, by=by)
    return evaluation


def kpi_result_record(*, result, actual, source, measured_on, note="", by):
    """What was measured for one KPI, where the figure comes from and when it was measured."""
    if actual is None or not source or measured_on is None:
        raise EvaluationError(_("Give the actual figure, its source and the date it was measured."))
    if source not in KPIResult.Source.values:
        raise EvaluationError(_("Choose where the figure comes from."))
    with transaction.atomic():
        evaluation = _locked(result.evaluation)
        _check_draft(evaluation)
        result = KPIResult.objects.select_for_update().get(pk=result.pk, evaluation=evaluation)
        before = result.actual_display
        result.actual, result.source, result.measured_on = actual, source, measured_on
        result.note = (note or "").strip()
        result.recorded_by, result.recorded_at = by, timezone.now()
        result.save()
        audit.record(
            "evaluation.actual_recorded",
            obj=evaluation,
            actor=by,
            data={
                "kpi": result.name,
                "before": before,
                "actual": result.actual_display,
                "source": source,
                "measured_on": measured_on.isoformat(),
            },
        )
    return result


def evaluation_learnings_save(*, evaluation, learnings, by):
    with transaction.atomic():
        evaluation = _locked(evaluation)
        _check_draft(evaluation)
        evaluation.learnings = (learnings or "").strip()
        evaluation.save(update_fields=["learnings"])
        audit.record("evaluation.learnings_saved", obj=evaluation, actor=by)
    return evaluation


def missing_to_complete(evaluation):
    missing = [
        _("Actual recorded for: %(kpi)s") % {"kpi": result.name}
        for result in evaluation.results.all()
        if not result.is_recorded
    ]
    if not evaluation.learnings.strip():
        missing.append(_("The learnings are written."))
    return missing


def evaluation_complete(*, evaluation, by):
    """Every KPI has its actual and the learnings are written: the evaluation is final."""
    with transaction.atomic():
        evaluation = _locked(evaluation)
        if evaluation.is_done:
            return evaluation
        missing = missing_to_complete(evaluation)
        if missing:
            raise EvaluationError(_("Not yet: %(missing)s") % {"missing": "; ".join(str(m) for m in missing)})
        evaluation.status = CampaignEvaluation.Status.COMPLETED
        evaluation.completed_by, evaluation.completed_at = by, timezone.now()
        evaluation.save(update_fields=["status", "completed_by", "completed_at"])
        audit.record("evaluation.completed", obj=evaluation, actor=by)
        step_done(evaluation.campaign_id, Action.EVALUATION_COMPLETED, by=by)
    return evaluation


def evaluation_share(*, evaluation, contact, by, request=None):
    """Email the client a link to read the completed evaluation and acknowledge it.
    Rule: "Who may do what" (docs/practice.md): as every send to the client."""
    permissions.require(by, "document.send_to_client", client=evaluation.client_id)
    with transaction.atomic():
        evaluation = _locked(evaluation)
        if not evaluation.is_done:
            raise EvaluationError(_("Complete the evaluation before sharing it with the client."))
        if evaluation.status == CampaignEvaluation.Status.ACKNOWLEDGED:
            raise EvaluationError(_("The client has already acknowledged this evaluation."))
        try:
            decisions.request_decision(document=evaluation, contact=contact, by=by, request=request)
        except decisions.DecisionError as error:
            raise EvaluationError(str(error)) from error
        evaluation.status, evaluation.shared_at = CampaignEvaluation.Status.SHARED, timezone.now()
        evaluation.save(update_fields=["status", "shared_at"])
        audit.record("evaluation.shared_with_client", obj=evaluation, actor=by, data={"contact": contact.email})
        step_done(evaluation.campaign_id, Action.EVALUATION_SHARED, by=by)
    return evaluation


def on_evaluation_acknowledged(*, document, decision):
    """Called by agency.core.decisions inside the deciding transaction."""
    evaluation = document
    CampaignEvaluation.objects.filter(pk=evaluation.pk).update(
        status=CampaignEvaluation.Status.ACKNOWLEDGED, acknowledged_at=decision.decided_at
    )
    evaluation.status = CampaignEvaluation.Status.ACKNOWLEDGED
    audit.record(
        "evaluation.client_acknowledged",
        obj=evaluation,
        contact=decision.contact,
        data={"campaign": evaluation.campaign.job_number, "comment": decision.comment},
    )
    notify_team(
        evaluation.campaign,
        template="campaign_evaluation_acknowledged",
        by=None,
        context={"evaluation": evaluation, "decision": decision},
    )
