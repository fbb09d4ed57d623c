"""Who sees what in a 360° review. Every review page, form and export asks here.

- A reviewer sees their own answers, nothing else of the review.
- The reviewed person and their supervisor see results once feedback is closed:
  the supervisor's and the self review individually, every other relationship
  group only as an aggregate, and only when it has at least MIN_GROUP_RESPONSES.
- Raw answers: management only, and only after recording a reason in the audit log.
- Anyone else: 404, as if the review did not exist.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.http import Http404

from agency.core import audit

from .models import NAMED_RELATIONSHIPS, Competency, Feedback, Relationship, Review, ReviewCycle

MIN_GROUP_RESPONSES = 3
MIN_REASON_LENGTH = 10


class ReasonRequired(Exception):
    pass


def _active(user):
    return user.is_authenticated and user.is_active


# Which rows a person may open at all.


def reviews_visible_to(user):
    """Reviews whose page this person may open: their own, those they supervise; management all."""
    if not _active(user):
        return Review.objects.none()
    if user.is_management:
        return Review.objects.all()
    return Review.objects.filter(Q(reviewee=user) | Q(supervisor=user))


def get_review_or_404(user, pk):
    try:
        return reviews_visible_to(user).select_related("cycle__framework", "reviewee", "supervisor").get(pk=pk)
    except Review.DoesNotExist:
        raise Http404("No review matches.") from None


def own_feedback(user):
    """The feedback this person was asked to give: the only answers a reviewer ever sees."""
    if not _active(user):
        return Feedback.objects.none()
    return Feedback.objects.filter(reviewer=user)


def get_own_feedback_or_404(user, pk):
    try:
        return own_feedback(user).select_related("review__cycle__framework", "review__reviewee").get(pk=pk)
    except Feedback.DoesNotExist:
        raise Http404("No feedback matches.") from None


def cycles_visible_to(user):
    """Cycle progress and the framework are management's pages."""
    if _active(user) and user.is_management:
        return ReviewCycle.objects.all()
    return ReviewCycle.objects.none()


def get_cycle_or_404(user, pk):
    try:
        return cycles_visible_to(user).select_related("framework").get(pk=pk)
    except ReviewCycle.DoesNotExist:
        raise Http404("No review cycle matches.") from None


def require_management(user):
    if not (_active(user) and user.is_management):
        raise Http404("Not found.")


def get_person_for_history_or_404(user, pk):
    """A person's review history: themselves, anyone above them in the reporting line, management."""
    people = get_user_model().objects.filter(pk=pk)
    if not _active(user):
        raise Http404("Not found.")
    if not user.is_management and pk != user.pk:
        people = people.filter(pk__in=get_user_model().objects.reports_of(user).values("pk"))
    person = people.first()
    if person is None:
        raise Http404("Not found.")
    return person


# What a person may do or see on a review they can open.


def may_manage(user, review):
    """Add reviewers, close feedback, write the discussion record: the supervisor, or management."""
    return user.is_management or (review.supervisor_id is not None and review.supervisor_id == user.pk)


def may_see_results(user, review):
    if user.is_management:
        return True
    if review.status == Review.Status.COLLECTING:
        # Results that change with every response would tell who said what.
        return False
    return user.pk in (review.reviewee_id, review.supervisor_id)


def may_see_reviewer_names(user, review):
    """The supervisor chases reviewers, so sees who was asked; the reviewed person sees only counts."""
    return may_manage(user, review)


@dataclass
class GroupResult:
    relationship: str
    label: str
    responses: int
    shown: bool
    averages: dict = field(default_factory=dict)  # competency id -> (average, number of ratings)
    comments: dict = field(default_factory=dict)  # competency id -> [comment, ...] in alphabetical order
    overall_comments: list = field(default_factory=list)


@dataclass
class NamedResult:
    relationship: str
    label: str
    reviewer: str
    answers: dict  # competency id -> FeedbackAnswer
    overall_comments: str


@dataclass
class Results:
    review: Review
    competencies: list
    named: list
    groups: list
    overall: dict  # competency id -> (average, number of ratings), over what is shown (self excluded)


def _average(ratings):
    ratings = [r for r in ratings if r is not None]
    if not ratings:
        return None
    return (round(sum(ratings) / len(ratings), 2), len(ratings))


def results_for(user, review):
    """The results this person may see, or 404. Three queries whatever the number of reviewers."""
    if not may_see_results(user, review):
        raise Http404("No results.")
    competencies = list(Competency.objects.filter(framework_id=review.cycle.framework_id))
    submitted = list(
        review.feedback.filter(status=Feedback.Status.SUBMITTED)
        .select_related("reviewer", "contact")
        .prefetch_related("answers")
    )
    labels = dict(Relationship.choices)
    named, by_group = [], defaultdict(list)
    for feedback in submitted:
        if feedback.relationship in NAMED_RELATIONSHIPS:
            named.append(
                NamedResult(
                    relationship=feedback.relationship,
                    label=labels[feedback.relationship],
                    reviewer=feedback.reviewer_name,
                    answers={a.competency_id: a for a in feedback.answers.all()},
                    overall_comments=feedback.overall_comments,
                )
            )
        else:
            by_group[feedback.relationship].append(feedback)
    named.sort(key=lambda n: NAMED_RELATIONSHIPS.index(n.relationship))

    groups, counted = [], defaultdict(list)
    for n in named:
        if n.relationship == Relationship.SUPERVISOR:
            for competency_id, answer in n.answers.items():
                counted[competency_id].append(answer.rating)
    for relationship, label in Relationship.choices:
        if relationship in NAMED_RELATIONSHIPS:
            continue
        responses = by_group.get(relationship, [])
        group = GroupResult(relationship, label, len(responses), shown=len(responses) >= MIN_GROUP_RESPONSES)
        if group.shown:
            answers = defaultdict(list)
            for feedback in responses:
                for answer in feedback.answers.all():
                    answers[answer.competency_id].append(answer)
                if feedback.overall_comments.strip():
                    group.overall_comments.append(feedback.overall_comments.strip())
            for competency_id, items in answers.items():
                ratings = [a.rating for a in items]
                group.averages[competency_id] = _average(ratings)
                counted[competency_id].extend(ratings)
                # Alphabetical, so the order does not tell who answered first.
                group.comments[competency_id] = sorted(a.comment.strip() for a in items if a.comment.strip())
            group.overall_comments.sort()
        if responses or relationship != Relationship.CLIENT:
            groups.append(group)
    overall = {c.pk: _average(counted.get(c.pk, [])) for c in competencies}
    return Results(review=review, competencies=competencies, named=named, groups=groups, overall=overall)


def raw_answers_for(user, review, *, reason, request=None):
    """Every answer with its reviewer's name: management only, after recording why, in the audit log."""
    if not (_active(user) and user.is_management):
        raise Http404("Not found.")
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise ReasonRequired
    audit.record(
        "review.raw_answers_viewed",
        obj=review,
        actor=user,
        data={"reason": reason, "reviewee": review.reviewee_id},
        request=request,
    )
    return list(
        review.feedback.filter(status=Feedback.Status.SUBMITTED)
        .select_related("reviewer", "contact")
        .prefetch_related("answers__competency")
    )


def get_competency_or_404(framework, code):
    try:
        return framework.competencies.prefetch_related("behaviours", "expectations").get(code=code)
    except Competency.DoesNotExist:
        raise Http404("No competency matches.") from None
