from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = _("Evaluations and reviews")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The client only acknowledges a campaign evaluation (agency.core.decisions answer kind "acknowledge").
        from agency.core.decisions import register_outcome_handler

        from .services.campaign import on_evaluation_acknowledged

        register_outcome_handler("campaign_evaluation", on_acknowledged=on_evaluation_acknowledged)
        # The client's answer on a media post-analysis comes back like the creative documents'.
        from briefs.workflow import on_document_approved, on_document_changes_requested

        register_outcome_handler(
            "post_analysis", on_approved=on_document_approved, on_changes_requested=on_document_changes_requested
        )
        # A client contact's 360° feedback by link (answer kind "answer"). Private: the client's account
        # team includes the reviewed person, who must not see who was asked.
        from .services.reviews import on_client_feedback_answered

        register_outcome_handler("review_feedback", on_answered=on_client_feedback_answered, private=True)

        from agency.core.reminders import register_rule

        from .reminders import review_feedback_dues

        register_rule("review-feedback", review_feedback_dues)
