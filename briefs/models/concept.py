"""Creative concepts, presented in rounds: a client change request opens the next round."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .documents import Attachment, CampaignDocumentQuerySet, ClientDocument


class Concept(ClientDocument):
    class Review(models.TextChoices):
        PENDING = "pending", _("Waiting for internal review")
        APPROVED = "approved", _("Approved internally")
        REJECTED = "rejected", _("Rejected internally")

    round = models.PositiveSmallIntegerField(_("round"))
    title = models.CharField(_("title"), max_length=200)
    rationale = models.TextField(_("rationale"), help_text=_("Why this idea answers the brief."))
    review = models.CharField(_("internal review"), max_length=10, choices=Review.choices, default=Review.PENDING)
    review_note = models.TextField(_("review note"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("concept")
        verbose_name_plural = _("concepts")
        ordering = ["campaign", "-round", "id"]
        default_related_name = "concepts"

    def __str__(self):
        return f"{self.title} (R{self.round})"

    @property
    def version_label(self):
        return f"R{self.round}"

    def get_absolute_url(self):
        return reverse("concept_detail", args=[self.pk])

    def decision_title(self):
        return f"{self.campaign.job_number} · {_('Concept')} R{self.round}: {self.title}"

    def decision_content(self):
        files = "\n".join(f"- {a.original_name} ({a.content_type}, {a.size} B)" for a in self.attachments.all())
        return f"Concept round {self.round}\nTitle: {self.title}\n\nRationale:\n{self.rationale}\n\nFiles:\n{files}\n"


class ConceptAttachment(Attachment):
    class Kind(models.TextChoices):
        KEY_VISUAL = "key_visual", _("Key visual")
        STORYBOARD = "storyboard", _("Storyboard")
        OTHER = "other", _("Other")

    concept = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.KEY_VISUAL)

    class QuerySet(CampaignDocumentQuerySet):
        client_path = "concept__campaign__client"

    objects = QuerySet.as_manager()

    class Meta:
        verbose_name = _("concept attachment")
        verbose_name_plural = _("concept attachments")
        ordering = ["id"]

    @property
    def campaign_id(self):
        return self.concept.campaign_id
