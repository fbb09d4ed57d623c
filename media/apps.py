from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediaConfig(AppConfig):
    name = "media"
    verbose_name = _("Media")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from accounts.complaint_subjects import register_complaint_subject
        from accounts.report_facts import register_report_fact
        from agency.core import deadlines
        from agency.core.dashboards import register_section
        from briefs.gate_facts import MEDIA_PLAN, register_gate_fact

        from . import (
            audit_actions,  # noqa: F401  (what each audit code means)
            views,  # noqa: F401  (the plan's and the bookings' exports, for the worker too)
        )
        from .dashboards import media_section, money_section
        from .decision_kinds import register_decision_kinds
        from .queries import (
            BOOKING_CAMPAIGN,
            air_dates_for_report,
            booking_choices_for_complaint,
            budget_for_report,
            describe_booking_for_complaint,
            media_plan_gate_fact,
        )
        from .reminders import CUTOFFS
        from .services import plan_import  # noqa: F401  (the plan's importer)

        register_decision_kinds()
        # Plans still unconfirmed near their booking cut-off: see media/reminders.py.
        deadlines.register(CUTOFFS)
        # The workflow's media gate reads the plan's confirmation and schedule from here (briefs/gate_facts.py).
        register_gate_fact(MEDIA_PLAN, media_plan_gate_fact)
        # A client's status report tells of air dates coming up and media booked against budget.
        register_report_fact("air_dates", air_dates_for_report)
        register_report_fact("budget", budget_for_report)
        register_section("money", money_section, order=40)  # budget vs estimate vs actual needs briefs and media
        register_section("media", media_section, order=50)
        # A complaint may be about one of the client's bookings (accounts/complaint_subjects.py).
        register_complaint_subject(
            "booking",
            _("Booking"),
            booking_choices_for_complaint,
            describe=describe_booking_for_complaint,
            campaign_field=BOOKING_CAMPAIGN,
            order=20,
        )
