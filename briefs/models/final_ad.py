"""The finished ad: versioned assets with their specifications, a compliance review, client approval."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .documents import Attachment, CampaignDocumentQuerySet, ClientDocument


class FinalAd(ClientDocument):
    version = models.PositiveSmallIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    # The Advertising Law check of the ad's content, required before the client sees it.
    # Rule: "Compliance check before the client sees an ad" (docs/practice.md).
    compliance_note = models.TextField(_("compliance review note"), blank=True)
    compliance_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    compliance_reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("final ad")
        verbose_name_plural = _("final ads")
        ordering = ["campaign", "-version"]
        default_related_name = "final_ads"
        constraints = [
            models.UniqueConstraint(fields=["campaign", "version"], name="final_ad_version_once_per_campaign")
        ]

    def __str__(self):
        return f"{self.title} v{self.version}"

    @property
    def version_label(self):
        return f"v{self.version}"

    def get_absolute_url(self):
        return reverse("final_ad_detail", args=[self.pk])

    def decision_title(self):
        return f"{self.campaign.job_number} · {_('Final ad')} v{self.version}: {self.title}"

    def decision_content(self):
        assets = "\n".join(
            f"- {a.original_name} ({a.content_type}, {a.size} B) {a.spec_label}" for a in self.assets.all()
        )
        return (
            f"Final ad v{self.version}: {self.title}\nAssets:\n{assets}\nCompliance review:\n{self.compliance_note}\n"
        )


class FinalAdAsset(Attachment):
    final_ad = models.ForeignKey(FinalAd, on_delete=models.CASCADE, related_name="assets")
    format = models.CharField(_("format"), max_length=100, help_text=_("e.g. TVC 15s, LED screen 1920×1080, print A4"))
    duration_seconds = models.PositiveIntegerField(_("duration (seconds)"), null=True, blank=True)
    width = models.PositiveIntegerField(_("width (px)"), null=True, blank=True)
    height = models.PositiveIntegerField(_("height (px)"), null=True, blank=True)

    class QuerySet(CampaignDocumentQuerySet):
        client_path = "final_ad__campaign__client"

    objects = QuerySet.as_manager()

    class Meta:
        verbose_name = _("final ad asset")
        verbose_name_plural = _("final ad assets")
        ordering = ["id"]

    @property
    def campaign_id(self):
        return self.final_ad.campaign_id

    @property
    def spec_label(self):
        parts = [self.format]
        if self.duration_seconds:
            parts.append(f"{self.duration_seconds}s")
        if self.width and self.height:
            parts.append(f"{self.width}×{self.height}")
        return " · ".join(parts)
