from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediaConfig(AppConfig):
    name = "media"
    verbose_name = _("Media")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The client's written confirmation of a plan version and acknowledgement of a post-analysis
        # come back like the creative documents': the status mirrors the decision, the team is told.
        from agency.core.decisions import register_outcome_handler
        from briefs.workflow import on_document_approved, on_document_changes_requested

        for kind in ("media_plan", "post_analysis"):
            register_outcome_handler(
                kind, on_approved=on_document_approved, on_changes_requested=on_document_changes_requested
            )

        # Plans still unconfirmed near their booking cut-off: see media/reminders.py.
        from agency.core.reminders import register_rule

        from .reminders import booking_cutoff_dues

        register_rule("media-cutoff", booking_cutoff_dues)

        # The workflow's media gate reads the plan's confirmation and schedule from here (briefs/gate_facts.py).
        from briefs.gate_facts import MEDIA_PLAN, register_gate_fact

        from .queries import air_dates_for_report, budget_for_report, media_plan_gate_fact

        register_gate_fact(MEDIA_PLAN, media_plan_gate_fact)

        # A client's status report tells of air dates coming up and media booked against budget.
        from accounts.report_facts import register_report_fact

        register_report_fact("air_dates", air_dates_for_report)
        register_report_fact("budget", budget_for_report)

        from agency.core.dashboards import register_section

        from .dashboards import media_section, money_section

        register_section("money", money_section, order=40)  # budget vs estimate vs actual needs briefs and media
        register_section("media", media_section, order=50)
