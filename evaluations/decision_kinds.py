"""What a client does by link in evaluations (agency.core.decisions): approve the media post-analysis,
acknowledge the campaign evaluation, and answer 360° feedback about a member of their account team."""

from django.utils.translation import gettext_lazy as _

from agency.core import decisions
from briefs.decision_kinds import document_kind


def feedback_form(feedback, data=None):
    from .forms import ClientFeedbackForm

    return ClientFeedbackForm(data, questions=feedback.questions())


def register_decision_kinds():
    from .models import CampaignEvaluation, Feedback, PostAnalysis
    from .services.campaign import on_evaluation_acknowledged
    from .services.reviews import on_client_feedback_answered

    # The client's answer on a post-analysis comes back like the creative documents'.
    # Its version is that of the media plan it analyses.
    post_analysis = document_kind(
        PostAnalysis,
        "post_analysis",
        _("Media post-analysis"),
        "evaluations/decision_post_analysis.html",
        version_label=lambda analysis: analysis.version.version_label,
    )
    decisions.register(post_analysis)
    decisions.register(
        decisions.DecisionKind(
            code="campaign_evaluation",
            model=CampaignEvaluation,
            label=_("Campaign evaluation"),
            answer=decisions.ACKNOWLEDGE,
            template="evaluations/decision_evaluation.html",
            on_acknowledged=on_evaluation_acknowledged,
        )
    )
    # The questions are the decided-on content; the answers are FeedbackAnswer rows, seen only as
    # evaluations/access.py allows. Private: the client's account team includes the reviewed person,
    # who must not see who was asked.
    decisions.register(
        decisions.DecisionKind(
            code="review_feedback",
            model=Feedback,
            label=_("360° feedback"),
            answer=decisions.ANSWER,
            template="evaluations/decision_feedback.html",
            version_label=lambda feedback: feedback.review.cycle.name[:50],
            private=True,
            on_answered=on_client_feedback_answered,
            answer_form=feedback_form,
            answer_template="evaluations/_client_feedback_answers.html",
        )
    )
