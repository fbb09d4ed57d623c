"""The creative brief: one per campaign, in versions; the client approves one exact version."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agency.core.visibility import ScopedByClientQuerySet


class CreativeBriefQuerySet(ScopedByClientQuerySet):
    client_path = "campaign__client"


class CreativeBrief(models.Model):
    campaign = models.OneToOneField(
        "briefs.Campaign", verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="creative_brief"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CreativeBriefQuerySet.as_manager()

    class Meta:
        verbose_name = _("creative brief")
        verbose_name_plural = _("creative briefs")

    def __str__(self):
        return f"{_('Creative brief')} · {self.campaign}"

    def get_absolute_url(self):
        return reverse("brief_detail", kwargs={"campaign_id": self.campaign_id})


class BriefVersion(models.Model):
    """One version of the brief. Only a draft is edited in place; anything sent starts a new version."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENT = "sent", _("Sent to client")
        APPROVED = "approved", _("Approved")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        SUPERSEDED = "superseded", _("Superseded")

    # The text fields of a brief, in the order a brief is read (docs/practice.md, "The four steps").
    TEXT_FIELDS = (
        "background",
        "business_objective",
        "communication_objective",
        "target_audience",
        "consumer_insight",
        "proposition",
        "reasons_to_believe",
        "brand_personality",
        "mandatories",
        "deliverables",
        "timing",
    )

    brief = models.ForeignKey(CreativeBrief, on_delete=models.PROTECT, related_name="versions")
    # The client, kept on the version so the decisions app and access rules need no joins.
    client = models.ForeignKey("accounts.Client", on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    background = models.TextField(_("background"), blank=True)
    business_objective = models.TextField(_("business objective"), blank=True)
    communication_objective = models.TextField(_("communication objective"), blank=True)
    target_audience = models.TextField(_("target audience"), blank=True)
    consumer_insight = models.TextField(_("consumer insight"), blank=True)
    proposition = models.TextField(_("single-minded proposition"), blank=True)
    reasons_to_believe = models.TextField(_("reasons to believe"), blank=True)
    brand_personality = models.TextField(_("brand personality and tone"), blank=True)
    mandatories = models.TextField(_("mandatories"), blank=True)
    deliverables = models.TextField(_("deliverables"), blank=True)
    timing = models.TextField(_("timing"), blank=True)
    budget = models.DecimalField(_("budget"), max_digits=14, decimal_places=2, null=True, blank=True)
    # Bumped on every save of a draft: a save based on an older revision is a conflicting edit.
    revision = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedByClientQuerySet.as_manager()

    class Meta:
        verbose_name = _("brief version")
        verbose_name_plural = _("brief versions")
        ordering = ["brief", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["brief", "number"], name="brief_version_number_unique"),
            models.CheckConstraint(
                condition=models.Q(budget__isnull=True) | models.Q(budget__gte=0), name="brief_budget_not_negative"
            ),
        ]

    def __str__(self):
        return f"{_('Creative brief')} v{self.number}"

    def get_absolute_url(self):
        return reverse("brief_version", kwargs={"campaign_id": self.brief.campaign_id, "number": self.number})

    @property
    def version_label(self):
        return f"v{self.number}"

    @property
    def is_editable(self):
        return self.status == self.Status.DRAFT

    def decision_title(self):
        campaign = self.brief.campaign
        return f"{_('Creative brief')} v{self.number} · {campaign.job_number} {campaign.name}"

    def decision_content(self):
        """The canonical text the client decides on: stable keys, exact values, KPI rows in order."""
        campaign = self.brief.campaign
        parts = [
            f"creative brief {campaign.job_number} version {self.number}",
            f"[campaign]\n{campaign.name}",
        ]
        for name in self.TEXT_FIELDS[:3]:
            parts.append(f"[{name}]\n{getattr(self, name)}")
        kpis = "\n".join(kpi.canonical() for kpi in self.kpis.all())
        parts.append(f"[kpis]\n{kpis}")
        for name in self.TEXT_FIELDS[3:]:
            parts.append(f"[{name}]\n{getattr(self, name)}")
        budget = "" if self.budget is None else f"{self.budget:.2f} {campaign.currency}"
        parts.append(f"[budget]\n{budget}")
        return "\n\n".join(parts) + "\n"


class KPIDirection(models.TextChoices):
    """Whether a KPI is met by reaching its target (awareness, sales) or by staying under it (cost per lead, CPM)."""

    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class BriefKPI(models.Model):
    """A measurable objective with its target; the evaluation step judges results against these."""

    version = models.ForeignKey(BriefVersion, on_delete=models.CASCADE, related_name="kpis")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("KPI"), max_length=200)
    target = models.DecimalField(_("target"), max_digits=16, decimal_places=4)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    measured_by = models.CharField(_("how measured"), max_length=300, blank=True)
    direction = models.CharField(
        _("direction"), max_length=6, choices=KPIDirection.choices, default=KPIDirection.HIGHER
    )

    class Meta:
        verbose_name = _("KPI")
        verbose_name_plural = _("KPIs")
        ordering = ["position", "id"]

    def __str__(self):
        return f"{self.name}: {self.target_display} {self.unit}".strip()

    @property
    def target_display(self):
        return format(self.target.normalize(), "f") if self.target is not None else ""

    @property
    def lower_is_better(self):
        return self.direction == KPIDirection.LOWER

    def canonical(self):
        # Higher-is-better rows keep their old text, so briefs approved before directions existed stay approved.
        direction = " | lower is better" if self.lower_is_better else ""
        return f"{self.name} | {self.target_display} | {self.unit} | {self.measured_by}{direction}"
