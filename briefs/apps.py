from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BriefsConfig(AppConfig):
    name = "briefs"
    verbose_name = _("Campaigns and creative")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from agency.core.decisions import register_outcome_handler

        from .services.brief import brief_on_approved, brief_on_changes_requested

        register_outcome_handler(
            "brief", on_approved=brief_on_approved, on_changes_requested=brief_on_changes_requested
        )
        # Concepts, estimates, overruns and final ads: see briefs/workflow.py.
        from .workflow import register_decision_handlers

        register_decision_handlers()

        from agency.core import deadlines

        from .reminders import CHECKLIST

        deadlines.register(CHECKLIST)
