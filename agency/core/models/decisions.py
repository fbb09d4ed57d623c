"""Client decisions by emailed link: the request (one link to one contact about one version),
the decision (evidence, never changed) and one-time codes for money decisions.

The history of a request (sent, opened, reminded, decided, revoked, superseded, expired)
is kept in the audit log against the request: see agency.core.decisions.request_history().
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..files import StoredFile, random_name
from ..visibility import ScopedByClientQuerySet
from .audit import AppendOnlyModel


class DecisionRequestQuerySet(ScopedByClientQuerySet):
    def for_document(self, document):
        return self.filter(document_type=ContentType.objects.get_for_model(document), document_id=document.pk)

    def for_documents(self, documents):
        documents = list(documents)
        if not documents:
            return self.none()
        by_type = {}
        for document in documents:
            by_type.setdefault(ContentType.objects.get_for_model(document), []).append(document.pk)
        query = models.Q()
        for content_type, ids in by_type.items():
            query |= models.Q(document_type=content_type, document_id__in=ids)
        return self.filter(query)

    def open(self):
        return self.filter(status=DecisionRequest.Status.OPEN)


class DecisionRequest(models.Model):
    """One request to one contact to decide on one exact document version, by emailed link.

    Every email (the first, each reminder) carries a link of its own (DecisionLink); all of them open this
    request and share its status, so they stop together when it is decided, superseded, revoked or expired.
    Only a SHA-256 of each token is stored; the token itself exists only in the email.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for the client")
        DECIDED = "decided", _("Decided")
        REVOKED = "revoked", _("Revoked")
        EXPIRED = "expired", _("Expired")
        SUPERSEDED = "superseded", _("Superseded by a newer version")

    # The first link's hash, as written before links had a table of their own (DecisionLink); links are
    # found through DecisionLink only, which holds this hash too.
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    client = models.ForeignKey(
        "accounts.Client", verbose_name=_("client"), on_delete=models.PROTECT, related_name="decision_requests"
    )
    document_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    document_id = models.PositiveBigIntegerField()
    document = GenericForeignKey("document_type", "document_id")
    decision_kind = models.CharField(_("kind"), max_length=30)
    document_title = models.CharField(_("document"), max_length=300)
    version_label = models.CharField(_("version"), max_length=50)
    # SHA-256 of what the kind's content hash covers when the link was sent: the client decides on exactly that.
    content_hash = models.CharField(_("content hash"), max_length=64)
    is_money_decision = models.BooleanField(default=False)
    requires_code = models.BooleanField(_("one-time code required"), default=False)
    contact = models.ForeignKey(
        "accounts.Contact", verbose_name=_("contact"), on_delete=models.PROTECT, related_name="decision_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    first_opened_at = models.DateTimeField(_("first opened"), null=True, blank=True)
    last_opened_at = models.DateTimeField(_("last opened"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("last reminded"), null=True, blank=True)
    reminder_count = models.PositiveSmallIntegerField(_("reminders"), default=0)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    objects = DecisionRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("decision request")
        verbose_name_plural = _("decision requests")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["document_type", "document_id", "status"]),
            models.Index(fields=["status", "expires_at"]),
        ]

    def __str__(self):
        return f"{self.document_title} → {self.contact}"

    @property
    def is_expired(self):
        return self.status == self.Status.EXPIRED or (
            self.status == self.Status.OPEN and self.expires_at <= timezone.now()
        )

    @property
    def current_status(self):
        """The status as a person should read it now (an open link past its expiry is expired)."""
        return self.Status.EXPIRED if self.is_expired else self.Status(self.status)

    def get_current_status_display(self):
        return self.current_status.label

    @property
    def title(self):
        """The document's title as the reader reads it: the kind's name in the active language, the version
        once. document_title keeps the words the sender's language gave it when the link was sent."""
        from ..decisions.kinds import reader_title

        return reader_title(self.decision_kind, self.document_title, self.version_label)

    def may_be_recorded_outside(self):
        """Still open, and of a kind whose confirmation the account team may record from evidence the client
        sent outside the link (not one answered with a form, not feedback about a team member)."""
        from ..decisions import ANSWER

        kind = self.kind
        return self.current_status == self.Status.OPEN and not kind.private and kind.answer != ANSWER

    @property
    def kind(self):
        """The registered decision kind (agency.core.decisions.DecisionKind): label, answer mode, template."""
        from ..decisions import kind_for

        return kind_for(self)


