"""The client service loop (seeds 002–004): complaints with response clocks, satisfaction surveys,
and weekly / quarterly status reports. Re-exported by accounts.models."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from agency.core.models.staff import Department

from .models import Client, Contact, ScopedByClientQuerySet


class ComplaintQuerySet(ScopedByClientQuerySet):
    def open(self):
        return self.exclude(status=Complaint.Status.CLOSED)

    def awaiting_first_response(self):
        return self.open().filter(first_response_at__isnull=True)


class Complaint(models.Model):
    """A problem the client raised, handled to the end: recorded, classified, routed, investigated,
    remedied with the client's agreement, closed with the lesson learned (seed 003 §6, seed 004 ch. 5).

    It is also the document the client decides on when a remedy is proposed (agency.core.decisions,
    kind "complaint_remedy"): the content is the remedy of the current round.
    """

    class Channel(models.TextChoices):
        PHONE = "phone", _("Phone")
        EMAIL = "email", _("Email")
        MEETING = "meeting", _("Meeting")
        MESSAGE = "message", _("Instant message (WeChat etc.)")
        LETTER = "letter", _("Letter")
        OTHER = "other", _("Other")

    class Category(models.TextChoices):
        COMMUNICATION = "communication", _("Communication")
        SERVICE = "service", _("Service")
        TECHNICAL = "technical", _("Technical")
        PROCESS = "process", _("Process")
        COMPLAINT = "complaint", _("Formal complaint")

    class Priority(models.TextChoices):
        URGENT = "urgent", _("Urgent: answer within 24 h")
        COMPLEX = "complex", _("Complex: answer within 48 h")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        ROUTED = "routed", _("Routed")
        INVESTIGATING = "investigating", _("Investigating")
        REMEDY_PROPOSED = "remedy_proposed", _("Remedy proposed")
        ACCEPTED = "accepted", _("Remedy accepted")
        CLOSED = "closed", _("Closed")

    client = models.ForeignKey(Client, verbose_name=_("client"), on_delete=models.PROTECT, related_name="complaints")
    campaign = models.ForeignKey(
        "briefs.Campaign",
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    booking = models.ForeignKey(
        "media.Booking", verbose_name=_("booking"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    contact = models.ForeignKey(
        Contact,
        verbose_name=_("raised by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
        help_text=_("The client's contact who raised it; they accept the remedy by link."),
    )
    channel = models.CharField(_("received by"), max_length=10, choices=Channel.choices)
    received_at = models.DateTimeField(_("received"))
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="complaints_owned",
        help_text=_("The account person who answers the client and sees it through."),
    )
    description = models.TextField(_("what happened"))
    category = models.CharField(_("category"), max_length=15, choices=Category.choices)
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices)
    respond_by = models.DateTimeField(_("answer due"), db_index=True)
    warn_at = models.DateTimeField(editable=False)
    first_response_at = models.DateTimeField(_("first answered"), null=True, blank=True)
    first_response = models.TextField(_("first answer"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.RECEIVED)
    department = models.CharField(_("responsible department"), max_length=20, choices=Department.choices, blank=True)
    routed_at = models.DateTimeField(_("routed"), null=True, blank=True)
    founded = models.BooleanField(_("founded"), null=True, blank=True)
    cause = models.TextField(_("cause"), blank=True)
    responsible_party = models.CharField(_("responsible party"), max_length=200, blank=True)
    investigated_at = models.DateTimeField(_("investigated"), null=True, blank=True)
    remedy = models.TextField(_("remedy proposed"), blank=True)
    remedy_round = models.PositiveSmallIntegerField(_("remedy round"), default=0)
    remedy_proposed_at = models.DateTimeField(_("remedy proposed"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("client accepted"), null=True, blank=True)
    close_reason = models.TextField(
        _("reason for closing without the client's acceptance"),
        blank=True,
    )
    lesson_learned = models.TextField(_("lesson learned"), blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-received_at", "-id"]
        indexes = [
            # The SLA reminder rule looks only at complaints still waiting for their first answer.
            models.Index(fields=["warn_at"], condition=models.Q(first_response_at__isnull=True), name="complaint_sla"),
        ]
        constraints = [
            # A founded complaint is closed only with the client's acceptance or a recorded reason.
            models.CheckConstraint(
                condition=~models.Q(status="closed")
                | models.Q(founded=False)
                | models.Q(accepted_at__isnull=False)
                | ~models.Q(close_reason=""),
                name="complaint_closed_founded_needs_acceptance_or_reason",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="closed") | ~models.Q(lesson_learned=""),
                name="complaint_closed_has_lesson",
            ),
        ]

    def __str__(self):
        return f"#{self.pk} {self.get_category_display()} · {self.client}"

    @property
    def version_label(self):
        return f"R{self.remedy_round}"

    def decision_title(self):
        return f"{_('Remedy for your complaint')} #{self.pk} ({self.received_at:%Y-%m-%d})"

    def decision_content(self):
        return (
            f"complaint {self.pk} received {self.received_at.isoformat()}\n"
            f"[complaint]\n{self.description}\n"
            f"[remedy round {self.remedy_round}]\n{self.remedy}\n"
        )


class SatisfactionSurvey(models.Model):
    """A short question to a contact after a campaign closes or once a quarter (seed 004 ch. 3).

    Answered once, by link; only a SHA-256 of the link's token is stored.
    """

    class Reason(models.TextChoices):
        CAMPAIGN_CLOSED = "campaign", _("Campaign closed")
        QUARTERLY = "quarterly", _("Quarterly")
        MANUAL = "manual", _("Sent by hand")

    client = models.ForeignKey(Client, verbose_name=_("client"), on_delete=models.PROTECT, related_name="surveys")
    contact = models.ForeignKey(Contact, verbose_name=_("contact"), on_delete=models.PROTECT, related_name="surveys")
    campaign = models.ForeignKey(
        "briefs.Campaign", verbose_name=_("campaign"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ae = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("AE"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="surveys_about",
        help_text=_("The account person the answer is about; a low score goes to their supervisor."),
    )
    reason = models.CharField(_("reason"), max_length=10, choices=Reason.choices)
    period = models.CharField(_("quarter"), max_length=7, blank=True)  # "2026-Q3" for quarterly surveys
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    sent_at = models.DateTimeField(_("sent"))
    expires_at = models.DateTimeField(_("link valid until"))
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    comments = models.TextField(_("comments"), blank=True)
    follow_up_note = models.TextField(_("follow-up"), blank=True)
    follow_up_done_at = models.DateTimeField(_("followed up"), null=True, blank=True)
    follow_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedByClientQuerySet.as_manager()

    class Meta:
        verbose_name = _("satisfaction survey")
        verbose_name_plural = _("satisfaction surveys")
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__gte=1, score__lte=5), name="survey_score_1_5"
            ),
            models.CheckConstraint(
                condition=models.Q(answered_at__isnull=True) | models.Q(score__isnull=False),
                name="survey_answer_has_score",
            ),
            # A beat that runs twice, or a campaign closed twice, asks a contact once.
            models.UniqueConstraint(
                fields=["contact", "period"], condition=models.Q(reason="quarterly"), name="survey_once_per_quarter"
            ),
            models.UniqueConstraint(
                fields=["contact", "campaign"], condition=models.Q(reason="campaign"), name="survey_once_per_campaign"
            ),
        ]

    def __str__(self):
        return f"{self.contact} · {self.sent_at:%Y-%m-%d}"

    @property
    def is_low(self):
        return self.score is not None and self.score <= LOW_SCORE


LOW_SCORE = 2


class StatusReport(models.Model):
    """The weekly status report (seed 002's routine documents) or the quarterly service report:
    drafted from the period's facts, edited by the AE, sent to a contact, acknowledged by link."""

    class Kind(models.TextChoices):
        WEEKLY = "weekly", _("Weekly status report")
        QUARTERLY = "quarterly", _("Quarterly service report")

    client = models.ForeignKey(
        Client, verbose_name=_("client"), on_delete=models.PROTECT, related_name="status_reports"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    facts = models.JSONField(_("drafted sections"), default=dict, editable=False)
    body = models.TextField(_("report"))
    drafted_at = models.DateTimeField(_("drafted"))
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    contact = models.ForeignKey(
        Contact, verbose_name=_("sent to"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)

    objects = ScopedByClientQuerySet.as_manager()

    class Meta:
        verbose_name = _("status report")
        verbose_name_plural = _("status reports")
        ordering = ["-period_start", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["client", "kind", "period_start"], name="status_report_once_per_period"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.period_start:%Y-%m-%d}"
