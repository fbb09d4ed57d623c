"""What every document the client decides on has in common (concept, estimate, overrun, final ad).

Each is a client-decision kind of agency.core.decisions, registered in briefs/decision_kinds.py
with its `decision_title()` and `decision_content()`. The decision record itself (who, when, what exactly) lives there;
`status` here mirrors it for lists and pages, and the workflow's gates ask
`agency.core.decisions.approval_for()` when it matters.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from agency.core.files import StoredFile, random_name
from agency.core.visibility import ScopedByClientQuerySet


class ClientStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Awaiting client decision")
    APPROVED = "approved", _("Approved by client")
    CHANGES_REQUESTED = "changes", _("Client requested changes")
    SUPERSEDED = "superseded", _("Superseded")


class CampaignDocumentQuerySet(ScopedByClientQuerySet):
    client_path = "campaign__client"


class ClientDocument(models.Model):
    campaign = models.ForeignKey("briefs.Campaign", verbose_name=_("campaign"), on_delete=models.CASCADE)
    # The same as the campaign's; kept on the row because the client-decision protocol asks for it.
    client = models.ForeignKey("accounts.Client", verbose_name=_("client"), on_delete=models.PROTECT)
    status = models.CharField(_("status"), max_length=12, choices=ClientStatus.choices, default=ClientStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent to client"), null=True, blank=True)
    decided_at = models.DateTimeField(_("client decided"), null=True, blank=True)

    objects = CampaignDocumentQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_editable(self):
        return self.status == ClientStatus.DRAFT


def attachment_path(instance, filename):
    """Files are stored under a random name: the uploaded name is only ever shown, never used on disk."""
    return random_name(f"campaigns/{instance.campaign_id}", filename)


class Attachment(StoredFile):
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)

    class Meta:
        abstract = True
