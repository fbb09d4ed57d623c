from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Client accounts")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from agency.core import deadlines, object_links
        from agency.core.dashboards import register_home_section, register_section
        from agency.core.permissions import register_team_role_lookup
        from agency.core.visibility import register_client_scope

        from . import (
            audit_actions,  # noqa: F401  (what each audit code means)
            reminders,
        )
        from .dashboards import (
            client_health_section,
            complaints_section,
            my_complaints_home_section,
            satisfaction_section,
        )
        from .decision_kinds import register_decision_kinds
        from .models import Client
        from .rules import team_role
        from .services import client_import  # noqa: F401  (the clients' importer)
        from .views import clients, service  # noqa: F401  (their lists' exports, for the worker too)

        # The one access rule for client data (ClientQuerySet.visible_to) scopes every app's rows.
        register_client_scope(Client.objects.visible_to)
        # A client's name links to its page for whoever may see the client (agency/core/object_links.py).
        object_links.register(Client, client_id=lambda client: client.pk)
        register_decision_kinds()
        # Who may do what reads the person's place on the client's team (agency/core/permissions.py).
        register_team_role_lookup(team_role)
        # Action items, complaint answer clocks, low scores to follow up: see accounts/reminders.py.
        deadlines.register(*reminders.KINDS)
        register_section("complaints", complaints_section, order=80)
        register_section("satisfaction", satisfaction_section, order=90)
        register_section("client-health", client_health_section, order=95)
        register_home_section(my_complaints_home_section)
