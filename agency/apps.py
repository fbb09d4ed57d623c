from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgencyConfig(AppConfig):
    name = "agency"
    verbose_name = _("Agency")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .decision_reminders import decision_dues
        from .reminders import register_rule

        register_rule("decision-ladder", decision_dues)
