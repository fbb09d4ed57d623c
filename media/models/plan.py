"""The media brief, and the media plan in versions with its lines (media brief → recommendation → master plan →
monthly plans). The client confirms one exact plan version in writing before any booking
(docs/practice.md, "Written confirmation before booking")."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agency.core.visibility import ScopedByClientQuerySet
from briefs.models.documents import CampaignDocumentQuerySet, ClientDocument

from ..money import ZERO

# More spots or insertions than this on one plan line is a typing error, not a plan.
MAX_SPOTS = 1_000_000


class MediaBrief(models.Model):
    """What the media plan must achieve, and the media team's recommendation in answer."""

    campaign = models.OneToOneField(
        "briefs.Campaign", verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="media_brief"
    )
    objectives = models.TextField(_("media objectives"), blank=True)
    target_audience = models.TextField(_("target audience"), blank=True)
    markets = models.TextField(_("markets"), blank=True)
    budget = models.DecimalField(_("media budget"), max_digits=14, decimal_places=2, null=True, blank=True)
    flight_start = models.DateField(_("flight start"), null=True, blank=True)
    flight_end = models.DateField(_("flight end"), null=True, blank=True)
    mandatory_media = models.TextField(_("mandatory media"), blank=True)
    recommendation = models.TextField(
        _("media recommendation"), blank=True, help_text=_("The media strategy proposed in answer to the brief.")
    )
    revision = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    objects = CampaignDocumentQuerySet.as_manager()

    # What the team writes, in the order of the page: the form and the save service read this list.
    FIELDS = (
        "objectives",
        "target_audience",
        "markets",
        "budget",
        "flight_start",
        "flight_end",
        "mandatory_media",
        "recommendation",
    )

    class Meta:
        verbose_name = _("media brief")
        verbose_name_plural = _("media briefs")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(budget__isnull=True) | models.Q(budget__gte=0),
                name="media_brief_budget_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(flight_start__isnull=True)
                | models.Q(flight_end__isnull=True)
                | models.Q(flight_end__gte=models.F("flight_start")),
                name="media_brief_flight_in_order",
            ),
        ]

    def __str__(self):
        return f"{_('Media brief')} · {self.campaign}"


