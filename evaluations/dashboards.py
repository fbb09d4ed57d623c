"""Review-cycle progress on the manager dashboard (registered in EvaluationsConfig.ready();
agency/core/dashboards.py)."""

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from agency.core.dashboards import Section, Table, chart

from .models import Feedback, Relationship, Review, ReviewCycle


def reviews_in_scope(user):
    """Management sees every review; anyone else the reviews of the people below them."""
    if user.is_management:
        return Review.objects.all()
    return Review.objects.filter(Q(supervisor=user) | Q(reviewee__in=get_user_model().objects.reports_of(user)))


def reviews_section(scope):
    """Open review cycles: reviews signed off, feedback received (self excluded): two queries."""
    reviews = reviews_in_scope(scope.user).filter(cycle__status=ReviewCycle.Status.OPEN)
    cycles = {
        pk: [name, deadline, n, discussion, signed, 0, 0]
        for pk, name, deadline, n, discussion, signed in reviews.values_list(
            "cycle", "cycle__name", "cycle__feedback_deadline"
        )
        .annotate(
            n=Count("pk"),
            discussion=Count("pk", filter=Q(status=Review.Status.DISCUSSION)),
            signed=Count("pk", filter=Q(status=Review.Status.SIGNED_OFF)),
        )
        .order_by()
    }
    feedback = (
        Feedback.objects.filter(review__in=reviews.values("pk"))
        .exclude(relationship=Relationship.SELF)
        .exclude(status=Feedback.Status.CLOSED)
    )
    for pk, requested, submitted in (
        feedback.values_list("review__cycle")
        .annotate(requested=Count("pk"), submitted=Count("pk", filter=Q(status=Feedback.Status.SUBMITTED)))
        .order_by()
    ):
        if pk in cycles:
            cycles[pk][5:] = [requested, submitted]
    rows = [
        [name, deadline, n, discussion, signed, requested, submitted,
         round(100 * submitted / requested, 1) if requested else 0.0]
        for name, deadline, n, discussion, signed, requested, submitted in sorted(cycles.values(), key=lambda r: r[1])
    ]  # fmt: skip
    return Section(
        slug="reviews",
        title=_("Review cycles in progress"),
        tables=[
            Table(
                "reviews-cycles",
                _("Open cycles"),
                [
                    _("Cycle"),
                    _("Feedback deadline"),
                    _("Reviews"),
                    _("In discussion"),
                    _("Signed off"),
                    _("Feedback requested"),
                    _("Feedback received"),
                    _("Received %"),
                ],
                rows,
            ),  # fmt: skip
        ],
        chart=chart(
            "bar",
            [row[0] for row in rows],
            [
                (_("Feedback received %"), [row[7] for row in rows]),
                (_("Signed off %"), [round(100 * row[4] / row[2], 1) if row[2] else 0 for row in rows]),
            ],
            counts=False,
            scale=(0, 100),
        ),  # fmt: skip
        note=_("Reviews of the people you supervise; the client and team filters do not apply."),
    )
