"""The campaign workflow: the whole process in one place.

    brief ──► creative ──► media ──► evaluation ──► closed
      └─────────┴────────────┴──────────┴──► on hold (resume to where it was)
                                         └──► cancelled (with a reason)

A campaign leaves a stage only when its gate holds: the client has agreed to what
the step produced, the production cost was approved in writing, and the client's
changes went back through the creatives (docs/practice.md: "Client agreement at
every step", "Production cost approved before production", "Client changes go
through the creatives"):

- brief → creative: the current version of the creative brief is approved by the client.
- creative → media: a concept of the current round, the current production estimate
  and the current final ad are each approved by the client, and no cost overrun is
  waiting for the client's approval. An approval of a version that has since been
  superseded does not count: the gate asks `agency.core.decisions.approval_for()` about
  the current version only.
- media → evaluation: the stage checklist's required steps are done, the client has
  confirmed the current media plan version in writing, and the confirmed schedule has
  been sent to the client, and the client-approved brief sets at least one measurable
  objective (a KPI with a target) to evaluate against.
- evaluation → closed: the stage checklist's required steps are done and the campaign evaluation
  is completed.

Media and evaluations build on briefs: what the media and evaluation gates need to know about
their documents they report through briefs/gate_facts.py (registered in their AppConfig.ready());
the gates and their wording are here.

Every transition checks its gate, runs in one transaction, writes the audit log
and emails the campaign team. A refused transition raises `GateClosed` with the
list of what is missing, which the campaign page shows.

Client decisions come back through the `on_*` handlers of the decision kinds registered in
briefs/decision_kinds.py (agency.core.decisions): a change request on a concept opens the
next concept round for the creative team, never production. A client approval also ticks the
checklist step it completes (STEP_DONE_BY_CLIENT_APPROVAL).

Steps tick from the work: every action that completes a checklist step (briefs.models.STEP_ACTIONS)
calls `step_done(campaign, action, by=...)` inside the transaction that performs it, so the tick and the
work are one (docs/practice.md: "Steps tick from the work"). A step with no action in the system is
ticked by hand with a note; a required step that will not happen is waived by a manager with a reason.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agency.core import audit, outbox, permissions, webhooks
from agency.core.decisions import approval_for, kind_of

from .gate_facts import EVALUATION, MEDIA_PLAN, gate_fact
from .models import (
    STEP_ACTIONS,
    WORKING_STAGES,
    Action,
    BriefVersion,
    Campaign,
    ChecklistStep,
    ClientStatus,
    Concept,
    EstimateOverrun,
    FinalAd,
    ProductionEstimate,
    Stage,
)
from .rollups import campaign_rollup_refresh

NEXT_STAGE = {
    Stage.BRIEF: Stage.CREATIVE,
    Stage.CREATIVE: Stage.MEDIA,
    Stage.MEDIA: Stage.EVALUATION,
    Stage.EVALUATION: Stage.CLOSED,
}


class WorkflowError(Exception):
    """A change the workflow does not allow; the message says why."""


class GateClosed(WorkflowError):
    def __init__(self, missing):
        self.missing = list(missing)
        super().__init__(_("Not yet: %(missing)s") % {"missing": "; ".join(str(m) for m in self.missing)})


# ── Gates ────────────────────────────────────────────────────────────────────


def current_brief_version(campaign):
    """The latest version of the campaign's creative brief (briefs/models/brief.py), or None."""
    return BriefVersion.objects.filter(brief__campaign=campaign).order_by("-number").first()


def current_concept_approved(campaign):
    """The concept of the current round the client approved, if any."""
    candidates = Concept.objects.filter(campaign=campaign, round=campaign.concept_round, status=ClientStatus.APPROVED)
    return next((c for c in candidates if approval_for(c) is not None), None)


def current_estimate(campaign):
    return ProductionEstimate.objects.filter(campaign=campaign).order_by("-version").first()


def current_final_ad(campaign):
    return FinalAd.objects.filter(campaign=campaign).order_by("-version").first()


def _gate_brief(campaign):
    missing = _gate_checklist(campaign)
    version = current_brief_version(campaign)
    if version is None:
        return [*missing, _("A creative brief has been written.")]
    if approval_for(version) is None:
        return [*missing, _("The client has approved the current version of the creative brief.")]
    return missing


