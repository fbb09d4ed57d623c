import pytest

from agency.core.tests.factories import UserFactory
from evaluations.services import reviews as services


@pytest.fixture
def review(personas):
    """The member's review in a "2026 H2" cycle, supervised by the supervisor, collecting feedback."""
    import datetime

    cycle = services.cycle_create(
        name="2026 H2",
        period_start=datetime.date(2026, 7, 1),
        period_end=datetime.date(2026, 12, 31),
        feedback_deadline=datetime.date(2027, 1, 15),
        titles=["AE"],
        people=[personas.member],
        by=personas.management,
    )
    return cycle.reviews.get()


@pytest.fixture
def give_feedback(personas):
    """Ask someone for feedback and submit it: every competency rated `rating`, with `comment`."""

    def give(review, relationship, reviewer=None, rating=4, comment="Solid work"):
        if reviewer is None:
            reviewer = UserFactory(
                department={"creative": "creative", "planning": "planning"}.get(relationship, "client_service")
            )
        feedback = review.feedback.filter(reviewer=reviewer).first() or services.review_add_reviewer(
            review=review, relationship=relationship, reviewer=reviewer, by=personas.management
        )
        answers = {c.pk: (rating, comment) for c in review.cycle.framework.competencies.all()}
        services.feedback_submit(
            feedback=feedback, by=reviewer, answers=answers, overall_comments=f"Overall: {comment}"
        )
        return reviewer

    return give


@pytest.fixture
def share(personas):
    def do(review):
        return services.review_share_results(review=review, by=personas.supervisor)

    return do


from briefs.tests.fixtures import _no_bad_token_throttle, contact  # noqa: E402, F401
