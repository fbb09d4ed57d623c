from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = _("Evaluations and reviews")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from agency.core import deadlines
        from agency.core.dashboards import register_section
        from briefs.gate_facts import EVALUATION, register_gate_fact

        from . import (
            audit_actions,  # noqa: F401  (what each audit code means)
            views,  # noqa: F401  (the review list's export, for the worker too)
        )
        from .dashboards import reviews_section
        from .decision_kinds import register_decision_kinds
        from .queries import evaluation_gate_fact
        from .reminders import REVIEW_FEEDBACK

        register_decision_kinds()
        deadlines.register(REVIEW_FEEDBACK)
        # The workflow's evaluation gate reads whether the evaluation is completed (briefs/gate_facts.py).
        register_gate_fact(EVALUATION, evaluation_gate_fact)
        register_section("reviews", reviews_section, order=70)
