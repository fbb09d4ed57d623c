"""The documents of the brief and creative steps a client decides on by link (agency.core.decisions).

Registered once, from BriefsConfig.ready(). A change request on a concept opens the next concept
round for the creative team; the other documents go back to draft (briefs/workflow.py).
"""

from operator import attrgetter

from django.utils.translation import gettext_lazy as _

from agency.core import decisions


def register_decision_kinds():
    from .models import BriefVersion, Concept, EstimateOverrun, FinalAd, ProductionEstimate
    from .services.brief import brief_on_approved, brief_on_changes_requested
    from .workflow import on_concept_changes_requested, on_document_approved, on_document_changes_requested

    version = attrgetter("version_label")
    returns_to_draft = {"on_approved": on_document_approved, "on_changes_requested": on_document_changes_requested}
    for kind in (
        decisions.DecisionKind(
            code="brief",
            model=BriefVersion,
            label=_("Creative brief"),
            template="briefs/brief_document.html",
            title=BriefVersion.decision_title,
            content=BriefVersion.decision_content,
            version_label=version,
            on_approved=brief_on_approved,
            on_changes_requested=brief_on_changes_requested,
        ),
        decisions.DecisionKind(
            code="concept",
            model=Concept,
            label=_("Concept"),
            template="briefs/decision_concept.html",
            title=Concept.decision_title,
            content=Concept.decision_content,
            files=lambda concept: [(a.original_name, a.file) for a in concept.attachments.all()],
            version_label=version,
            on_approved=on_document_approved,
            on_changes_requested=on_concept_changes_requested,
        ),
        decisions.DecisionKind(
            code="estimate",
            model=ProductionEstimate,
            label=_("Production estimate"),
            template="briefs/decision_estimate.html",
            title=ProductionEstimate.decision_title,
            content=ProductionEstimate.decision_content,
            version_label=version,
            is_money=decisions.always,
            **returns_to_draft,
        ),
        decisions.DecisionKind(
            code="estimate_overrun",
            model=EstimateOverrun,
            label=_("Cost overrun"),
            template="briefs/decision_overrun.html",
            title=EstimateOverrun.decision_title,
            content=EstimateOverrun.decision_content,
            is_money=decisions.always,
            **returns_to_draft,
        ),
        decisions.DecisionKind(
            code="final_ad",
            model=FinalAd,
            label=_("Final ad"),
            template="briefs/decision_final_ad.html",
            title=FinalAd.decision_title,
            content=FinalAd.decision_content,
            files=lambda final_ad: [(a.original_name, a.file) for a in final_ad.assets.all()],
            version_label=version,
            **returns_to_draft,
        ),
    ):
        decisions.register(kind)
