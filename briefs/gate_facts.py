"""Facts about a campaign that the stage gates need and briefs cannot read itself.

Media and evaluations build on briefs, so they report these facts, each registered once from their
AppConfig.ready(); the gates, and the words that say what is missing, stay in briefs/workflow.py:

    register_gate_fact(MEDIA_PLAN, media_plan_gate_fact)   # MediaConfig.ready()
    plan = gate_fact(MEDIA_PLAN, campaign)                 # briefs/workflow.py: a MediaPlanFact or None
"""

from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured

MEDIA_PLAN = "media_plan"  # the current media plan version: MediaPlanFact, or None before a plan is written
EVALUATION = "evaluation"  # the campaign evaluation: EvaluationFact, or None before it is written


@dataclass(frozen=True)
class MediaPlanFact:
    version_label: str
    confirmed: bool  # the client confirmed this version in writing
    schedule_sent: bool  # the confirmed schedule went to the client


@dataclass(frozen=True)
class EvaluationFact:
    completed: bool  # actuals for every KPI, and the learnings


_facts = {}


def register_gate_fact(name, fact):
    """`fact(campaign)` answers the question `name` asks about the campaign."""
    _facts[name] = fact


def gate_fact(name, campaign):
    try:
        fact = _facts[name]
    except KeyError:
        raise ImproperlyConfigured(f"No app reports the gate fact {name!r}: is it in INSTALLED_APPS?") from None
    return fact(campaign)