class DecisionLink(models.Model):
    """One emailed link to a decision request: the first email's, or a reminder's.

    A reminder adds a link and leaves the earlier ones working: clients open the first email, not the last.
    A link has no status of its own; it works exactly while its request does.
    """

    class Purpose(models.TextChoices):
        SENT = "sent", _("Sent")
        REMINDER = "reminder", _("Reminder")

    request = models.ForeignKey(DecisionRequest, on_delete=models.CASCADE, related_name="links")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    purpose = models.CharField(max_length=10, choices=Purpose.choices, default=Purpose.SENT)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("decision link")
        verbose_name_plural = _("decision links")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.get_purpose_display()} link for request {self.request_id}"


def evidence_path(_evidence, filename):
    return random_name("decision-evidence", filename)


class DecisionEvidence(StoredFile):
    """The email or signed PDF with which a client confirmed outside the link, uploaded by the staff member
    who recorded that confirmation (see Decision.recorded_by)."""

    request = models.ForeignKey(DecisionRequest, on_delete=models.PROTECT, related_name="evidence")
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=300)

    class Meta:
        verbose_name = _("confirmation evidence")
        verbose_name_plural = _("confirmation evidence")


class Decision(AppendOnlyModel):
    """What the client decided, on exactly which content, when, from where. Never changed or deleted.

    One per request: the database's unique constraint is the last word when two answers race.
    """

    class Outcome(models.TextChoices):
        APPROVED = "approved", _("Approved")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        # For kinds the client only takes note of (answer mode ACKNOWLEDGE), e.g. an evaluation.
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        # For kinds the client answers with the kind's own form (answer mode ANSWER),
        # e.g. 360° feedback; the answers live with the document, never in the decision record.
        ANSWERED = "answered", _("Answered")

    request = models.OneToOneField(
        DecisionRequest, verbose_name=_("request"), on_delete=models.PROTECT, related_name="decision"
    )
    client = models.ForeignKey("accounts.Client", on_delete=models.PROTECT, related_name="+")
    document_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    document_id = models.PositiveBigIntegerField()
    outcome = models.CharField(_("decision"), max_length=20, choices=Outcome.choices)
    contact = models.ForeignKey("accounts.Contact", on_delete=models.PROTECT, related_name="decisions")
    contact_name = models.CharField(_("contact"), max_length=200)
    contact_email = models.EmailField(_("contact email"))
    decided_at = models.DateTimeField(_("decided at (UTC)"), default=timezone.now)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=500, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    document_title = models.CharField(_("document"), max_length=300)
    version_label = models.CharField(_("version"), max_length=50)
    content_hash = models.CharField(_("content hash"), max_length=64)
    # Rule: "Decisions are evidence" (docs/practice.md): a copy of what was decided, taken at that moment:
    # {"content": the document's text, "files": [[name, SHA-256]], "money": {currency, total, budget,
    # committed_before, remaining, over_budget} for money kinds}. Decisions made before copies were kept have {}.
    snapshot = models.JSONField(_("what was decided"), default=dict, db_default={}, blank=True, editable=False)
    # SHA-256 of the token of the receipt link emailed to the contact (a read-only copy, no login);
    # empty for decisions made before receipts had links.
    receipt_token_hash = models.CharField(max_length=64, blank=True, default="", db_default="", editable=False)
    # A confirmation the client gave outside the link (an email, a signed PDF), recorded by a staff member
    # with the evidence: never shown as the client's click.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    evidence = models.ForeignKey(
        DecisionEvidence,
        verbose_name=_("evidence"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = ScopedByClientQuerySet.as_manager()

    class Meta:
        verbose_name = _("client decision")
        verbose_name_plural = _("client decisions")
        ordering = ["-decided_at", "-id"]
        indexes = [
            models.Index(fields=["document_type", "document_id", "outcome"]),
            models.Index(fields=["receipt_token_hash"], name="agency_decision_receipt_idx"),
            # The home's "what clients decided this week": the last days' decisions, not all of them.
            models.Index(fields=["decided_at"], name="decision_decided_at"),
        ]

    def __str__(self):
        return f"{self.get_outcome_display()}: {self.document_title} ({self.contact_name})"

    @property
    def is_approval(self):
        return self.outcome == self.Outcome.APPROVED

    @property
    def title(self):
        """The decided document's title in the active language, the version once (DecisionRequest.title)."""
        from ..decisions.kinds import reader_title

        return reader_title(self.request.decision_kind, self.document_title, self.version_label)

    def is_recorded_outside(self):
        """Recorded by a staff member from evidence the client sent, not decided through the link."""
        return self.recorded_by_id is not None


class DecisionCode(models.Model):
    """A one-time code emailed to the contact before a money decision counts. Stored hashed."""

    request = models.ForeignKey(DecisionRequest, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"code for request {self.request_id}"
