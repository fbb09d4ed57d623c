from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Client accounts")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The one access rule for client data (ClientQuerySet.visible_to) scopes every app's rows.
        from agency.core.visibility import register_client_scope

        from .models import Client

        register_client_scope(Client.objects.visible_to)

        from agency.core.reminders import register_rule

        from . import audit_actions  # noqa: F401  (what each audit code means)
        from .decision_kinds import register_decision_kinds
        from .reminders import complaint_sla_dues, survey_follow_up_dues

        register_decision_kinds()
        register_rule("complaint-sla", complaint_sla_dues)
        register_rule("survey-follow-up", survey_follow_up_dues)

        from agency.core.dashboards import register_home_section, register_section

        from .dashboards import complaints_section, my_complaints_home_section, satisfaction_section

        register_section("complaints", complaints_section, order=80)
        register_section("satisfaction", satisfaction_section, order=90)
        register_home_section(my_complaints_home_section)

        # Contact-report action items are chased like checklist steps: see accounts/reminders.py.
        from .reminders import action_item_dues

        register_rule("action-item", action_item_dues)
