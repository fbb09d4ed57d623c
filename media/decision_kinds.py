"""The client's written confirmation of a media plan version (agency.core.decisions): the status mirrors
the decision and the team is told, as for creative documents."""

import dataclasses

from django.utils.translation import gettext_lazy as _

from agency.core import decisions
from briefs.decision_kinds import document_kind
from briefs.queries import approved_budget, campaign_money

from .money import ZERO


def plan_money(version):
    """The plan's net against the campaign's approved budget, after what production has committed or spent
    (the plan is all of the campaign's media: bookings are made from its lines and are not counted twice).
    Rule: "Money committed counts" (docs/practice.md)"""
    campaign = version.campaign
    return decisions.Money(
        currency=version.currency,
        total=sum((line.net for line in version.lines.all()), ZERO),
        budget=approved_budget(campaign, version.currency),
        committed_before=campaign_money(campaign).production_used,
        reason=version.over_budget_reason,
    )


def recommendation_money(recommendation):
    """The recommendation's plan against the budget, as for the plan itself."""
    return dataclasses.replace(plan_money(recommendation.version), reason=recommendation.over_budget_reason)


def monthly_money(monthly):
    """The month's net; what remains is the budget after the whole plan (the other months count too)."""
    whole = plan_money(monthly.version)
    month_net = monthly.plan()["net"]
    return decisions.Money(
        currency=whole.currency,
        total=month_net,
        budget=whole.budget,
        committed_before=whole.committed_before + whole.total - month_net,
        reason=whole.reason,
    )


def register_decision_kinds():
    from .models import MediaRecommendation, MonitoringReport, MonthlyPlan, PlanVersion

    # Rule: "Written confirmation before booking" (docs/practice.md): the recommendation and each
    # monthly plan are confirmed in writing, each its own kind of decision.
    for model, code, label, template, money in (
        (
            MediaRecommendation,
            "media_recommendation",
            _("Media recommendation"),
            "media/decision_recommendation.html",
            recommendation_money,
        ),
        (MonthlyPlan, "monthly_media_plan", _("Monthly media plan"), "media/decision_monthly.html", monthly_money),
    ):
        decisions.register(document_kind(model, code, label, template, is_money=decisions.always, money=money))

    decisions.register(
        document_kind(
            PlanVersion,
            "media_plan",
            _("Media plan"),
            "media/decision_plan.html",
            is_money=decisions.always,
            money=plan_money,
        )
    )
    # Rule: "Monitoring with proof" (docs/practice.md): the client sees what aired, with the photos, video
    # and airing log, by link; view-only, they acknowledge it.
    decisions.register(
        decisions.DecisionKind(
            code="airing_proof",
            model=MonitoringReport,
            label=_("Airing proof"),
            answer=decisions.ACKNOWLEDGE,
            template="media/decision_airing_proof.html",
            files=lambda report: [(proof.original_name, proof.file) for proof in report.proofs.all()],
        )
    )