class PlanVersion(ClientDocument):
    """One version of the campaign's media master plan. Only a draft changes; the database refuses
    changes to the lines of a version once it has gone to the client (see migration 0002)."""

    number = models.PositiveSmallIntegerField(_("version"))
    currency = models.CharField(_("currency"), max_length=3)
    notes = models.TextField(_("notes"), blank=True)
    # The last day the media owners hold the slots: the client must confirm before it (media/reminders.py).
    booking_cutoff = models.DateField(
        _("booking cut-off"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("The last day the media can be booked at these rates and slots."),
    )
    # Why it was sent although it takes the campaign over its approved budget; the client reads it.
    # Rule: "Money committed counts" (docs/practice.md)
    over_budget_reason = models.TextField(_("reason for going over budget"), blank=True, default="", db_default="")

    class Meta:
        verbose_name = _("media plan version")
        verbose_name_plural = _("media plan versions")
        ordering = ["campaign", "-number"]
        default_related_name = "media_plans"
        constraints = [models.UniqueConstraint(fields=["campaign", "number"], name="media_plan_version_once")]

    def __str__(self):
        return f"{_('Media plan')} v{self.number}"

    @property
    def version_label(self):
        return f"v{self.number}"

    @property
    def is_cutoff_editable(self):
        """The booking cut-off matters until the client confirms (or the version is superseded)."""
        return self.status in ("draft", "sent")

    @property
    def is_confirmed(self):
        return self.status == "approved"

    def get_absolute_url(self):
        return reverse("media_plan", args=[self.pk])

    def decision_title(self):
        return f"{self.campaign.job_number} · {_('Media plan')} v{self.number}"

    def decision_content(self):
        """Every line's every figure, in order: any change to any line changes the hash."""
        lines = self.lines.all()
        net = sum((line.net for line in lines), ZERO)
        gross = sum((line.gross for line in lines), ZERO)
        body = "\n".join(line.canonical() for line in lines)
        return (
            f"media plan {self.campaign.job_number} version {self.number} ({self.currency})\n"
            f"[lines]\n{body}\n"
            f"[totals]\ngross {gross} | net {net} {self.currency}\n"
            f"[notes]\n{self.notes}\n"
        ) + (f"[over budget]\n{self.over_budget_reason}\n" if self.over_budget_reason else "")


class Channel(models.TextChoices):
    TV = "tv", _("TV")
    RADIO = "radio", _("Radio")
    PRINT = "print", _("Print")
    OUTDOOR = "outdoor", _("Outdoor / LED")
    CINEMA = "cinema", _("Cinema")
    DIGITAL = "digital", _("Digital")


class PlanLineQuerySet(ScopedByClientQuerySet):
    client_path = "version__client"


class PlanLine(models.Model):
    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveIntegerField(default=0)
    vendor = models.CharField(_("media owner"), max_length=200)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    vehicle = models.CharField(_("vehicle / property"), max_length=200)
    market = models.CharField(_("market"), max_length=100, blank=True)
    placement = models.CharField(_("placement / daypart"), max_length=200, blank=True)
    format = models.CharField(_("format / duration"), max_length=100, blank=True)
    flight_start = models.DateField(_("flight start"))
    flight_end = models.DateField(_("flight end"))
    spots = models.PositiveIntegerField(_("spots / insertions"))
    unit_rate = models.DecimalField(_("unit rate"), max_digits=14, decimal_places=2)
    # Gross and net are computed by media.money.line_amounts when the line is written, and stored
    # so the confirmed figures are exactly what the client saw and sums can run in SQL.
    gross = models.DecimalField(_("gross"), max_digits=16, decimal_places=2)
    discount_pct = models.DecimalField(_("discount %"), max_digits=5, decimal_places=2, default=0)
    net = models.DecimalField(_("net"), max_digits=16, decimal_places=2)
    # What this line advertises, and what must not air beside it (docs/practice.md, "Competitors kept apart").
    category = models.CharField(_("category"), max_length=100, blank=True)
    keep_apart_from = models.CharField(
        _("keep apart from"),
        max_length=300,
        blank=True,
        help_text=_("Categories or competitor brands that must not air in the same slot, separated by commas."),
    )
    notes = models.CharField(_("notes"), max_length=500, blank=True)
    # Bumped on every edit: an edit based on an older revision is a conflict, not an overwrite.
    revision = models.PositiveIntegerField(default=1)

    objects = PlanLineQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan line")
        verbose_name_plural = _("plan lines")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(flight_end__gte=models.F("flight_start")), name="line_flight_order"
            ),
            models.CheckConstraint(condition=models.Q(spots__gt=0), name="line_spots_positive"),
            models.CheckConstraint(condition=models.Q(unit_rate__gte=0), name="line_rate_not_negative"),
            models.CheckConstraint(
                condition=models.Q(discount_pct__gte=0) & models.Q(discount_pct__lte=100), name="line_discount_range"
            ),
        ]

    def __str__(self):
        return f"{self.vendor} · {self.vehicle}"

    # The fields that make a line, in the order of the page, the spreadsheet and the canonical text: the one
    # list the form, the services and the Excel export and import read.
    FIELDS = (
        "vendor",
        "channel",
        "vehicle",
        "market",
        "placement",
        "format",
        "flight_start",
        "flight_end",
        "spots",
        "unit_rate",
        "discount_pct",
        "gross",
        "net",
        "category",
        "keep_apart_from",
        "notes",
    )
    # Computed from spots, rate and discount (media.money.line_amounts), never typed in.
    COMPUTED = ("gross", "net")
    INPUTS = tuple(sorted(set(FIELDS) - set(COMPUTED), key=FIELDS.index))

    def canonical(self):
        return " | ".join(f"{name}={getattr(self, name)}" for name in self.FIELDS)

    @property
    def flight_days(self):
        return (self.flight_end - self.flight_start).days + 1

    def keep_apart_terms(self):
        return {t.strip().casefold() for t in self.keep_apart_from.split(",") if t.strip()}
