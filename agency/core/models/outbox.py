"""The email outbox: one row per message, written with its cause."""

import re

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

# Where a private part (a client's link, a one-time code) was taken out of a stored message.
PRIVATE_MARK = re.compile(r"\[\[private:(\d+)\]\]")


def private_mark(number):
    return f"[[private:{number}]]"


class OutboxMessage(models.Model):
    """One email, written in the same transaction as its cause and sent by a Celery task.

    The outbox is also the client-communication log: staff read it in the app.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        RETRYING = "retrying", _("Waiting to retry")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        KEPT = "kept", _("Kept in outbox (no mail server)")

    to_email = models.EmailField(_("to"))
    to_name = models.CharField(_("recipient"), max_length=200, blank=True)
    subject = models.CharField(_("subject"), max_length=300)
    # What staff read: a private link or code in the email stands here as PRIVATE_MARK (see agency.core.outbox).
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    # The private parts themselves, encrypted, until the message is delivered; then wiped.
    sealed = models.TextField(blank=True, default="", db_default="", editable=False)
    language = models.CharField(_("language"), max_length=10, default="en")
    template = models.CharField(max_length=100, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The client the message concerns, for the communication log and access scoping.
    client = models.ForeignKey(
        "accounts.Client", null=True, blank=True, on_delete=models.PROTECT, related_name="outbox_messages"
    )
    related_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT)
    related_id = models.CharField(max_length=64, blank=True)
    related = GenericForeignKey("related_type", "related_id")

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return f"{self.subject} → {self.to_email}"

    @property
    def shown_text(self):
        """The text as staff may read it: each private link or code replaced by a notice."""
        return PRIVATE_MARK.sub(str(_("[private link or code: sent to the recipient only]")), self.body_text)

    @property
    def has_private_parts(self):
        return bool(PRIVATE_MARK.search(self.body_text + self.subject))

    @property
    def message_id(self):
        """Stable across retries, so a duplicate delivery is recognisable by the receiver."""
        domain = settings.SITE_URL.split("://", 1)[1].split("/", 1)[0].split(":", 1)[0]
        return f"<outbox-{self.pk}@{domain}>"
