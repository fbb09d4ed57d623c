"""Client development: prospects, the people there, and each step taken towards winning them."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _

from .clients import Client, Contact


class ProspectQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Client development is owned: the owner, their supervisors up the line, and management."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_management:
            return self
        reports_sql, params = get_user_model().objects.reports_of_sql(user)
        reports = RawSQL(reports_sql, params)  # noqa: S611 (our own SQL, the user id is a parameter)
        return self.filter(models.Q(owner=user) | models.Q(owner__in=reports))


class Prospect(models.Model):
    """A company the agency wants as a client, with a file of its own (docs/practice.md, "A file per prospect")."""

    class Source(models.TextChoices):
        REFERRAL = "referral", _("Referral")
        PITCH = "pitch", _("Pitch or tender")
        INBOUND = "inbound", _("They contacted us")
        EVENT = "event", _("Event or trade show")
        OUTREACH = "outreach", _("Our own outreach")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        WON = "won", _("Won")
        LOST = "lost", _("Lost")

    company = models.CharField(_("company"), max_length=200)
    industry = models.CharField(_("industry"), max_length=100, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.OUTREACH)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="prospects"
    )
    estimated_value = models.DecimalField(
        _("estimated yearly value"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, default="CNY")
    notes = models.TextField(_("notes"), blank=True)
    status = models.CharField(_("status"), max_length=5, choices=Status.choices, default=Status.OPEN, db_index=True)
    lost_reason = models.TextField(_("reason lost"), blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    client = models.OneToOneField(
        Client,
        verbose_name=_("client"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="prospect",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProspectQuerySet.as_manager()

    class Meta:
        verbose_name = _("prospect")
        verbose_name_plural = _("prospects")
        ordering = ["company"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="lost") | ~models.Q(lost_reason=""), name="prospect_lost_has_reason"
            ),
            models.CheckConstraint(
                condition=models.Q(estimated_value__isnull=True) | models.Q(estimated_value__gte=0),
                name="prospect_value_not_negative",
            ),
        ]

    def __str__(self):
        return self.company


class ProspectContact(models.Model):
    """A person at the prospect. Becomes a client Contact when the prospect is converted."""

    prospect = models.ForeignKey(
        Prospect, verbose_name=_("prospect"), on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("job title"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, default="zh-hans")
    contact = models.OneToOneField(
        Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="prospect_contact"
    )

    class Meta:
        verbose_name = _("prospect contact")
        verbose_name_plural = _("prospect contacts")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ProspectActivity(models.Model):
    """One step of client development: a contact attempt, a meeting or visit, a proposal."""

    class Kind(models.TextChoices):
        CONTACT_ATTEMPT = "contact", _("Contact attempt")
        MEETING = "meeting", _("Meeting or visit")
        PROPOSAL = "proposal", _("Proposal sent")
        NOTE = "note", _("Note")

    prospect = models.ForeignKey(
        Prospect, verbose_name=_("prospect"), on_delete=models.CASCADE, related_name="activities"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    date = models.DateField(_("date"))
    record = models.TextField(_("record"), help_text=_("What happened, who was there, what comes next."))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("prospect activity")
        verbose_name_plural = _("prospect activities")
        ordering = ["-date", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.date}"
