"""Clients, their brands and contacts, and the account team: the one access rule for client data."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agency.core.models import TIME_ZONE_CHOICES
from agency.core.visibility import RemembersVisibleClients, ScopedByClientQuerySet


class ClientQuerySet(RemembersVisibleClients, models.QuerySet):
    _rows_are_clients = True

    def visible_to(self, user):
        """The one access rule for client data.

        Management sees every client. Everyone else sees the clients whose account
        team they are on, plus the clients of everyone who reports to them,
        directly or further down the line. Every other model scopes through this (registered with
        agency.core.visibility in AccountsConfig.ready()).
        """
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_management:
            return self.all().remember_for(user)
        reports_sql, params = get_user_model().objects.reports_of_sql(user)
        reports = RawSQL(reports_sql, params)  # noqa: S611 (our own SQL, the user id is a parameter)
        teams = AccountTeamMember.objects.filter(models.Q(user=user) | models.Q(user__in=reports))
        # A subquery, not a join: counts annotated on clients stay right.
        return self.filter(pk__in=teams.values("client_id")).remember_for(user)

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
    # What the group expects the client to spend with us in a year, in the client's currency: the group
    # account director's home sets this year's approved campaign budgets against it.
    yearly_target = models.DecimalField(
        _("yearly billing target"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("In the client's currency. Empty: no target."),
    )
    # Where the client's people read times (receipts, deadlines), unless a contact has their own.
    time_zone = models.CharField(
        _("time zone"),
        max_length=40,
        choices=TIME_ZONE_CHOICES,
        blank=True,
        default="",
        db_default="",
        help_text=_("Empty: the agency's."),
    )
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

    def get_absolute_url(self):
        return reverse("accounts:client_detail", args=[self.pk])


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

    def get_absolute_url(self):
        """A brand has no page of its own: its place in the client page's list of brands."""
        return reverse("accounts:client_detail", args=[self.client_id]) + f"#brand-{self.pk}"


class Contact(models.Model):
    """A person at the client. Contacts never log in: they decide through emailed links."""

    client = models.ForeignKey(Client, verbose_name=_("client"), on_delete=models.PROTECT, related_name="contacts")
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("job title"), max_length=200, blank=True)
    email = models.EmailField(_("email"))
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, default="zh-hans")
    time_zone = models.CharField(
        _("time zone"),
        max_length=40,
        choices=TIME_ZONE_CHOICES,
        blank=True,
        default="",
        db_default="",
        help_text=_("Empty: the client's."),
    )
    may_approve = models.BooleanField(_("may approve client decisions"), default=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = ScopedByClientQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        """A contact has no page of its own: their place in the client page's list of contacts."""
        return reverse("accounts:client_detail", args=[self.client_id]) + f"#contact-{self.pk}"


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
