"""The campaign: the spine of the four-step workflow (brief → creative → media → evaluation)."""

from django.conf import settings
from django.db import models
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

    @property
    def is_open(self):
        return self.stage in WORKING_STAGES

    def stage_bar(self):
        """The four steps with their state for the page's stage bar: done, current or to do."""
        current = self.resume_stage if self.stage == Stage.ON_HOLD else self.stage
        order = [*WORKING_STAGES, Stage.CLOSED]
        index = order.index(current) if current in order else -1
        return [(stage, "done" if i < index else "current" if i == index else "todo") for i, stage in enumerate(order)]
