"""Production estimates: versioned, approved by the client before production; actuals and overruns."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .documents import CampaignDocumentQuerySet, ClientDocument

ZERO = Decimal("0.00")


class ProductionEstimate(ClientDocument):
    version = models.PositiveSmallIntegerField(_("version"))
    currency = models.CharField(_("currency"), max_length=3)
    notes = models.TextField(_("notes"), blank=True)
    # Bumped on every change of the lines: a change or a send based on an older revision is refused.
    revision = models.PositiveIntegerField(default=1)
    # Why it was sent although it takes the campaign over its approved budget; the client reads it.
    # Rule: "Money committed counts" (docs/practice.md)
    over_budget_reason = models.TextField(_("reason for going over budget"), blank=True, default="", db_default="")

    class Meta:
        verbose_name = _("production estimate")
        verbose_name_plural = _("production estimates")
        ordering = ["campaign", "-version"]
        default_related_name = "estimates"
        constraints = [
            models.UniqueConstraint(fields=["campaign", "version"], name="estimate_version_once_per_campaign")
        ]

    def __str__(self):
        return f"{_('Production estimate')} v{self.version}"

    @property
    def total(self):
        """Sum of the lines (uses prefetched lines when there are any)."""
        return sum((line.amount for line in self.lines.all()), ZERO)

    @property
    def actual_total(self):
        return sum((cost.amount for cost in self.actual_costs.all()), ZERO)

    @property
    def overrun(self):
        return max(self.actual_total - self.total, ZERO)

    @property
    def approved_overrun(self):
        return sum((o.amount for o in self.overruns.all() if o.status == "approved"), ZERO)

    @property
    def unapproved_overrun(self):
        return max(self.overrun - self.approved_overrun, ZERO)

    @property
    def version_label(self):
        return f"v{self.version}"

    def get_absolute_url(self):
        return reverse("estimate_detail", args=[self.pk])

    def decision_title(self):
        return f"{self.campaign.job_number} · {_('Production estimate')} v{self.version}"

    def decision_content(self):
        lines = "\n".join(
            f"- {line.vendor} | {line.description} | {line.quantity} x {line.unit_cost} = {line.amount}"
            for line in self.lines.all()
        )
        text = (
            f"Production estimate v{self.version} ({self.currency})\n{lines}\n"
            f"Total: {self.total} {self.currency}\n\n{self.notes}\n"
        )
        if self.over_budget_reason:  # absent from estimates sent within budget: their hashes stay as they were
            text += f"\nOver the approved budget because:\n{self.over_budget_reason}\n"
        return text


class EstimateLine(models.Model):
    estimate = models.ForeignKey(ProductionEstimate, on_delete=models.CASCADE, related_name="lines")
    vendor = models.CharField(_("vendor"), max_length=200)
    description = models.CharField(_("description"), max_length=300)
    quantity = models.DecimalField(_("quantity"), max_digits=10, decimal_places=2, default=1)
    unit_cost = models.DecimalField(_("unit cost"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("estimate line")
        verbose_name_plural = _("estimate lines")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="estimate_line_quantity_positive"),
            models.CheckConstraint(condition=models.Q(unit_cost__gte=0), name="estimate_line_cost_not_negative"),
        ]

    def __str__(self):
        return f"{self.vendor}: {self.description}"

    @property
    def amount(self):
        return (self.quantity * self.unit_cost).quantize(Decimal("0.01"))


class ActualCost(models.Model):
    estimate = models.ForeignKey(ProductionEstimate, on_delete=models.PROTECT, related_name="actual_costs")
    vendor = models.CharField(_("vendor"), max_length=200)
    description = models.CharField(_("description"), max_length=300)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    incurred_on = models.DateField(_("date"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("actual cost")
        verbose_name_plural = _("actual costs")
        ordering = ["incurred_on", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="actual_cost_positive")]

    def __str__(self):
        return f"{self.vendor}: {self.amount}"


class EstimateOverrun(ClientDocument):
    """Spending beyond the approved estimate, sent to the client for approval.
    Rule: "Overruns approved in advance" (docs/practice.md)."""

    estimate = models.ForeignKey(ProductionEstimate, on_delete=models.PROTECT, related_name="overruns")
    amount = models.DecimalField(_("overrun"), max_digits=14, decimal_places=2)
    reason = models.TextField(_("reason"))

    objects = CampaignDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("cost overrun")
        verbose_name_plural = _("cost overruns")
        ordering = ["-created_at", "-id"]
        default_related_name = "overruns"

    def __str__(self):
        return f"{_('Overrun')} {self.amount} {self.estimate.currency}"

    def get_absolute_url(self):
        return reverse("estimate_detail", args=[self.estimate_id])

    def decision_title(self):
        return f"{self.campaign.job_number} · {_('Cost overrun')} {self.amount} {self.estimate.currency}"

    def decision_content(self):
        return (
            f"Overrun on production estimate v{self.estimate.version}: {self.amount} {self.estimate.currency}\n"
            f"Reason:\n{self.reason}\n"
        )
