"""The steps of each stage, from a default template, adjustable per campaign."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from agency.core.visibility import ScopedByClientQuerySet

from .campaign import Milestone, Stage

# The default template: the four steps in order, the media stage as a media project runs
# (docs/practice.md, "The four steps").
DEFAULT_STEPS = {
    Stage.BRIEF: [
        ("client_briefing", _("Client briefing recorded")),
        ("internal_discussion", _("Internal discussion")),
        ("strategy_agreed", _("Strategy agreed with client")),
        ("brief_written", _("Brief written")),
        ("brief_approved", _("Brief approved by client")),
    ],
    Stage.CREATIVE: [
        ("creative_briefed", _("Creative team briefed")),
        ("concepts_presented", _("Concepts presented")),
        ("production_cost_confirmed", _("Production cost confirmed")),
        ("shoot", _("Shoot")),
        ("final_ad_approved", _("Final ad approved")),
    ],
    Stage.MEDIA: [
        ("media_brief", _("Media brief")),
        ("media_recommendation", _("Media recommendation")),
        ("master_plan", _("Media master plan")),
        ("client_written_confirmation", _("Client written confirmation")),
        ("booking", _("Booking")),
        ("schedule_sent", _("Confirmed schedule sent to client")),
        ("airing", _("Airing")),
        ("monitoring_report", _("Monitoring report")),
        ("post_analysis", _("Post-analysis")),
    ],
    Stage.EVALUATION: [
        ("objectives_recorded", _("Objectives recorded")),
        ("results_collected", _("Results collected")),
        ("evaluation_shared", _("Evaluation shared with client")),
    ],
}
DEFAULT_LABELS = {key: label for steps in DEFAULT_STEPS.values() for key, label in steps}


class Action(models.TextChoices):
    """What people do in the system that completes a checklist step: the service that does it ticks the
    step in the same transaction (briefs.workflow.step_done). Rule: "Steps tick from the work" (docs/practice.md)."""

    BRIEF_SENT = "brief_sent", _("Brief sent to the client")
    BRIEF_APPROVED = "brief_approved", _("Client approved the brief")
    CONCEPT_APPROVED = "concept_approved", _("Client approved a concept")
    ESTIMATE_APPROVED = "estimate_approved", _("Client approved the production estimate")
    FINAL_AD_APPROVED = "final_ad_approved", _("Client approved the final ad")
    MEDIA_BRIEF_SAVED = "media_brief_saved", _("Media brief written")
    PLAN_SENT = "plan_sent", _("Media plan sent to the client")
    PLAN_CONFIRMED = "plan_confirmed", _("Client confirmed the media plan in writing")
    BOOKINGS_CONFIRMED = "bookings_confirmed", _("All bookings confirmed by the media owners")
    SCHEDULE_SENT = "schedule_sent", _("Confirmed schedule sent to the client")
    MONITORING_RECORDED = "monitoring_recorded", _("Monitoring with proofs recorded")
    POST_ANALYSIS_SENT = "post_analysis_sent", _("Post-analysis sent to the client")
    EVALUATION_STARTED = "evaluation_started", _("Evaluation started from the brief's objectives")
    EVALUATION_COMPLETED = "evaluation_completed", _("Evaluation completed")
    EVALUATION_SHARED = "evaluation_shared", _("Evaluation shared with the client")


# The action that completes each default step. A step without one (a meeting, a shoot) is ticked by hand
# with a note of what happened.
STEP_ACTIONS = {
    "brief_written": Action.BRIEF_SENT,
    "brief_approved": Action.BRIEF_APPROVED,
    "concepts_presented": Action.CONCEPT_APPROVED,
    "production_cost_confirmed": Action.ESTIMATE_APPROVED,
    "final_ad_approved": Action.FINAL_AD_APPROVED,
    "media_brief": Action.MEDIA_BRIEF_SAVED,
    "master_plan": Action.PLAN_SENT,
    "client_written_confirmation": Action.PLAN_CONFIRMED,
    "booking": Action.BOOKINGS_CONFIRMED,
    "schedule_sent": Action.SCHEDULE_SENT,
    "monitoring_report": Action.MONITORING_RECORDED,
    "post_analysis": Action.POST_ANALYSIS_SENT,
    "objectives_recorded": Action.EVALUATION_STARTED,
    "results_collected": Action.EVALUATION_COMPLETED,
    "evaluation_shared": Action.EVALUATION_SHARED,
}

# The default timeline: the milestone each default step hangs on and its offset in business days
# (negative: before). A manager changes it per campaign type (briefs.models.TimelineRule).
DEFAULT_TIMELINE = {
    "client_briefing": (Milestone.BRIEF_DUE, -8),
    "internal_discussion": (Milestone.BRIEF_DUE, -6),
    "strategy_agreed": (Milestone.BRIEF_DUE, -4),
    "brief_written": (Milestone.BRIEF_DUE, -2),
    "brief_approved": (Milestone.BRIEF_DUE, 0),
    "creative_briefed": (Milestone.FIRST_CREATIVE, -10),
    "concepts_presented": (Milestone.FIRST_CREATIVE, 0),
    "production_cost_confirmed": (Milestone.FIRST_CREATIVE, 5),
    "shoot": (Milestone.ON_AIR, -15),
    "final_ad_approved": (Milestone.ON_AIR, -10),
    "media_brief": (Milestone.PLAN_CONFIRMED, -15),
    "media_recommendation": (Milestone.PLAN_CONFIRMED, -10),
    "master_plan": (Milestone.PLAN_CONFIRMED, -5),
    "client_written_confirmation": (Milestone.PLAN_CONFIRMED, 0),
    "booking": (Milestone.ON_AIR, -10),
    "schedule_sent": (Milestone.ON_AIR, -5),
    "airing": (Milestone.ON_AIR, 0),
    "monitoring_report": (Milestone.OFF_AIR, 3),
    "post_analysis": (Milestone.POST_ANALYSIS_DUE, 0),
    "objectives_recorded": (Milestone.OFF_AIR, 1),
    "results_collected": (Milestone.POST_ANALYSIS_DUE, 0),
    "evaluation_shared": (Milestone.POST_ANALYSIS_DUE, 5),
}


class ChecklistStep(models.Model):
    campaign = models.ForeignKey(
        "briefs.Campaign", verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="steps"
    )
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices)
    position = models.PositiveSmallIntegerField(default=0)
    # A step from the template keeps its key, so its name follows the reader's language until renamed.
    key = models.CharField(max_length=40, blank=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    required = models.BooleanField(_("required to leave the stage"), default=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="checklist_steps",
    )
    due_date = models.DateField(_("due"), null=True, blank=True, db_index=True)
    # Where the due date comes from: a milestone and an offset in business days (blank: set by hand).
    milestone = models.CharField(_("milestone"), max_length=20, choices=Milestone.choices, blank=True, db_default="")
    offset_days = models.SmallIntegerField(_("business days from the milestone"), null=True, blank=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # What completed it: the action (ticked by the service that did it) or, ticked by hand, a note.
    done_action = models.CharField(
        _("done by the action"), max_length=30, choices=Action.choices, blank=True, db_default=""
    )
    done_note = models.TextField(_("note"), blank=True, db_default="")
    # A manager may waive a required step, with a reason: the gate then lets the campaign go on.
    waived_at = models.DateTimeField(_("waived"), null=True, blank=True)
    waived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    waive_reason = models.TextField(_("reason for waiving"), blank=True, db_default="")

    class QuerySet(ScopedByClientQuerySet):
        client_path = "campaign__client"

    objects = QuerySet.as_manager()

    class Meta:
        verbose_name = _("checklist step")
        verbose_name_plural = _("checklist steps")
        ordering = ["campaign", "stage", "position", "id"]
        # Reminders look for open steps by due date.
        indexes = [models.Index(fields=["due_date"], condition=models.Q(done_at__isnull=True), name="step_open_due")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(waived_at__isnull=True) | ~models.Q(waive_reason=""),
                name="step_waiver_has_reason",
            ),
        ]

    def __str__(self):
        return str(self.label)

    @property
    def label(self):
        return self.name or DEFAULT_LABELS.get(self.key, self.key)

    @property
    def is_done(self):
        return self.done_at is not None

    @property
    def is_waived(self):
        return self.waived_at is not None

    @property
    def is_open(self):
        """Neither done nor waived: what reminders chase and gates wait for."""
        return self.done_at is None and self.waived_at is None

    @property
    def action(self):
        """The action that completes this step, or "" for a step ticked by hand."""
        return STEP_ACTIONS.get(self.key, "")

    @property
    def action_label(self):
        return Action(self.action).label if self.action else ""
