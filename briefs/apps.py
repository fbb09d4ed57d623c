from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BriefsConfig(AppConfig):
    name = "briefs"
    verbose_name = _("Campaigns and creative")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from accounts.client_health import register_client_figures
        from accounts.client_pages import register_client_card, register_client_count
        from accounts.complaint_subjects import register_complaint_subject
        from accounts.report_facts import register_report_fact
        from agency.core import deadlines
        from agency.core.dashboards import register_section

        from . import (
            audit_actions,  # noqa: F401  (what each audit code means)
            dashboards,
            views,  # noqa: F401  (the campaign list's export, for the worker too)
        )
        from .decision_kinds import register_decision_kinds
        from .queries import (
            campaigns_card,
            client_health_figures,
            complaint_choices,
            deadlines_for_report,
            describe_for_complaint,
            live_campaigns_per_client,
            stage_changes_for_report,
        )
        from .reminders import CHECKLIST

        register_decision_kinds()
        deadlines.register(CHECKLIST)
        # A client's status report tells of stage moves and coming deadlines (accounts/report_facts.py).
        register_report_fact("stage_changes", stage_changes_for_report)
        register_report_fact("deadlines", deadlines_for_report)
        # The client list counts live campaigns; the client page shows them by stage (accounts/client_pages.py).
        register_client_count("n_live_campaigns", _("Live campaigns"), live_campaigns_per_client())
        register_client_card(campaigns_card)
        # The manager dashboard's sections on campaigns, in the page's order (agency/core/dashboards.py).
        register_section("stages", dashboards.stages_section, order=10)
        register_section("bottlenecks", dashboards.bottlenecks_section, order=20)
        register_section("decisions", dashboards.decisions_section, order=30)
        register_section("workload", dashboards.workload_section, order=60)
        # A complaint may be about one of the client's campaigns (accounts/complaint_subjects.py).
        register_complaint_subject(
            "campaign", _("Campaign"), complaint_choices, describe=describe_for_complaint, order=10
        )
        # The churn signal reads campaign budgets and the latest campaign (accounts/client_health.py).
        register_client_figures(client_health_figures)
