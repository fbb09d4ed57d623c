from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Client accounts")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Contact-report action items are chased like checklist steps: see accounts/reminders.py.
        from agency.reminders import register_rule

        from .reminders import action_item_dues

        register_rule("action-item", action_item_dues)
