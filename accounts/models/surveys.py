"""Satisfaction surveys: a short question to a client contact, answered once by link."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from agency.core.visibility import ScopedByClientQuerySet

from .clients import Client, Contact

LOW_SCORE = 2  # a score at or below this goes to the AE's supervisor


class SatisfactionSurvey(models.Model):
    """A short question to a contact after a campaign closes or once a quarter.
    Rule: "Satisfaction after every campaign and each quarter" (docs/practice.md).

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
