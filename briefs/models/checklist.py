"""The steps of each stage, from a default template, adjustable per campaign."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from agency.core.visibility import ScopedByClientQuerySet

from .campaign import Stage

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
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class QuerySet(ScopedByClientQuerySet):
        client_path = "campaign__client"

    objects = QuerySet.as_manager()

    class Meta:
        verbose_name = _("checklist step")
        verbose_name_plural = _("checklist steps")
        ordering = ["campaign", "stage", "position", "id"]
        # Reminders look for open steps by due date.
        indexes = [models.Index(fields=["due_date"], condition=models.Q(done_at__isnull=True), name="step_open_due")]

    def __str__(self):
        return str(self.label)

    @property
    def label(self):
        return self.name or DEFAULT_LABELS.get(self.key, self.key)

    @property
    def is_done(self):
        return self.done_at is not None
