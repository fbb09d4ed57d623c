"""The stage checklists: created from the default template, then adjusted per campaign.

Rule: "The four steps" (docs/practice.md).
"""

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from agency.core import audit
from briefs.models import DEFAULT_STEPS, ChecklistStep
from briefs.workflow import WorkflowError, step_tick_by_hand


def checklist_create_default(*, campaign):
    """The default steps, each due on the campaign's timeline (briefs/services/timeline.py)."""
    from .timeline import timed_steps

    steps = [
        ChecklistStep(campaign=campaign, stage=stage, position=i, key=key, owner=campaign.lead_ae)
        for stage, steps in DEFAULT_STEPS.items()
        for i, (key, _label) in enumerate(steps)
    ]
    ChecklistStep.objects.bulk_create(timed_steps(campaign, steps))


def step_set_done(*, step, done, by, note=""):
    """Tick a step by hand (only one no action completes, with a note: briefs.workflow.step_tick_by_hand)
    or reopen one ticked by hand."""
    if done:
        return step_tick_by_hand(step=step, note=note, by=by)
    with transaction.atomic():
        step = ChecklistStep.objects.select_for_update().get(pk=step.pk)
        if not step.is_done:
            return step
        if step.done_action:
            raise WorkflowError(_("A step ticked by the work stays ticked."))
        step.done_at, step.done_by, step.done_note = None, None, ""
        step.save(update_fields=["done_at", "done_by", "done_note"])
        audit.record(
            "checklist.step_reopened",
            obj=step.campaign,
            actor=by,
            data={"step": str(step.label), "stage": step.stage},
        )
    return step


def step_add(*, campaign, stage, name, owner, due_date, required, by):
    with transaction.atomic():
        last = ChecklistStep.objects.filter(campaign=campaign, stage=stage).aggregate(m=Max("position"))["m"]
        step = ChecklistStep.objects.create(
            campaign=campaign,
            stage=stage,
            name=name,
            owner=owner,
            due_date=due_date,
            required=required,
            position=(last or 0) + 1,
        )
        audit.record("checklist.step_added", obj=campaign, actor=by, data={"step": name, "stage": stage})
    return step


def step_update(*, step, name, owner, due_date, required, by):
    with transaction.atomic():
        changes = {}
        if name and name != str(step.label):
            changes["name"] = [str(step.label), name]
            step.name = name
        if owner != step.owner:
            changes["owner"] = [str(step.owner or ""), str(owner or "")]
            step.owner = owner
        if due_date != step.due_date:
            changes["due_date"] = [str(step.due_date or ""), str(due_date or "")]
            # A date set by hand no longer follows the campaign's milestones.
            step.due_date, step.milestone, step.offset_days = due_date, "", None
        if required != step.required:
            changes["required"] = [step.required, required]
            step.required = required
        if changes:
            step.save()
            audit.record("checklist.step_changed", obj=step.campaign, actor=by, data={"step": step.pk, **changes})
    return step


def step_remove(*, step, by):
    if step.is_done:
        raise WorkflowError(_("A step that is done stays on the record; reopen it first to remove it."))
    with transaction.atomic():
        audit.record("checklist.step_removed", obj=step.campaign, actor=by, data={"step": str(step.label)})
        step.delete()
