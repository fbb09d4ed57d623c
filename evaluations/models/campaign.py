"""Campaign evaluation, step 4: first fix the objective the ad must achieve, then evaluate how far it
succeeded (docs/practice.md, "Objectives before evaluation"). Built from the KPIs of the client-approved
brief; the client acknowledges the completed evaluation by link (evaluations/decision_kinds.py)."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from agency.core.visibility import ScopedByClientQuerySet
from briefs.models import KPIDirection


class CampaignEvaluationQuerySet(ScopedByClientQuerySet):
    client_path = "campaign__client"


class CampaignEvaluation(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        COMPLETED = "completed", _("Completed")
        SHARED = "shared", _("Shared with the client")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged by the client")

    # Completed or later: what the campaign's closing gate asks for.
    DONE_STATUSES = (Status.COMPLETED, Status.SHARED, Status.ACKNOWLEDGED)

    campaign = models.OneToOneField(
        "briefs.Campaign", verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="evaluation"
    )
    # The same as the campaign's; kept on the row because the client-decision protocol asks for it.
    client = models.ForeignKey("accounts.Client", verbose_name=_("client"), on_delete=models.PROTECT, related_name="+")
    brief_version = models.ForeignKey(
        "briefs.BriefVersion", verbose_name=_("approved brief"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    learnings = models.TextField(_("learnings"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    shared_at = models.DateTimeField(_("shared with the client"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged by the client"), null=True, blank=True)

    objects = CampaignEvaluationQuerySet.as_manager()

    class Meta:
        verbose_name = _("campaign evaluation")
        verbose_name_plural = _("campaign evaluations")

    def __str__(self):
        return f"{_('Evaluation')} · {self.campaign}"

    @property
    def is_editable(self):
        return self.status == self.Status.DRAFT

    @property
    def is_done(self):
        return self.status in self.DONE_STATUSES

    def decision_title(self):
        return f"{_('Campaign evaluation')} · {self.campaign.job_number} {self.campaign.name}"

    def decision_content(self):
        """The canonical text the client acknowledges: each KPI's target, actual, source and date, the learnings."""
        rows = "\n".join(result.canonical() for result in self.results.all())
        return (
            f"campaign evaluation {self.campaign.job_number} brief version {self.brief_version.number}\n"
            f"[kpis]\n{rows}\n[learnings]\n{self.learnings}\n"
        )


class KPIResult(models.Model):
    """One objective of the approved brief, its target, and what was measured."""

    class Source(models.TextChoices):
        RESEARCH = "research", _("Research")
        SALES = "sales", _("Sales data")
        MEDIA_DELIVERY = "media_delivery", _("Media delivery (post-analysis)")

    evaluation = models.ForeignKey(CampaignEvaluation, on_delete=models.CASCADE, related_name="results")
    kpi = models.ForeignKey("briefs.BriefKPI", verbose_name=_("KPI"), on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)
    # Copied from the approved brief, so the evaluation reads on its own.
    name = models.CharField(_("KPI"), max_length=200)
    target = models.DecimalField(_("target"), max_digits=16, decimal_places=4)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    measured_by = models.CharField(_("how measured"), max_length=300, blank=True)
    direction = models.CharField(
        _("direction"), max_length=6, choices=KPIDirection.choices, default=KPIDirection.HIGHER
    )
    actual = models.DecimalField(_("actual"), max_digits=16, decimal_places=4, null=True, blank=True)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, blank=True)
    measured_on = models.DateField(_("measured on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), null=True, blank=True)

    class Meta:
        verbose_name = _("KPI result")
        verbose_name_plural = _("KPI results")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "kpi"], name="kpi_result_once_per_kpi"),
            models.CheckConstraint(
                condition=models.Q(actual__isnull=True) | (~models.Q(source="") & models.Q(measured_on__isnull=False)),
                name="kpi_result_actual_has_source_and_date",
            ),
        ]

    def __str__(self):
        return f"{self.name}: {self.actual_display or '—'} / {self.target_display} {self.unit}".strip()

    @property
    def is_recorded(self):
        return self.actual is not None

    @property
    def target_display(self):
        return format(self.target.normalize(), "f")

    @property
    def actual_display(self):
        return "" if self.actual is None else format(self.actual.normalize(), "f")

    @property
    def lower_is_better(self):
        return self.direction == KPIDirection.LOWER

    @property
    def achievement(self):
        """How far the target was reached, as a percentage (one decimal): actual ÷ target, or target ÷ actual
        when lower is better (a cost per lead of 40 against 50 is 125%). None before an actual, and where the
        division is undefined (a zero target; a zero actual when lower is better)."""
        if self.actual is None:
            return None
        numerator, denominator = (self.target, self.actual) if self.lower_is_better else (self.actual, self.target)
        if not denominator:
            return None
        return (numerator / denominator * 100).quantize(Decimal("0.1"))

    @property
    def achieved(self):
        """Met: at or over the target, or at or under it when lower is better (as queries.KPI_MET counts)."""
        if self.actual is None:
            return False
        return self.actual <= self.target if self.lower_is_better else self.actual >= self.target

    def canonical(self):
        date = self.measured_on.isoformat() if self.measured_on else ""
        achievement = "" if self.achievement is None else f"{self.achievement}%"
        # Higher-is-better rows keep their old text, so evaluations already shared stay acknowledgeable.
        direction = " | lower is better" if self.lower_is_better else ""
        return (
            f"{self.name} | target={self.target_display} {self.unit} | actual={self.actual_display} | "
            f"source={self.source} | measured_on={date} | achievement={achievement}{direction}"
        )
