"""360° feedback not yet given, as a deadline kind ("review-feedback"), registered in
EvaluationsConfig.ready(): due soon and overdue, to the reviewer, on the engine's ladder
(agency/core/reminders.py: deadline_dues); the reviewed person's supervisor hears about feedback still
missing a few business days after the cycle's deadline.

Only the reviewer sees their own request on pages and calendars: who was asked is the supervisor's to know
(evaluations/access.py), and the review's page is where they chase it. Client contacts answer through their
link; the decision ladder chases those.
"""

from django.db.models import Q
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agency.core import deadlines

from .models import Feedback, Review


def feedback_requested(now):
    """Staff feedback still requested on reviews collecting feedback."""
    return Feedback.objects.filter(
        status=Feedback.Status.REQUESTED, reviewer__isnull=False, review__status=Review.Status.COLLECTING
    ).select_related("reviewer", "review__reviewee", "review__supervisor", "review__cycle")


def _what(feedback):
    # Lazy: rendered in the recipient's language when the reminder is written.
    if feedback.reviewer_id == feedback.review.reviewee_id:
        return gettext_lazy("Your self review")
    return format_lazy(gettext_lazy("360° feedback on {person}"), person=str(feedback.review.reviewee))


def feedback_item(feedback, now):
    what, cycle = _what(feedback), feedback.review.cycle
    return deadlines.DueItem(
        what=what,
        where=cycle.name,
        owner=feedback.reviewer,
        lead=feedback.review.supervisor,
        related=feedback.review,
        url=reverse("reviews:feedback", args=[feedback.pk]),
        title=_("Due: %(step)s · %(campaign)s") % {"step": what, "campaign": cycle.name},
    )


def _own(rows, user):
    return rows.filter(reviewer=user) if user.is_authenticated and user.is_active else rows.none()


REVIEW_FEEDBACK = deadlines.DeadlineKind(
    name="review-feedback",
    label=gettext_lazy("360° feedback not yet given"),
    rows=feedback_requested,
    due_field="review__cycle__feedback_deadline",
    item=feedback_item,
    key="feedback",
    owned_by=lambda user: Q(reviewer=user),
    owner_field="reviewer",
    client_field=None,
    visible_to=_own,
    order=70,
)
