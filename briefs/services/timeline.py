"""The campaign timeline: milestones, the due dates of the checklist steps hung on them, and the
timeline template each campaign type starts from.

Rule: "The campaign timeline" (docs/practice.md).
"""

from django.db import transaction
from django.utils.translation import gettext as _

from agency.core import audit, permissions
from agency.core.calendar import add_business_days
from briefs.models import (
    DEFAULT_TIMELINE,
    MILESTONE_FIELDS,
    ChecklistStep,
    Milestone,
    TimelineRule,
    timeline_for,
)
from briefs.workflow import WorkflowError

# A campaign's milestones when nobody has set them yet, in business days after the one before:
# the brief a week out, then the creative, the media plan, on air, off air and the post-analysis.
SUGGESTED_GAPS = (
    (Milestone.BRIEF_DUE, 5),
    (Milestone.FIRST_CREATIVE, 10),
    (Milestone.PLAN_CONFIRMED, 10),
    (Milestone.ON_AIR, 10),
    (Milestone.OFF_AIR, 20),
    (Milestone.POST_ANALYSIS_DUE, 10),
)


def suggested_milestones(today, given=None):
    """{Milestone: date}: the dates given, and for each blank one a date counted in business days from the
    milestone before it (from `today` for the first). Before a given on-air date, the brief, creative and
    plan milestones count back from it instead, so that they come in time."""
    dates = {milestone: day for milestone, day in (given or {}).items() if day}
    order = [milestone for milestone, _gap in SUGGESTED_GAPS]
    gaps = dict(SUGGESTED_GAPS)
    if dates.get(Milestone.ON_AIR):
        day = dates[Milestone.ON_AIR]
        for later, earlier in zip(order[3:0:-1], order[2::-1], strict=True):
            day = dates.get(earlier) or max(add_business_days(day, -gaps[later]), today)
            dates.setdefault(earlier, day)
    day = today
    for milestone in order:
        day = dates.get(milestone) or add_business_days(day, gaps[milestone])
        dates.setdefault(milestone, day)
    return dates


def due_from(campaign, milestone, offset):
    """The due date of a step `offset` business days from one of the campaign's milestones (None while
    the milestone has no date)."""
    day = campaign.milestone(milestone) if milestone else None
    return None if day is None or offset is None else add_business_days(day, offset)


def timed_steps(campaign, steps):
    """Give template steps their milestone, offset and due date from the campaign type's template."""
    timeline = timeline_for(campaign.campaign_type)
    for step in steps:
        milestone, offset = timeline.get(step.key, ("", None))
        step.milestone, step.offset_days = milestone, offset
        step.due_date = due_from(campaign, milestone, offset)
    return steps


def reschedule(campaign, *, milestones=None, retemplate=False):
    """Move the open steps (neither done nor waived) hung on `milestones` (all of them by default) to the
    dates their offsets give; with `retemplate`, first take milestone and offset from the campaign type's
    template again. Returns how many steps got a new due date."""
    steps = ChecklistStep.objects.select_for_update().filter(
        campaign=campaign, done_at__isnull=True, waived_at__isnull=True
    )
    if retemplate:
        timeline = timeline_for(campaign.campaign_type)
    moved = []
    for step in steps:
        if retemplate and step.key in timeline and step.milestone:
            step.milestone, step.offset_days = timeline[step.key]
        elif not step.milestone or (milestones is not None and step.milestone not in milestones):
            continue
        due = due_from(campaign, step.milestone, step.offset_days)
        if due != step.due_date:
            step.due_date = due
            moved.append(step)
    ChecklistStep.objects.bulk_update(moved, ["due_date", "milestone", "offset_days"])
    return len(moved)


def changed_milestones(before, after):
    """The milestones whose date differs between two dicts of campaign field values."""
    return [m for m, field in MILESTONE_FIELDS.items() if field in after and before.get(field) != after[field]]


# ── The template, per campaign type ──────────────────────────────────────────


def timeline_rule_set(*, campaign_type, key, milestone, offset_days, by):
    """A manager changes when a default step is due for a type of campaign. Campaigns created afterwards
    follow it; running campaigns keep their dates."""
    permissions.require(by, "timeline.edit")
    if key not in DEFAULT_TIMELINE:
        raise WorkflowError(_("No such step in the template."))
    with transaction.atomic():
        before = timeline_for(campaign_type)[key]
        if before == (milestone, offset_days):
            return None
        rule, _created = TimelineRule.objects.update_or_create(
            campaign_type=campaign_type,
            key=key,
            defaults={"milestone": milestone, "offset_days": offset_days, "updated_by": by},
        )
        audit.record(
            "timeline.template_changed",
            actor=by,
            data={
                "campaign_type": campaign_type,
                "step": key,
                "from": [str(before[0]), before[1]],
                "to": [str(milestone), offset_days],
            },
        )
    return rule
