"""Post-analysis: planned vs delivered spots and cost, acknowledged by the client by link.
Rule: "Post-analysis" (docs/practice.md).

It moved here from media; its table keeps the name it had there (media_postanalysis), and its
content type was renamed by migration evaluations 0005, so links and audit rows still find it."""

from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from briefs.models.documents import ClientDocument
from media.queries import delivery


class PostAnalysis(ClientDocument):
    """The delivered figures are read live from monitoring (media.queries.delivery); what the client
    acknowledges is the canonical text at the time, bound to the request by its hash."""

    version = models.ForeignKey(
        "media.PlanVersion", verbose_name=_("media plan"), on_delete=models.PROTECT, related_name="+"
    )
    summary = models.TextField(_("summary and learnings"), blank=True)

    class Meta:
        db_table = "media_postanalysis"
        verbose_name = _("post-analysis")
        verbose_name_plural = _("post-analyses")
        ordering = ["-created_at", "-id"]
        default_related_name = "post_analyses"

    def __str__(self):
        return f"{_('Post-analysis')} · {self.version}"

    @property
    def figures(self):
        return delivery(self.version)

    def get_absolute_url(self):
        return reverse("media_post_analysis", args=[self.campaign_id])

    def decision_title(self):
        # Only the kind's name is in words, so each reader reads it in their language (DecisionRequest.title).
        return f"{self.campaign.job_number} · {_('Media post-analysis')} v{self.version.number}"

    def decision_content(self):
        # The same text whatever language is active (channel names are translated): the link is sent
        # in the AE's language and opened in the client's, and the hash must match both.
        with translation.override(None):
            figures = self.figures
        rows = "\n".join(
            f"{r.line.canonical()} | delivered_spots={r.delivered_spots} | delivered_cost={r.delivered_cost}"
            for r in figures.lines
        )
        channels = "\n".join(
            f"{c.channel} | planned_spots={c.planned_spots} | delivered_spots={c.delivered_spots} | "
            f"planned_cost={c.planned_cost} | delivered_cost={c.delivered_cost}"
            for c in figures.channels
        )
        return (
            f"media post-analysis {self.campaign.job_number} plan version {self.version.number}\n"
            f"[lines]\n{rows}\n[channels]\n{channels}\n[summary]\n{self.summary}\n"
        )
