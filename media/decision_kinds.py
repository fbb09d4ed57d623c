"""The client's written confirmation of a media plan version (agency.core.decisions): the status mirrors
the decision and the team is told, as for creative documents."""

from operator import attrgetter

from django.utils.translation import gettext_lazy as _

from agency.core import decisions


def register_decision_kinds():
    from briefs.workflow import on_document_approved, on_document_changes_requested

    from .models import PlanVersion

    handlers = {"on_approved": on_document_approved, "on_changes_requested": on_document_changes_requested}
    decisions.register(
        decisions.DecisionKind(
            code="media_plan",
            model=PlanVersion,
            label=_("Media plan"),
            template="media/decision_plan.html",
            title=PlanVersion.decision_title,
            content=PlanVersion.decision_content,
            version_label=attrgetter("version_label"),
            is_money=decisions.always,
            **handlers,
        )
    )