def _gate_creative(campaign):
    missing = _gate_checklist(campaign)
    if current_concept_approved(campaign) is None:
        missing.append(_("The client has approved a concept of round %(round)s.") % {"round": campaign.concept_round})
    estimate = current_estimate(campaign)
    if estimate is None or approval_for(estimate) is None:
        missing.append(_("The client has approved the current production estimate."))
    elif EstimateOverrun.objects.filter(estimate=estimate, status=ClientStatus.SENT).exists() or (
        estimate.unapproved_overrun > 0
    ):
        missing.append(_("The client has approved the cost overrun on the production estimate."))
    final_ad = current_final_ad(campaign)
    if final_ad is None or approval_for(final_ad) is None:
        missing.append(_("The client has approved the current final ad."))
    return missing


def _gate_checklist(campaign):
    """The stage's required steps are done or waived by a manager. Rule: "Steps tick from the work"."""
    steps = _prefetched(campaign, "steps")
    if steps is None:
        open_steps = ChecklistStep.objects.filter(
            campaign=campaign, stage=campaign.stage, required=True, done_at__isnull=True, waived_at__isnull=True
        ).order_by("position", "id")
    else:  # the campaign page fetched them all: the same steps, read from them
        open_steps = sorted(
            (
                step
                for step in steps
                if step.stage == campaign.stage and step.required and step.done_at is None and step.waived_at is None
            ),
            key=lambda step: (step.position, step.pk),
        )
    return [_("Checklist step done: %(step)s") % {"step": step.label} for step in open_steps]


def _gate_media(campaign):
    return _gate_checklist(campaign) + media_plan_missing(campaign) + objectives_missing(campaign)


def media_plan_missing(campaign):
    """The client's written confirmation of the current media plan version, and the confirmed schedule
    sent to the client (the media page shows these too)."""
    plan = gate_fact(MEDIA_PLAN, campaign)
    if plan is None:
        return [_("A media plan has been written.")]
    missing = []
    if not plan.confirmed:
        missing.append(
            _("The client has confirmed media plan %(version)s in writing.") % {"version": plan.version_label}
        )
    if not plan.schedule_sent:
        missing.append(_("The confirmed schedule has been sent to the client."))
    return missing


def approved_brief_version(campaign):
    """The newest brief version the client approved (its content unchanged since), or None.
    The evaluation judges the campaign against this version's KPIs."""
    versions = _prefetched_brief_versions(campaign)
    if versions is None:
        versions = BriefVersion.objects.filter(brief__campaign=campaign, status=BriefVersion.Status.APPROVED)
        versions = versions.order_by("-number")
    else:  # the campaign page fetched them, newest first, with their KPIs
        versions = [v for v in versions if v.status == BriefVersion.Status.APPROVED]
    return next((v for v in versions if approval_for(v) is not None), None)


def _prefetched(obj, relation):
    """The rows of `relation` that the page's query already fetched for `obj`, or None when it did not."""
    return getattr(obj, "_prefetched_objects_cache", {}).get(relation)


def _prefetched_brief_versions(campaign):
    """The brief's versions, newest first, as campaign_for_page() fetched them, or None when they were not."""
    if not Campaign.creative_brief.is_cached(campaign):
        return None
    brief = getattr(campaign, "creative_brief", None)  # None: no brief was started
    if brief is None:
        return []
    versions = _prefetched(brief, "versions")
    return None if versions is None else sorted(versions, key=lambda v: -v.number)


def objectives_missing(campaign):
    """The objective is fixed first, so that the evaluation can measure against it.
    Rule: "Objectives before evaluation" (docs/practice.md)."""
    version = approved_brief_version(campaign)
    if version is None:
        return [_("The client has approved a creative brief with the campaign's objectives.")]
    if not version.kpis.exists():
        return [
            _("The approved creative brief (%(version)s) sets at least one measurable objective: a KPI with a target.")
            % {"version": version.version_label}
        ]
    return []


def _gate_evaluation(campaign):
    return _gate_checklist(campaign) + evaluation_missing(campaign)


