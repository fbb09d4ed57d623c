"""Staff: the agency's people, their titles, departments and reporting line."""

import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

TIME_ZONE_CHOICES = [
    (tz, tz)
    for tz in (
        "Asia/Shanghai",
        "Asia/Hong_Kong",
        "Asia/Taipei",
        "Asia/Singapore",
        "Asia/Tokyo",
        "Europe/London",
        "Europe/Paris",
        "America/New_York",
        "America/Los_Angeles",
        "UTC",
    )
]


class Title(models.TextChoices):
    # Account ranks, junior to senior (docs/practice.md, "Judged by the standard of one's title").
    AE = "AE", _("Account Executive (AE)")
    AM = "AM", _("Account Manager (AM)")
    AAD = "AAD", _("Associate Account Director (AAD)")
    AD = "AD", _("Account Director (AD)")
    GAD = "GAD", _("Group Account Director (GAD)")
    # Everyone else around an account.
    PLANNER = "planner", _("Strategic planner")
    CREATIVE = "creative", _("Creative")
    MEDIA_PLANNER = "media_planner", _("Media planner")
    MEDIA_BUYER = "media_buyer", _("Media buyer")
    PRODUCER = "producer", _("Producer")
    FINANCE = "finance", _("Finance")
    MANAGEMENT = "management", _("Management")


ACCOUNT_TITLES = (Title.AE, Title.AM, Title.AAD, Title.AD, Title.GAD)


class Department(models.TextChoices):
    CLIENT_SERVICE = "client_service", _("Client service")
    PLANNING = "planning", _("Strategic planning")
    CREATIVE = "creative", _("Creative")
    MEDIA = "media", _("Media")
    PRODUCTION = "production", _("Production")
    FINANCE = "finance", _("Finance")
    MANAGEMENT = "management", _("Management")


class StaffQuerySet(models.QuerySet):
    def reports_of_sql(self, user):
        """SQL (and params) selecting the ids of everyone below `user` in the reporting line.

        A recursive query, so a whole chain (GAD → AD → AM → AE) costs one query,
        and it can be used as a subquery without an extra round trip.
        """
        table = self.model._meta.db_table
        sql = (
            f"WITH RECURSIVE chain(id) AS ("
            f" SELECT id FROM {table} WHERE supervisor_id = %s"
            f" UNION SELECT u.id FROM {table} u JOIN chain c ON u.supervisor_id = c.id"
            f") SELECT id FROM chain"
        )
        return sql, (user.pk,)

    def reports_of(self, user):
        sql, params = self.reports_of_sql(user)
        return self.filter(pk__in=models.expressions.RawSQL(sql, params))  # noqa: S611 (table name is ours, user id a parameter)


class StaffManager(UserManager.from_queryset(StaffQuerySet)):
    pass


class User(AbstractUser):
    """A member of the agency's staff. Clients never have accounts."""

    title = models.CharField(_("title"), max_length=20, choices=Title.choices, default=Title.AE)
    department = models.CharField(
        _("department"), max_length=20, choices=Department.choices, default=Department.CLIENT_SERVICE
    )
    supervisor = models.ForeignKey(
        "self",
        verbose_name=_("supervisor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, default="en")
    time_zone = models.CharField(_("time zone"), max_length=40, choices=TIME_ZONE_CHOICES, default="Asia/Shanghai")

    objects = StaffManager()

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        ordering = ["first_name", "last_name", "username"]

    def __str__(self):
        return self.get_full_name() or self.username

    def get_absolute_url(self):
        """A colleague's page (agency/site): who they are and the work of theirs the reader may see."""
        return reverse("person_detail", args=[self.pk])

    def get_full_name(self):
        """Chinese names read family name first, without a space: 周敏, not 敏 周."""
        first, last = self.first_name.strip(), self.last_name.strip()
        if any("\u4e00" <= ch <= "\u9fff" for ch in first + last):
            return f"{last}{first}"
        return f"{first} {last}".strip()

    def clean(self):
        super().clean()
        if self.supervisor_id and self.pk and self.supervisor_id == self.pk:
            raise ValidationError({"supervisor": _("Nobody can be their own supervisor.")})

    @property
    def is_management(self):
        """Management sees every client; everyone else sees their teams' and their reports' clients."""
        return self.is_superuser or self.department == Department.MANAGEMENT

    @property
    def is_account_person(self):
        return self.title in ACCOUNT_TITLES

    @property
    def zoneinfo(self):
        return zoneinfo.ZoneInfo(self.time_zone)
