from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Client accounts")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from agency.core import deadlines
        from agency.core.decisions import register_outcome_handler

        from . import reminders
        from .services.complaints import on_remedy_accepted, on_remedy_changes_requested

        register_outcome_handler(
            "complaint_remedy", on_approved=on_remedy_accepted, on_changes_requested=on_remedy_changes_requested
        )
        # Action items, complaint answer clocks, low scores to follow up: see accounts/reminders.py.
        deadlines.register(*reminders.KINDS)

        from agency.site import dashboard_queries, home_queries

        from .dashboards import complaints_section, my_complaints_home_section, satisfaction_section

        dashboard_queries.EXTRA_SECTIONS.extend([complaints_section, satisfaction_section])
        home_queries.EXTRA_HOME_SECTIONS.append(my_complaints_home_section)
