from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediaConfig(AppConfig):
    name = "media"
    verbose_name = _("Media")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The client's written confirmation of a plan version comes back like the creative documents':
        # the status mirrors the decision, the team is told.
        from agency.core.decisions import register_outcome_handler
        from briefs.workflow import on_document_approved, on_document_changes_requested

        register_outcome_handler(
            "media_plan", on_approved=on_document_approved, on_changes_requested=on_document_changes_requested
        )

        # Plans still unconfirmed near their booking cut-off: see media/reminders.py.
        from agency.core.reminders import register_rule

        from .reminders import booking_cutoff_dues

        register_rule("media-cutoff", booking_cutoff_dues)
