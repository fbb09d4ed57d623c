"""The remedy of a founded complaint, which the client who complained accepts by link (agency.core.decisions)."""

from django.utils.translation import gettext_lazy as _

from agency.core import decisions


def register_decision_kinds():
    from .models import Complaint
    from .services.complaints import on_remedy_accepted, on_remedy_changes_requested

    decisions.register(
        decisions.DecisionKind(
            code="complaint_remedy",
            model=Complaint,
            label=_("Complaint remedy"),
            template="accounts/decision_complaint_remedy.html",
            on_approved=on_remedy_accepted,
            on_changes_requested=on_remedy_changes_requested,
        )
    )
