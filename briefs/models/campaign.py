"""The campaign: the spine of the four-step workflow (brief → creative → media → evaluation)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agency.core.visibility import ScopedByClientQuerySet


class Stage(models.TextChoices):
    BRIEF = "brief", _("Creative brief")
    CREATIVE = "creative", _("Creative")
    MEDIA = "media", _("Media")
    EVALUATION = "evaluation", _("Evaluation")
    CLOSED = "closed", _("Closed")
    ON_HOLD = "on_hold", _("On hold")
    CANCELLED = "cancelled", _("Cancelled")


# The four working steps, in order; closed follows the last.
WORKING_STAGES = (Stage.BRIEF, Stage.CREATIVE, Stage.MEDIA, Stage.EVALUATION)


class CampaignType(models.TextChoices):
    """Each type has its own timeline template (briefs/models/timeline.py)."""

    INTEGRATED = "integrated", _("Integrated (creative and media)")
    CREATIVE = "creative", _("Creative only")
    MEDIA = "media", _("Media only")


class Milestone(models.TextChoices):
    """The dates a campaign's timeline hangs on; every checklist step is due a number of business days
    before or after one of them. Rule: "The campaign timeline" (docs/practice.md)."""

    BRIEF_DUE = "brief_due", _("Brief due")
    FIRST_CREATIVE = "first_creative", _("First creative")
    PLAN_CONFIRMED = "plan_confirmed", _("Media plan confirmed")
    ON_AIR = "on_air", _("On air")
    OFF_AIR = "off_air", _("Off air")
    POST_ANALYSIS_DUE = "post_analysis_due", _("Post-analysis due")


# The campaign field holding each milestone: on air and off air are the campaign's start and end.
MILESTONE_FIELDS = {
    Milestone.BRIEF_DUE: "brief_due",
    Milestone.FIRST_CREATIVE: "first_creative_due",
    Milestone.PLAN_CONFIRMED: "plan_confirmed_due",
    Milestone.ON_AIR: "start_date",
    Milestone.OFF_AIR: "end_date",
    Milestone.POST_ANALYSIS_DUE: "post_analysis_due",
}


class Campaign(models.Model):
    client = models.ForeignKey(
        "accounts.Client", verbose_name=_("client"), on_delete=models.PROTECT, related_name="campaigns"
    )
    brand = models.ForeignKey(
        "accounts.Brand", verbose_name=_("brand"), on_delete=models.PROTECT, related_name="campaigns"
    )
    job_number = models.CharField(_("job number"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200)
    lead_ae = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("lead AE"), on_delete=models.PROTECT, related_name="led_campaigns"
    )
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("campaign team"), related_name="campaigns", blank=True
    )
    budget = models.DecimalField(_("budget"), max_digits=14, decimal_places=2, default=0)
    currency = models.CharField(_("currency"), max_length=3, default="CNY")
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    campaign_type = models.CharField(
        _("campaign type"),
        max_length=12,
        choices=CampaignType.choices,
        default=CampaignType.INTEGRATED,
        db_default=CampaignType.INTEGRATED,
    )
    brief_due = models.DateField(_("brief due"), null=True, blank=True)
    first_creative_due = models.DateField(_("first creative"), null=True, blank=True)
    plan_confirmed_due = models.DateField(_("media plan confirmed"), null=True, blank=True)
    post_analysis_due = models.DateField(_("post-analysis due"), null=True, blank=True)
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices, default=Stage.BRIEF, db_index=True)
    stage_changed_at = models.DateTimeField(_("in this stage since"), auto_now_add=True)
    # While on hold: the stage to go back to on resume.
    resume_stage = models.CharField(_("stage before hold"), max_length=12, choices=Stage.choices, blank=True)
    hold_reason = models.TextField(_("reason for the hold"), blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    # Client change requests send the creative team back to work: each round is a new set of concepts.
    concept_round = models.PositiveSmallIntegerField(_("concept round"), default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedByClientQuerySet.as_manager()

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-created_at", "-id"]
        indexes = [
            # A client's campaigns by stage, with what the health score reads of them (start, budget): the
            # homes count and sum them from the index alone, without visiting the campaign rows.
            models.Index(
                fields=["client", "stage"],
                include=["start_date", "created_at", "budget"],
                name="campaign_client_figures",
            ),
            # The dashboard's "waiting longest at a gate": the first ten by time in stage, without sorting them all.
            models.Index(fields=["stage_changed_at", "id"], name="campaign_in_stage_since"),
            # The campaign list's order (and this default's): its page is read in index order, LIMIT 25.
            models.Index(fields=["-created_at", "-id"], name="campaign_newest_first"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(budget__gte=0), name="campaign_budget_not_negative"),
            models.CheckConstraint(
                condition=~models.Q(stage="cancelled") | ~models.Q(cancel_reason=""),
                name="campaign_cancel_has_reason",
            ),
            models.CheckConstraint(
                condition=~models.Q(stage="on_hold") | ~models.Q(resume_stage=""),
                name="campaign_hold_knows_resume_stage",
            ),
        ]

    def __str__(self):
        return f"{self.job_number} {self.name}"

    def get_absolute_url(self):
        return reverse("campaign_detail", args=[self.pk])

    @property
    def is_open(self):
        return self.stage in WORKING_STAGES

    def milestone(self, milestone):
        """The date of a milestone (None while not set)."""
        return getattr(self, MILESTONE_FIELDS[milestone])

    def milestones(self):
        """[(Milestone, date)] in timeline order, for the campaign page."""
        return [(milestone, self.milestone(milestone)) for milestone in Milestone]

    def stage_bar(self):
        """The four steps with their state for the page's stage bar: done, current or to do."""
        current = self.resume_stage if self.stage == Stage.ON_HOLD else self.stage
        order = [*WORKING_STAGES, Stage.CLOSED]
        index = order.index(current) if current in order else -1
        return [(stage, "done" if i < index else "current" if i == index else "todo") for i, stage in enumerate(order)]
