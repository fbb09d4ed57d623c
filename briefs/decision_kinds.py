"""The documents of the brief and creative steps a client decides on by link (agency.core.decisions).

Registered once, from BriefsConfig.ready(). A change request on a concept opens the next concept
round for the creative team; the other documents go back to draft (briefs/workflow.py).

`document_kind` is a document of the one lifecycle (briefs/services/documents.py) decided like the
others; the media plan and the post-analysis are registered with it too. The brief keeps its own
handlers (briefs/services/brief.py).
"""

from django.utils.translation import gettext_lazy as _

from agency.core import decisions


def document_kind(model, code, label, template, **fields):
    """A campaign document decided like the others: approved, it counts; with changes requested, it goes
    back to draft and the team is told (briefs/workflow.py). Title, canonical text and version label
    are the model's own (agency.core.decisions.DecisionKind)."""
    from .workflow import on_document_approved, on_document_changes_requested

    handlers = {"on_approved": on_document_approved, "on_changes_requested": on_document_changes_requested}
    return decisions.DecisionKind(model=model, code=code, label=label, template=template, **(handlers | fields))


def estimate_money(estimate):
    """The estimate's total against the campaign's approved budget, with everything else the campaign has
    committed or spent. Rule: "Money committed counts" (docs/practice.md)"""
    from .queries import approved_budget, campaign_money

    campaign = estimate.campaign
    return decisions.Money(
        currency=estimate.currency,
        total=estimate.total,
        budget=approved_budget(campaign, estimate.currency),
        committed_before=campaign_money(campaign, leaving_out=estimate).used,
        reason=estimate.over_budget_reason,
    )


def overrun_money(overrun):
    """The overrun against the budget: the campaign's money without it, then with it."""
    from .queries import approved_budget, campaign_money

    campaign, currency = overrun.campaign, overrun.estimate.currency
    return decisions.Money(
        currency=currency,
        total=overrun.amount,
        budget=approved_budget(campaign, currency),
        committed_before=campaign_money(campaign).used - overrun.amount,
        reason=overrun.reason,
    )


def register_decision_kinds():
    from .models import BriefVersion, Concept, EstimateOverrun, FinalAd, ProductionEstimate
    from .services.brief import brief_on_approved, brief_on_changes_requested
    from .workflow import on_concept_changes_requested

    brief = {"on_approved": brief_on_approved, "on_changes_requested": brief_on_changes_requested}
    concept = {
        "files": lambda concept: [(a.original_name, a.file) for a in concept.attachments.all()],
        "on_changes_requested": on_concept_changes_requested,
    }
    final_ad = {"files": lambda final_ad: [(a.original_name, a.file) for a in final_ad.assets.all()]}
    estimate = {"is_money": decisions.always, "money": estimate_money}
    overrun = {"is_money": decisions.always, "money": overrun_money}
    for model, code, label, template, fields in (
        (BriefVersion, "brief", _("Creative brief"), "briefs/brief_document.html", brief),
        (Concept, "concept", _("Concept"), "briefs/decision_concept.html", concept),
        (ProductionEstimate, "estimate", _("Production estimate"), "briefs/decision_estimate.html", estimate),
        (EstimateOverrun, "estimate_overrun", _("Cost overrun"), "briefs/decision_overrun.html", overrun),
        (FinalAd, "final_ad", _("Final ad"), "briefs/decision_final_ad.html", final_ad),
    ):
        decisions.register(document_kind(model, code, label, template, **fields))