def evaluation_missing(campaign):
    evaluation = gate_fact(EVALUATION, campaign)
    if evaluation is None:
        return [_("The campaign evaluation has been written against the brief's objectives.")]
    if not evaluation.completed:
        return [_("The campaign evaluation is completed (actuals for every KPI, and the learnings).")]
    return []


GATES = {
    Stage.BRIEF: _gate_brief,
    Stage.CREATIVE: _gate_creative,
    Stage.MEDIA: _gate_media,
    Stage.EVALUATION: _gate_evaluation,
}
# The gates above in a line each, for dashboards that show what a campaign waits for: change them together.
GATE_SUMMARIES = {
    Stage.BRIEF: gettext_lazy("Client approves the creative brief"),
    Stage.CREATIVE: gettext_lazy("Client approves concept, production estimate and final ad"),
    Stage.MEDIA: gettext_lazy(
        "Client confirms the media plan in writing; schedule sent; media checklist; brief KPIs set"
    ),
    Stage.EVALUATION: gettext_lazy("Evaluation completed against the brief's KPIs; evaluation checklist"),
    Stage.ON_HOLD: gettext_lazy("Resumed by the account team"),
}


def missing_to_advance(campaign):
    """What still has to happen before the campaign may leave its stage (empty: it may)."""
    gate = GATES.get(campaign.stage)
    if gate is None:
        return [_("A campaign that is %(stage)s does not move forward.") % {"stage": campaign.get_stage_display()}]
    return gate(campaign)


# ── Transitions ──────────────────────────────────────────────────────────────

# The audit actions of a stage move; each records the stage left and entered, so they are the stage history.
STAGE_MOVES = ("campaign.advanced", "campaign.held", "campaign.resumed", "campaign.cancelled")


def _locked(campaign):
    return Campaign.objects.select_for_update().get(pk=campaign.pk)


def _move(campaign, stage, *, by, action, data=None):
    before = campaign.stage
    campaign.stage = stage
    campaign.stage_changed_at = timezone.now()
    campaign.save()
    audit.record(action, obj=campaign, actor=by, data={"from": before, "to": stage, **(data or {})})
    campaign_rollup_refresh(campaign)
    notify_team(campaign, template="campaign_stage_changed", by=by, context={"before": Stage(before).label})
    return campaign


def campaign_advance(*, campaign, by):
    """Move to the next stage once the gate holds."""
    with transaction.atomic():
        campaign = _locked(campaign)
        # Rule: "Who may do what" (docs/practice.md): closing is its own action in the map.
        action = "campaign.close" if campaign.stage == Stage.EVALUATION else "campaign.advance"
        permissions.require(by, action, client=campaign.client_id)
        if campaign.stage not in NEXT_STAGE:
            raise WorkflowError(
                _("A campaign that is %(stage)s does not move forward.") % {"stage": campaign.get_stage_display()}
            )
        missing = missing_to_advance(campaign)
        if missing:
            raise GateClosed(missing)
        campaign = _move(campaign, NEXT_STAGE[campaign.stage], by=by, action="campaign.advanced")
        if campaign.stage == Stage.CLOSED:
            # Ask after every campaign: "Satisfaction after every campaign and each quarter" (docs/practice.md).
            from accounts.services.surveys import surveys_for_closed_campaign

            surveys_for_closed_campaign(campaign=campaign, by=by)
            webhooks.emit("campaign.closed", lambda: campaign_facts(campaign))
        return campaign


def campaign_facts(campaign):
    """What an outside system hears of a campaign (docs/practice.md, "Outside systems hear by signed webhook")."""
    return {
        "campaign": campaign.pk,
        "job_number": campaign.job_number,
        "client": campaign.client_id,
        "brand": campaign.brand_id,
        "stage": campaign.stage,
        "stage_changed_at": campaign.stage_changed_at,
    }


def campaign_hold(*, campaign, reason, by):
    with transaction.atomic():
        campaign = _locked(campaign)
        permissions.require(by, "campaign.hold", client=campaign.client_id)
        if campaign.stage not in WORKING_STAGES:
            raise WorkflowError(_("Only a running campaign can be put on hold."))
        campaign.resume_stage = campaign.stage
        campaign.hold_reason = reason.strip()
        return _move(campaign, Stage.ON_HOLD, by=by, action="campaign.held", data={"reason": campaign.hold_reason})


