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
