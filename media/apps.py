from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediaConfig(AppConfig):
    name = "media"
    verbose_name = _("Media")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .decision_kinds import register_decision_kinds

        register_decision_kinds()
        # Plans still unconfirmed near their booking cut-off: see media/reminders.py.
        from agency.core.reminders import register_rule

        from . import audit_actions  # noqa: F401  (what each audit code means)
        from .reminders import booking_cutoff_dues

        register_rule("media-cutoff", booking_cutoff_dues)
