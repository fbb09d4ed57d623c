"""The client's written confirmation of a media plan version (agency.core.decisions): the status mirrors
the decision and the team is told, as for creative documents."""

from django.utils.translation import gettext_lazy as _

from agency.core import decisions
from briefs.decision_kinds import document_kind


def register_decision_kinds():
    from .models import PlanVersion

    decisions.register(
        document_kind(PlanVersion, "media_plan", _("Media plan"), "media/decision_plan.html", is_money=decisions.always)
    )
