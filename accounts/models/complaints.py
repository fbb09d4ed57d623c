"""Complaints: a problem the client raised, with its response clock, handled to the end."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from agency.core.models.staff import Department
from agency.core.visibility import ScopedByClientQuerySet

from .clients import Client, Contact


class ComplaintQuerySet(ScopedByClientQuerySet):
    def open(self):
        return self.exclude(status=Complaint.Status.CLOSED)

    def awaiting_first_response(self):
        return self.open().filter(first_response_at__isnull=True)

    def awaiting_plan(self):
        return self.open().filter(plan_due__isnull=False, plan_recorded_at__isnull=True)


class Complaint(models.Model):
    """A problem the client raised, handled to the end: recorded, classified, routed, investigated,
    remedied with the client's agreement, closed with the lesson learned
    (docs/practice.md, "Complaints handled to the end").

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

    class ProblemClass(models.TextChoices):
        """How the problem is handled, and so its clocks (accounts/sla.py, settings.COMPLAINT_CLOCKS)."""

        BASIC = "basic", _("Basic problem")
        COMPLEX = "complex", _("Complex problem")
        URGENT = "urgent", _("Urgent problem")
        LONG_TERM = "long_term", _("Long-term problem")

    Priority = ProblemClass  # the field kept its first name, "priority"

    class Status(models.TextChoices):
        RECEIVED = "received", pgettext_lazy("complaint status", "Received")  # the header "Received" is a time
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
    # The class of problem (basic, complex, urgent, long-term): its answer and handling-plan clocks.
    priority = models.CharField(_("class"), max_length=10, choices=ProblemClass.choices, default=ProblemClass.BASIC)
    respond_by = models.DateTimeField(_("answer due"), db_index=True)
    warn_at = models.DateTimeField(editable=False)
    first_response_at = models.DateTimeField(_("first answered"), null=True, blank=True)
    first_response = models.TextField(_("first answer"), blank=True)
    # The handling plan: what will be done, by whom and by when; due by the class's plan clock, if any.
    plan_due = models.DateTimeField(_("handling plan due"), null=True, blank=True)
    handling_plan = models.TextField(_("handling plan"), blank=True, default="", db_default="")
    plan_recorded_at = models.DateTimeField(_("handling plan recorded"), null=True, blank=True)
    plan_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
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
            # The handling-plan rule looks only at complaints still waiting for their plan.
            models.Index(
                fields=["plan_due"],
                condition=models.Q(plan_due__isnull=False, plan_recorded_at__isnull=True),
                name="complaint_plan_due",
            ),
            # Open complaints by client: the health score's count per client, the homes' complaint lists.
            models.Index(fields=["client"], condition=~models.Q(status="closed"), name="complaint_open_client"),
            # The complaint list's default page (open ones, by answer due; accounts/queries.py
            # complaints_for_list), read in index order, LIMIT 50.
            models.Index(
                fields=["closed_at", "respond_by", "id"],
                condition=~models.Q(status="closed"),
                name="complaint_open_by_clock",
            ),
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

    def get_absolute_url(self):
        return reverse("complaints:detail", args=[self.pk])

    @property
    def version_label(self):
        return f"R{self.remedy_round}"

    def decision_title(self):
        # Only the kind's name is in words, so each reader reads it in their language (DecisionRequest.title);
        # the page shows when the complaint came in, in the reader's date format.
        return f"{_('Complaint remedy')} #{self.pk}"

    def decision_content(self):
        return (
            f"complaint {self.pk} received {self.received_at.isoformat()}\n"
            f"[complaint]\n{self.description}\n"
            f"[remedy round {self.remedy_round}]\n{self.remedy}\n"
        )
