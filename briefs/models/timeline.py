"""The timeline template of each campaign type: which milestone each default checklist step hangs on and
how many business days before or after it the step is due. Managers change it (briefs/timeline_views.py);
a step no row names follows DEFAULT_TIMELINE. Rule: "The campaign timeline" (docs/practice.md)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .campaign import CampaignType, Milestone
from .checklist import DEFAULT_TIMELINE


class TimelineRule(models.Model):
    campaign_type = models.CharField(_("campaign type"), max_length=12, choices=CampaignType.choices)
    key = models.CharField(_("step"), max_length=40)
    milestone = models.CharField(_("milestone"), max_length=20, choices=Milestone.choices)
    offset_days = models.SmallIntegerField(_("business days from the milestone"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("timeline rule")
        verbose_name_plural = _("timeline template")
        constraints = [models.UniqueConstraint(fields=["campaign_type", "key"], name="timeline_rule_once_per_step")]

    def __str__(self):
        return f"{self.campaign_type} {self.key}"


def timeline_for(campaign_type):
    """{step key: (milestone, offset in business days)} for a campaign type: the defaults, then the
    manager's changes. One query."""
    timeline = dict(DEFAULT_TIMELINE)
    for rule in TimelineRule.objects.filter(campaign_type=campaign_type):
        timeline[rule.key] = (Milestone(rule.milestone), rule.offset_days)
    return timeline
