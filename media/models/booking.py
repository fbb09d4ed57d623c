"""Bookings (insertion orders) against confirmed plan lines, airing monitoring with proof, make-goods,
and the notices the client receives about their schedule. Rules (docs/practice.md): "Monitoring with proof",
"Make-goods for missed spots", "Airing notices to the client"."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agency.core.files import StoredFile, random_name
from agency.core.visibility import ScopedByClientQuerySet


class Booking(models.Model):
    """An insertion order to the media owner for one line of a confirmed plan version.

    The database refuses a booking whose line belongs to a version the client has not confirmed
    (trigger in migration 0002), whatever code tries.
    """

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested from the media owner")
        CONFIRMED = "confirmed", _("Confirmed by the media owner")
        SUSPENDED = "suspended", _("Suspended")
        CANCELLED = "cancelled", _("Cancelled")

    line = models.ForeignKey(
        "media.PlanLine", verbose_name=_("plan line"), on_delete=models.PROTECT, related_name="bookings"
    )
    client = models.ForeignKey("accounts.Client", on_delete=models.PROTECT, related_name="+")
    reference = models.CharField(_("insertion order"), max_length=40, unique=True)
    vendor_reference = models.CharField(_("media owner's reference"), max_length=100, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED)
    spots = models.PositiveIntegerField(_("spots / insertions"))
    notes = models.TextField(_("notes"), blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("requested"))
    confirmed_at = models.DateTimeField(_("confirmed by the media owner"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    status_reason = models.TextField(_("reason"), blank=True)
    # While suspended: when airing is expected to resume, as the client was told.
    resumes_at = models.DateTimeField(_("expected to resume"), null=True, blank=True)
    # Why it was booked although it takes the campaign's committed money beyond the approved budget.
    # Rule: "Money committed counts" (docs/practice.md)
    over_budget_reason = models.TextField(_("reason for going over budget"), blank=True, default="", db_default="")

    objects = ScopedByClientQuerySet.as_manager()

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["line__position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["line"], condition=~models.Q(status="cancelled"), name="one_live_booking_per_line"
            ),
            models.CheckConstraint(condition=models.Q(spots__gt=0), name="booking_spots_positive"),
        ]

    def __str__(self):
        return self.reference

    def get_absolute_url(self):
        return reverse("media_booking", args=[self.pk])

    @property
    def is_live(self):
        return self.status != self.Status.CANCELLED


class MonitoringReport(models.Model):
    """Scheduled vs aired spots of one booking over one period, with proof (airing logs, photos,
    third-party monitoring reports). Missed spots become a make-good."""

    booking = models.ForeignKey(Booking, verbose_name=_("booking"), on_delete=models.PROTECT, related_name="reports")
    client = models.ForeignKey("accounts.Client", on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    scheduled = models.PositiveIntegerField(_("scheduled spots"))
    aired = models.PositiveIntegerField(_("aired spots"))
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedByClientQuerySet.as_manager()

    class Meta:
        verbose_name = _("monitoring report")
        verbose_name_plural = _("monitoring reports")
        ordering = ["period_start", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(aired__lte=models.F("scheduled")), name="report_aired_le_scheduled"
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")), name="report_period_in_order"
            ),
        ]

    def __str__(self):
        return f"{self.booking} {self.period_start}–{self.period_end}"

    def get_absolute_url(self):
        return reverse("media_booking", args=[self.booking_id])

    # As a document the client acknowledges by link (media/decision_kinds.py, "airing_proof"): what aired
    # in the period, with its proof files, view-only. Rule: "Monitoring with proof" (docs/practice.md).

    @property
    def campaign(self):
        return self.booking.line.version.campaign

    @property
    def version_label(self):
        return f"{self.period_start:%Y-%m-%d}–{self.period_end:%Y-%m-%d}"

    def decision_title(self):
        return f"{self.campaign.job_number} · {_('Airing proof')} {self.booking.reference}"

    def decision_content(self):
        """The period's figures, the notes and the proof files (whose bytes the kind's hash covers)."""
        proofs = "\n".join(f"{proof.kind} {proof.original_name}" for proof in self.proofs.all())
        return (
            f"airing proof {self.booking.reference} {self.period_start:%Y-%m-%d}..{self.period_end:%Y-%m-%d}\n"
            f"scheduled={self.scheduled} aired={self.aired}\n[notes]\n{self.notes}\n[proofs]\n{proofs}\n"
        )

    @property
    def missed(self):
        return self.scheduled - self.aired


def proof_path(instance, filename):
    """Stored under a random name; the uploaded name is only ever shown."""
    return random_name(f"media-proof/{instance.report.booking_id}", filename)


class ProofFile(StoredFile):
    class Kind(models.TextChoices):
        PHOTO = "photo", _("Photo or video (day / night)")
        LOG = "log", _("Airing log")
        THIRD_PARTY = "third_party", _("Third-party monitoring report")

    report = models.ForeignKey(MonitoringReport, on_delete=models.CASCADE, related_name="proofs")
    client = models.ForeignKey("accounts.Client", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind of proof"), max_length=12, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to=proof_path, max_length=300)

    objects = ScopedByClientQuerySet.as_manager()

    class Meta:
        verbose_name = _("proof file")
        verbose_name_plural = _("proof files")
        ordering = ["id"]


class MakeGood(models.Model):
    """Spots owed by the media owner for spots that did not air. Scheduled with the spots and the dates
    the media owner gives; marked aired only with the spots that aired, the day, and proof.
    Rule: "Make-goods for missed spots" (docs/practice.md)."""

    class Status(models.TextChoices):
        TO_SCHEDULE = "to_schedule", _("To schedule")
        SCHEDULED = "scheduled", _("Scheduled")
        AIRED = "aired", _("Aired")

    booking = models.ForeignKey(Booking, verbose_name=_("booking"), on_delete=models.PROTECT, related_name="make_goods")
    report = models.OneToOneField(MonitoringReport, on_delete=models.PROTECT, related_name="make_good")
    client = models.ForeignKey("accounts.Client", on_delete=models.PROTECT, related_name="+")
    spots = models.PositiveIntegerField(_("spots owed"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.TO_SCHEDULE)
    scheduled_spots = models.PositiveIntegerField(_("spots scheduled"), null=True, blank=True)
    air_date = models.DateField(_("make-good air date"), null=True, blank=True)  # the first day
    air_until = models.DateField(_("last air date"), null=True, blank=True)
    aired_spots = models.PositiveIntegerField(_("spots aired"), null=True, blank=True)
    aired_on = models.DateField(_("aired on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedByClientQuerySet.as_manager()

    class Meta:
        verbose_name = _("make-good")
        verbose_name_plural = _("make-goods")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(spots__gt=0), name="make_good_spots_positive"),
            models.CheckConstraint(
                condition=~models.Q(status="aired") | models.Q(aired_spots__gt=0, aired_on__isnull=False),
                name="make_good_aired_has_spots_and_day",
            ),
        ]

    def __str__(self):
        return f"{self.booking} · {self.spots}"


def make_good_proof_path(instance, filename):
    return random_name(f"media-proof/{instance.make_good.booking_id}/make-good", filename)


class MakeGoodProof(StoredFile):
    """Proof that a make-good aired: photos or video of the screen, the airing log."""

    make_good = models.ForeignKey(MakeGood, on_delete=models.CASCADE, related_name="proofs")
    client = models.ForeignKey("accounts.Client", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind of proof"), max_length=12, choices=ProofFile.Kind.choices)
    file = models.FileField(_("file"), upload_to=make_good_proof_path, max_length=300)

    objects = ScopedByClientQuerySet.as_manager()

    class Meta:
        verbose_name = _("make-good proof")
        verbose_name_plural = _("make-good proofs")
        ordering = ["id"]


class ClientNotice(models.Model):
    """A notice about the client's schedule, emailed through the outbox: the confirmed schedule, a
    suspension, a resumption, a make-good airing, the end of the campaign (下画通知) on the off-air
    date (docs/practice.md, "Airing notices to the client"). The row and its email are the evidence."""

    class Kind(models.TextChoices):
        SCHEDULE = "schedule", _("Confirmed schedule")
        SUSPENSION = "suspension", _("Suspension")
        RESUMPTION = "resumption", _("Resumption")
        MAKE_GOOD = "make_good", _("Make-good")
        END = "end", _("End of campaign")

    campaign = models.ForeignKey("briefs.Campaign", on_delete=models.PROTECT, related_name="media_notices")
    client = models.ForeignKey("accounts.Client", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("notice"), max_length=12, choices=Kind.choices)
    version = models.ForeignKey("media.PlanVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    booking = models.ForeignKey(Booking, null=True, blank=True, on_delete=models.PROTECT, related_name="notices")
    contact = models.ForeignKey(
        "accounts.Contact", verbose_name=_("sent to"), on_delete=models.PROTECT, related_name="+"
    )
    message = models.TextField(_("message"), blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    sent_at = models.DateTimeField(_("sent"))

    objects = ScopedByClientQuerySet.as_manager()

    class Meta:
        verbose_name = _("client notice")
        verbose_name_plural = _("client notices")
        ordering = ["-sent_at", "-id"]
        constraints = [
            # The end-of-campaign notice goes once per plan version, whoever or whatever sends it.
            models.UniqueConstraint(fields=["version"], condition=models.Q(kind="end"), name="one_end_notice_per_plan")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.contact}"
