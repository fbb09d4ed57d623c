"""Reminder rule for 360° feedback not yet given: due soon and overdue, to the reviewer.

Registered with the engine in EvaluationsConfig.ready() as "review-feedback"; timings, delivery and the
exactly-once ledger are the engine's (agency/core/reminders.py: deadline_dues). The reviewed person's
supervisor hears about feedback still missing a few business days after the cycle's deadline.
Client contacts answer through their link; the decision ladder chases those.
"""

from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from agency.core.reminders import Deadline, deadline_dues, deadline_window

from .models import Feedback, Review


def feedback_near_its_deadline(now):
    """Staff feedback still requested on reviews collecting feedback, with the cycle deadline in the window."""
    earliest, latest = deadline_window(now)
    return (
        Feedback.objects.filter(
            status=Feedback.Status.REQUESTED,
            reviewer__isnull=False,
            review__status=Review.Status.COLLECTING,
            review__cycle__feedback_deadline__gte=earliest,
            review__cycle__feedback_deadline__lte=latest,
        )
        .select_related("reviewer", "review__reviewee", "review__supervisor", "review__cycle")
        .order_by("review__cycle__feedback_deadline", "id")
    )


def _what(feedback):
    # Lazy: rendered in the recipient's language when the reminder is written.
    if feedback.reviewer_id == feedback.review.reviewee_id:
        return _("Your self review")
    return format_lazy(_("360° feedback on {person}"), person=str(feedback.review.reviewee))


def review_feedback_dues(now):
    pending = feedback_near_its_deadline(now).iterator(chunk_size=500)
    deadlines = (
        Deadline(
            object_key=f"feedback:{feedback.pk}",
            due_date=feedback.review.cycle.feedback_deadline,
            owner=feedback.reviewer,
            what=_what(feedback),
            where=feedback.review.cycle.name,
            related=feedback.review,
            url=reverse("reviews:feedback", args=[feedback.pk]),
            lead=feedback.review.supervisor,
        )
        for feedback in pending
    )
    yield from deadline_dues(deadlines, now, rule="review-feedback")
