"""Client accounts: clients, their brands and contacts, and the account team."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _


class ClientQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The one access rule for client data.

        Management sees every client. Everyone else sees the clients whose account
        team they are on, plus the clients of everyone who reports to them,
        directly or further down the line. Every other model scopes through this.
        """
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_management:
            return self
        reports_sql, params = get_user_model().objects.reports_of_sql(user)
        reports = RawSQL(reports_sql, params)  # noqa: S611 (our own SQL, the user id is a parameter)
        teams = AccountTeamMember.objects.filter(models.Q(user=user) | models.Q(user__in=reports))
        # A subquery, not a join: counts annotated on clients stay right.
        return self.filter(pk__in=teams.values("client_id"))

    def active(self):
        return self.filter(archived_at__isnull=True)


class Client(models.Model):
    class Tier(models.TextChoices):
        HIGH = "high", _("High value")
        MID = "mid", _("Mid value")
        LOW = "low", _("Low value")

    class Stage(models.TextChoices):
        PROSPECT = "prospect", _("Prospect")
        NEW = "new", _("New")
        GROWING = "growing", _("Growing")
        MATURE = "mature", _("Mature")
        DECLINING = "declining", _("Declining")
        LOST = "lost", _("Lost")

    name = models.CharField(_("name"), max_length=200, unique=True)
    code = models.CharField(
        _("code"),
        max_length=10,
        unique=True,
        help_text=_("Short code used in job numbers, e.g. TSG."),
        validators=[RegexValidator(r"^[A-Z0-9]{2,10}$", _("Use 2 to 10 capital letters or digits."))],
    )
    legal_name = models.CharField(_("legal name"), max_length=300, blank=True)
    industry = models.CharField(_("industry"), max_length=100, blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="CNY")
    tier = models.CharField(_("tier"), max_length=10, choices=Tier.choices, default=Tier.MID)
    stage = models.CharField(_("lifecycle stage"), max_length=10, choices=Stage.choices, default=Stage.NEW)
    notes = models.TextField(_("notes"), blank=True)
    # Money decisions (estimates, media plans) need a one-time code emailed to the contact.
    require_code_for_money_decisions = models.BooleanField(
        _("require a one-time code for money decisions"), default=False
    )
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ClientQuerySet.as_manager()

    class Meta:
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ScopedByClientQuerySet(models.QuerySet):
    """For rows that belong to a client: visible exactly when their client is."""

    client_path = "client"

    def visible_to(self, user):
        clients = Client.objects.visible_to(user).values("pk")
        return self.filter(**{f"{self.client_path}__in": clients})


class Brand(models.Model):
    client = models.ForeignKey(Client, verbose_name=_("client"), on_delete=models.PROTECT, related_name="brands")
    name = models.CharField(_("name"), max_length=200)
    positioning = models.TextField(_("positioning"), blank=True)
    personality = models.TextField(_("brand personality"), blank=True)
    competitors = models.TextField(_("competitors"), blank=True)

    objects = ScopedByClientQuerySet.as_manager()

    class Meta:
        verbose_name = _("brand")
        verbose_name_plural = _("brands")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["client", "name"], name="brand_unique_per_client")]

    def __str__(self):
        return self.name


class Contact(models.Model):
    """A person at the client. Contacts never log in: they decide through emailed links."""

    client = models.ForeignKey(Client, verbose_name=_("client"), on_delete=models.PROTECT, related_name="contacts")
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("job title"), max_length=200, blank=True)
    email = models.EmailField(_("email"))
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, default="zh-hans")
    may_approve = models.BooleanField(_("may approve client decisions"), default=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = ScopedByClientQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["name"]

    def __str__(self):
        return self.name


class AccountTeamMember(models.Model):
    class Role(models.TextChoices):
        LEAD_AE = "lead_ae", _("Lead AE")
        AE = "ae", _("AE")
        AM = "am", _("AM")
        AAD = "aad", _("AAD")
        AD = "ad", _("AD")
        GAD = "gad", _("GAD")
        PLANNER = "planner", _("Planner")
        CREATIVE = "creative", _("Creative")
        MEDIA = "media", _("Media")
        FINANCE = "finance", _("Finance")

    client = models.ForeignKey(Client, verbose_name=_("client"), on_delete=models.CASCADE, related_name="team_members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("staff member"), on_delete=models.CASCADE, related_name="teams"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)

    objects = ScopedByClientQuerySet.as_manager()

    class Meta:
        verbose_name = _("account team member")
        verbose_name_plural = _("account team")
        constraints = [models.UniqueConstraint(fields=["client", "user"], name="team_member_once_per_client")]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()})"


class ActionItemQuerySet(ScopedByClientQuerySet):
    def open(self):
        return self.filter(done_at__isnull=True)


class ContactReport(models.Model):
    """Minutes of a meeting with the client (seed 002's contact/meeting report)."""

    client = models.ForeignKey(
        Client, verbose_name=_("client"), on_delete=models.PROTECT, related_name="contact_reports"
    )
    meeting_date = models.DateField(_("meeting date"))
    subject = models.CharField(_("subject"), max_length=200)
    staff_attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("agency attendees"), related_name="contact_reports", blank=True
    )
    client_attendees = models.ManyToManyField(
        Contact, verbose_name=_("client attendees"), related_name="contact_reports", blank=True
    )
    other_attendees = models.CharField(
        _("other attendees"), max_length=500, blank=True, help_text=_("Anyone else, e.g. a media owner's rep.")
    )
    summary = models.TextField(_("summary"))
    decisions = models.TextField(_("decisions"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("written by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    objects = ScopedByClientQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact report")
        verbose_name_plural = _("contact reports")
        ordering = ["-meeting_date", "-id"]

    def __str__(self):
        return f"{self.meeting_date:%Y-%m-%d} {self.subject}"


class ActionItem(models.Model):
    """Something agreed in a meeting, with an owner and a due date. The reminders engine chases these."""

    # Kept on the row (not only through the report) so scoping and reminders need no join.
    client = models.ForeignKey(Client, verbose_name=_("client"), on_delete=models.PROTECT, related_name="action_items")
    report = models.ForeignKey(
        ContactReport, verbose_name=_("contact report"), on_delete=models.CASCADE, related_name="action_items"
    )
    description = models.CharField(_("action"), max_length=500)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="action_items"
    )
    due_date = models.DateField(_("due date"), db_index=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True, db_index=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ActionItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due_date", "id"]

    def __str__(self):
        return self.description

    @property
    def is_done(self):
        return self.done_at is not None


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
    """A company the agency wants as a client: one file per prospect (seed 003)."""

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


# The client service loop lives in its own module; imported here so Django and `accounts.models` see it.
from .service_models import LOW_SCORE, Complaint, SatisfactionSurvey, StatusReport  # noqa: E402, F401
