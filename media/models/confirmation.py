"""The client's written confirmations the agency's procedure asks for besides the master plan, each its own
decision by link: the media recommendation, and each monthly plan. Rule: "Written confirmation before
booking" (docs/practice.md): a line is booked only once the recommendation and the monthly plan of every
month the line airs in are confirmed.

Both belong to one plan version, whose lines are what they show: the recommendation its media split and
total, a monthly plan that month's share of every line (media.queries.monthly_plans).
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from briefs.models.documents import CampaignDocumentQuerySet, ClientDocument

from ..money import ZERO


class MediaRecommendation(ClientDocument):
    """The media strategy proposed in answer to the media brief, with the plan version it is written as."""

    version = models.ForeignKey(
        "media.PlanVersion", verbose_name=_("media plan version"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("media recommendation"))
    # Why it was sent although its plan takes the campaign over its approved budget; the client reads it.
    # Rule: "Money committed counts" (docs/practice.md)
    over_budget_reason = models.TextField(_("reason for going over budget"), blank=True, default="")

    objects = CampaignDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("media recommendation")
        verbose_name_plural = _("media recommendations")
        ordering = ["-created_at", "-id"]
        default_related_name = "media_recommendations"

    def __str__(self):
        return f"{_('Media recommendation')} v{self.version.number}"

    @property
    def version_label(self):
        return f"v{self.version.number}"

    def get_absolute_url(self):
        return reverse("media_plan", args=[self.version_id])

    def decision_title(self):
        return f"{self.campaign.job_number} · {_('Media recommendation')} v{self.version.number}"

    def by_channel(self):
        """[(channel label, net)] of the version's lines, in the order channels first appear."""
        totals = {}
        for line in self.version.lines.all():
            label = str(line.get_channel_display())
            totals[label] = totals.get(label, ZERO) + line.net
        return list(totals.items())

    @property
    def total(self):
        return sum((line.net for line in self.version.lines.all()), ZERO)

    def decision_content(self):
        split = "\n".join(f"{label} | net {net}" for label, net in self.by_channel())
        return (
            f"media recommendation {self.campaign.job_number} on plan version {self.version.number} "
            f"({self.version.currency})\n[recommendation]\n{self.text}\n[by channel]\n{split}\n"
            f"[total]\nnet {self.total} {self.version.currency}\n"
        ) + (f"[over budget]\n{self.over_budget_reason}\n" if self.over_budget_reason else "")


class MonthlyPlan(ClientDocument):
    """One month of a plan version: every line's spots and net in that month."""

    version = models.ForeignKey(
        "media.PlanVersion", verbose_name=_("media plan version"), on_delete=models.PROTECT, related_name="months"
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))

    objects = CampaignDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("monthly media plan")
        verbose_name_plural = _("monthly media plans")
        ordering = ["month", "id"]
        default_related_name = "monthly_media_plans"
        constraints = [models.UniqueConstraint(fields=["version", "month"], name="monthly_plan_once_per_version")]

    def __str__(self):
        return f"{_('Monthly media plan')} {self.month:%Y-%m}"

    @property
    def version_label(self):
        return f"v{self.version.number} · {self.month:%Y-%m}"

    def get_absolute_url(self):
        return reverse("media_monthly", args=[self.version_id])

    def decision_title(self):
        return f"{self.campaign.job_number} · {_('Monthly media plan')} {self.month:%Y-%m} (v{self.version.number})"

    def plan(self):
        """This month of media.queries.monthly_plans: {"month", "rows", "spots", "net"} (no rows: empty)."""
        from ..queries import monthly_plans

        found = [m for m in monthly_plans(self.version) if m["month"] == self.month]
        return found[0] if found else {"month": self.month, "rows": [], "spots": 0, "net": ZERO}

    def decision_content(self):
        plan = self.plan()
        rows = "\n".join(
            f"{row['line'].canonical()} | month_days={row['days']} | month_spots={row['spots']} "
            f"| month_net={row['net']}"
            for row in plan["rows"]
        )
        return (
            f"monthly media plan {self.campaign.job_number} {self.month:%Y-%m} of plan version {self.version.number} "
            f"({self.version.currency})\n[lines]\n{rows}\n[totals]\nspots {plan['spots']} | net {plan['net']}\n"
        )
