from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = _("Evaluations and reviews")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .decision_kinds import register_decision_kinds

        register_decision_kinds()
        from agency.core.reminders import register_rule

        from . import audit_actions  # noqa: F401  (what each audit code means)
        from .reminders import review_feedback_dues

        register_rule("review-feedback", review_feedback_dues)

        # The workflow's evaluation gate reads whether the evaluation is completed (briefs/gate_facts.py).
        from briefs.gate_facts import EVALUATION, register_gate_fact

        from .queries import evaluation_gate_fact

        register_gate_fact(EVALUATION, evaluation_gate_fact)

        from agency.core.dashboards import register_section

        from .dashboards import reviews_section

        register_section("reviews", reviews_section, order=70)
