from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BriefsConfig(AppConfig):
    name = "briefs"
    verbose_name = _("Campaigns and creative")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .decision_kinds import register_decision_kinds

        register_decision_kinds()
        from agency.core.reminders import register_rule

        from . import audit_actions  # noqa: F401  (what each audit code means)
        from .reminders import checklist_dues

        register_rule("checklist", checklist_dues)
