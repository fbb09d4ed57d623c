"""What the evaluations app's audit entries mean: the media post-analysis, campaign
evaluations and AE 360° reviews.
Imported from EvaluationsConfig.ready(); see agency.core.audit."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agency.core import audit
from briefs.audit_actions import SENT, register_client_decisions

from .models import KPIResult, Relationship

# ── Post-analysis (its codes kept the media-era names) ───────────────────────

# The stored name is "Post-analysis · Media plan v3" in the writer's language: keep the plan's version.
post_analysis = {"target": audit.titled(_("post-analysis of media plan %(name)s"), keep=r"v\d+$")}
audit.register("post_analysis.created", _("%(actor)s started %(target)s"), **post_analysis)
audit.register("post_analysis.sent_to_client", SENT, **post_analysis)
register_client_decisions("post_analysis", **post_analysis)

# ── Campaign evaluations ─────────────────────────────────────────────────────

# The stored name is "Evaluation · JOB-2026-001 Name" in the writer's language: keep the campaign.
evaluation = {"target": audit.titled(_("the evaluation of %(name)s"), keep=r"· (.*)$")}
audit.register("evaluation.started", _("%(actor)s started %(target)s with %(kpis)s KPIs"), **evaluation)
audit.register(
    "evaluation.actual_recorded",
    _("%(actor)s recorded %(actual)s for %(kpi)s in %(target)s (%(source)s, measured %(measured_on)s)"),
    choices={"source": KPIResult.Source},
    **evaluation,
)
audit.register("evaluation.learnings_saved", _("%(actor)s saved the learnings of %(target)s"), **evaluation)
audit.register("evaluation.completed", _("%(actor)s completed %(target)s"), **evaluation)
audit.register("evaluation.shared_with_client", _("%(actor)s shared %(target)s with %(contact)s"), **evaluation)
audit.register(
    "evaluation.client_acknowledged",
    {
        "": _("%(actor)s acknowledged %(target)s"),
        "comment": _("%(actor)s acknowledged %(target)s: %(comment)s"),
    },
    variant=audit.has("comment"),
    **evaluation,
)

# ── 360° reviews ─────────────────────────────────────────────────────────────

review = {"link": "reviews:review"}
audit.register("review.raw_answers_viewed", _("%(actor)s viewed the raw answers of %(target)s: %(reason)s"), **review)
audit.register(
    "review.framework_versioned",
    _("%(actor)s started the competency framework %(target)s"),
    link=lambda event: reverse("reviews:framework"),
)
audit.register("review.competency_edited", _("%(actor)s edited the competency %(target)s"))
audit.register(
    "review.cycle_created",
    _("%(actor)s started the review cycle %(target)s with %(reviews)s reviews"),
    link="reviews:cycle",
)
audit.register(
    "review.reviewer_added",
    _("%(actor)s added a reviewer to %(target)s: %(relationship)s"),
    choices={"relationship": Relationship},
    **review,
)
# Review anonymity: who gave feedback is never shown, so this sentence has no actor.
audit.register("review.feedback_submitted", _("Feedback on %(target)s came in"), **review)
audit.register("review.results_shared", _("%(actor)s shared the results of %(target)s"), **review)
audit.register("review.discussion_recorded", _("%(actor)s recorded the review discussion of %(target)s"), **review)
audit.register("review.employee_commented", _("%(actor)s added the employee’s comment to %(target)s"), **review)
audit.register(
    "review.signed",
    {
        "supervisor": _("%(actor)s signed %(target)s as the supervisor"),
        "employee": _("%(actor)s signed %(target)s as the employee"),
    },
    variant=lambda event: event.data.get("as"),
    **review,
)
audit.register("review.signed_off", _("%(actor)s completed the sign-off of %(target)s"), **review)