def campaign_resume(*, campaign, by):
    with transaction.atomic():
        campaign = _locked(campaign)
        permissions.require(by, "campaign.resume", client=campaign.client_id)
        if campaign.stage != Stage.ON_HOLD:
            raise WorkflowError(_("Only a campaign on hold can be resumed."))
        stage, campaign.resume_stage, campaign.hold_reason = campaign.resume_stage, "", ""
        return _move(campaign, stage, by=by, action="campaign.resumed")


def campaign_cancel(*, campaign, reason, by):
    permissions.require(by, "campaign.cancel", client=campaign.client_id)
    reason = (reason or "").strip()
    if not reason:
        raise WorkflowError(_("Say why the campaign is cancelled."))
    with transaction.atomic():
        campaign = _locked(campaign)
        if campaign.stage in (Stage.CLOSED, Stage.CANCELLED):
            raise WorkflowError(
                _("A campaign that is %(stage)s cannot be cancelled.") % {"stage": campaign.get_stage_display()}
            )
        campaign.cancel_reason, campaign.resume_stage = reason, ""
        return _move(campaign, Stage.CANCELLED, by=by, action="campaign.cancelled", data={"reason": reason})


# ── Notifications ────────────────────────────────────────────────────────────


def campaign_people(campaign, *, departments=None):
    """The lead AE and the campaign team (optionally only some departments), each once."""
    people = {campaign.lead_ae_id: campaign.lead_ae}
    for person in campaign.team.all():
        people.setdefault(person.pk, person)
    return [
        p for p in people.values() if p.is_active and p.email and (departments is None or p.department in departments)
    ]


def notify_team(campaign, *, template, by, context=None, departments=None, include_lead=True):
    for person in campaign_people(campaign, departments=departments):
        if by is not None and person.pk == by.pk:
            continue
        if departments is not None and not include_lead and person.pk == campaign.lead_ae_id:
            continue
        outbox.queue_email(
            to_email=person.email,
            to_name=str(person),
            template=template,
            context={"campaign": campaign, "person": person, "by": by, **(context or {})},
            language=person.language,
            related=campaign,
            client=campaign.client,
            by=by,
        )


# ── Client decisions coming back (registered in BriefsConfig.ready) ───────────


def _decided(document, decision, status, action):
    type(document).objects.filter(pk=document.pk).update(status=status, decided_at=timezone.now())
    document.status = status
    audit.record(
        action,
        obj=document,
        contact=decision.contact,
        data={"campaign": document.campaign.job_number, "comment": decision.comment},
    )
    campaign_rollup_refresh(document.campaign)  # an approved estimate or overrun commits money


# ── Checklist steps: ticked by the work, by hand with a note, or waived by a manager ─────────


def step_done(campaign, action, *, by=None, contact=None, data=None):
    """Tick the campaign's open steps that `action` (briefs.models.Action) completes, with who and when.
    Call it inside the transaction that performs the action: if that rolls back, so does the tick.
    `by` is the staff member who acted, `contact` the client contact who decided. Returns the steps."""
    action = Action(action)
    keys = [key for key, completes in STEP_ACTIONS.items() if completes == action]
    campaign_id = getattr(campaign, "pk", campaign)
    now = timezone.now()
    with transaction.atomic():
        steps = list(
            ChecklistStep.objects.select_for_update(of=("self",))
            .filter(campaign_id=campaign_id, key__in=keys, done_at__isnull=True)
            .select_related("campaign")
        )
        for step in steps:
            step.done_at, step.done_by, step.done_action = now, by, action
            step.save(update_fields=["done_at", "done_by", "done_action"])
            audit.record(
                "checklist.step_done",
                obj=step.campaign,
                actor=by,
                contact=contact,
                data={"step": str(step.label), "stage": step.stage, "action": action.value, **(data or {})},
            )
    return steps


