from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The floor every app stands on. Its label stays "agency": the tables, migrations,
    content types and AUTH_USER_MODEL ("agency.User") of a running installation keep their names."""

    name = "agency.core"
    label = "agency"
    verbose_name = _("Agency")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import (
            audit_actions,  # noqa: F401  (what each audit code means)
            deadlines,
            decision_list_views,  # noqa: F401  (its list's export, for the worker too)
            reminder_views,  # noqa: F401  (the reminders' export)
            views,  # noqa: F401  (the outbox's export)
        )
        from .decision_reminders import DECISIONS

        # Client decision links waiting too long climb their ladder: see decision_reminders.py.
        deadlines.register(DECISIONS)