# The action a client approval of each kind of document is (agency.core.decisions kind codes).
CLIENT_APPROVAL_ACTIONS = {
    "brief": Action.BRIEF_APPROVED,
    "concept": Action.CONCEPT_APPROVED,
    "estimate": Action.ESTIMATE_APPROVED,
    "final_ad": Action.FINAL_AD_APPROVED,
    "media_plan": Action.PLAN_CONFIRMED,
}
# The checklist step a client approval of each kind of document ticks, by step key (briefs/models/checklist.py).
STEP_DONE_BY_CLIENT_APPROVAL = {
    kind: key for kind, action in CLIENT_APPROVAL_ACTIONS.items() for key, a in STEP_ACTIONS.items() if a == action
}


def tick_step_done_by_client_approval(*, document, decision):
    """Tick the campaign's open step that this approval completes; the audit names the client contact."""
    kind = kind_of(document).code
    action = CLIENT_APPROVAL_ACTIONS.get(kind)
    if action is None:
        return []
    campaign_id = getattr(document, "campaign_id", None) or document.brief.campaign_id
    return step_done(campaign_id, action, contact=decision.contact, data={"client_approved": kind})


def step_tick_by_hand(*, step, note, by):
    """Tick a step that no action in the system completes, saying what happened."""
    note = (note or "").strip()
    if step.action:
        raise WorkflowError(
            _("“%(step)s” ticks itself when this happens: %(action)s.")
            % {"step": step.label, "action": step.action_label}
        )
    if not note:
        raise WorkflowError(_("Say what was done (a note) to tick this step."))
    with transaction.atomic():
        step = ChecklistStep.objects.select_for_update().select_related("campaign").get(pk=step.pk)
        if step.is_done:
            return step
        step.done_at, step.done_by, step.done_action, step.done_note = timezone.now(), by, "", note
        step.save(update_fields=["done_at", "done_by", "done_action", "done_note"])
        audit.record(
            "checklist.step_done",
            obj=step.campaign,
            actor=by,
            data={"step": str(step.label), "stage": step.stage, "note": note},
        )
    return step


def step_waive(*, step, reason, by):
    """A manager lets the campaign go on without a required step, saying why."""
    reason = (reason or "").strip()
    permissions.require(by, "step.waive", client=step.campaign.client_id)
    if not reason:
        raise WorkflowError(_("Say why the step is waived."))
    with transaction.atomic():
        step = ChecklistStep.objects.select_for_update().select_related("campaign").get(pk=step.pk)
        if step.is_done:
            raise WorkflowError(_("This step is already done."))
        step.waived_at, step.waived_by, step.waive_reason = timezone.now(), by, reason
        step.save(update_fields=["waived_at", "waived_by", "waive_reason"])
        audit.record(
            "checklist.step_waived",
            obj=step.campaign,
            actor=by,
            data={"step": str(step.label), "stage": step.stage, "reason": reason},
        )
    return step


# Called by agency.core.decisions inside the deciding transaction, as handler(document=..., decision=...).


def on_document_approved(*, document, decision):
    with transaction.atomic():
        _decided(document, decision, ClientStatus.APPROVED, f"{kind_of(document).code}.client_approved")
        tick_step_done_by_client_approval(document=document, decision=decision)
        notify_team(
            document.campaign,
            template="campaign_document_decided",
            by=None,
            context={"document": document, "approved": True},
        )


def on_document_changes_requested(*, document, decision):
    with transaction.atomic():
        _decided(
            document, decision, ClientStatus.CHANGES_REQUESTED, f"{kind_of(document).code}.client_changes_requested"
        )
        notify_team(
            document.campaign,
            template="campaign_document_decided",
            by=None,
            context={"document": document, "approved": False},
        )


def on_concept_changes_requested(*, document, decision):
    """The client's changes go back to the creative team as the next concept round.
    Rule: "Client changes go through the creatives" (docs/practice.md)."""
    from .services.creative import concept_round_start

    concept = document
    with transaction.atomic():
        _decided(concept, decision, ClientStatus.CHANGES_REQUESTED, "concept.client_changes_requested")
        campaign = Campaign.objects.select_for_update().get(pk=concept.campaign_id)
        if campaign.concept_round == concept.round:
            concept_round_start(campaign=campaign, by=None, reason=decision.comment)
        notify_team(
            campaign,
            template="campaign_document_decided",
            by=None,
            context={"document": concept, "approved": False},
        )
