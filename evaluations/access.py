"""Who sees what in a 360° review. Every review page, form and export asks here.
Rule: "Feedback anonymity" (docs/practice.md).

- A reviewer sees their own answers, nothing else of the review.
- The reviewed person, their supervisor and everyone above them in the reporting line (e.g. the GAD
  over an AD's AEs) see results once feedback is closed: the supervisor's and the self review by name,
  client contacts' feedback by name and client (they are told so on their form), and colleagues'
  feedback only in groups of at least MIN_GROUP_RESPONSES: smaller groups are merged into
  "Other colleagues", and what still cannot be shown is said, never silently dropped.
- Who was asked, by name: the supervisor and management (they chase reviewers); the reviewed person
  and managers further up see counts.
- Raw answers: management only, and only after recording a reason in the audit log.
- Anyone else: 404, as if the review did not exist.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from agency.core import audit

from .models import NAMED_RELATIONSHIPS, Competency, Feedback, Relationship, Review, ReviewCycle

MIN_GROUP_RESPONSES = 3
MIN_REASON_LENGTH = 10


class ReasonRequired(Exception):
    pass


def _active(user):
    return user.is_authenticated and user.is_active


# Which rows a person may open at all.


def _reports_of(user):
    return get_user_model().objects.reports_of(user).values("pk")


def reviews_visible_to(user):
    """Reviews whose page this person may open: their own, those they supervise, those of everyone
    below them in the reporting line (a GAD sees their ADs' AEs); management all."""
    if not _active(user):
        return Review.objects.none()
    if user.is_management:
        return Review.objects.all()
    return Review.objects.filter(Q(reviewee=user) | Q(supervisor=user) | Q(reviewee__in=_reports_of(user)))


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


def may_see_cycles(user):
    """The cycle list: management, and anyone with people under them (one query)."""
    if not _active(user):
        return False
    return user.is_management or get_user_model().objects.reports_of(user).exists()


def cycles_visible_to(user):
    """Management sees every cycle; a line manager the cycles with a review of someone under them."""
    if not _active(user):
        return ReviewCycle.objects.none()
    if user.is_management:
        return ReviewCycle.objects.all()
    return ReviewCycle.objects.filter(pk__in=Review.objects.filter(reviewee__in=_reports_of(user)).values("cycle_id"))


def get_cycle_or_404(user, pk):
    try:
        return cycles_visible_to(user).select_related("framework").get(pk=pk)
    except ReviewCycle.DoesNotExist:
        raise Http404("No review cycle matches.") from None


def require_cycles(user):
    if not may_see_cycles(user):
        raise Http404("Not found.")


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
    if user.pk in (review.reviewee_id, review.supervisor_id):
        return True
    # Managers further up the line see what the supervisor sees.
    return get_user_model().objects.reports_of(user).filter(pk=review.reviewee_id).exists()


def may_see_reviewer_names(user, review):
    """The supervisor chases reviewers, so sees who was asked; the reviewed person sees only counts."""
    return may_manage(user, review)


OTHER_COLLEAGUES = "other"


@dataclass
class GroupResult:
    relationship: str
    label: str
    responses: int
    shown: bool
    members: list = field(default_factory=list)  # the relationship labels merged into this group
    feedback: list = field(default_factory=list)
    averages: dict = field(default_factory=dict)  # competency id -> (average, number of ratings)
    comments: dict = field(default_factory=dict)  # competency id -> [comment, ...] in alphabetical order
    overall_comments: list = field(default_factory=list)

    @property
    def merged(self):
        return len(self.members) > 1

    @property
    def members_text(self):
        return ", ".join(str(m) for m in self.members)


@dataclass
class NamedResult:
    relationship: str
    label: str
    reviewer: str
    answers: dict  # competency id -> FeedbackAnswer
    overall_comments: str


@dataclass
class ClientResult:
    """One client contact's feedback, in full, with their name and their client."""

    contact: str
    client: str
    answers: list  # FeedbackAnswer, in the order asked
    overall_comments: str
    contact_row: object = None  # the Contact, so a page can link the names (agency/core/object_links.py)


@dataclass
class Results:
    review: Review
    competencies: list
    named: list
    groups: list  # colleagues' groups that are shown
    overall: dict  # competency id -> (average, number of ratings), over what is shown (self excluded)
    clients: list = field(default_factory=list)
    withheld: GroupResult | None = None  # colleagues' answers too few to show even merged
    folded: GroupResult | None = None  # small groups counted within a shown group, named in `folded_into`
    folded_into: str = ""


def _average(ratings):
    ratings = [r for r in ratings if r is not None]
    if not ratings:
        return None
    return (round(sum(ratings) / len(ratings), 2), len(ratings))


def _aggregate(group):
    answers = defaultdict(list)
    for feedback in group.feedback:
        for answer in feedback.answers.all():
            if answer.competency_id:
                answers[answer.competency_id].append(answer)
        if feedback.overall_comments.strip():
            group.overall_comments.append(feedback.overall_comments.strip())
    for competency_id, items in answers.items():
        group.averages[competency_id] = _average([a.rating for a in items])
        # Alphabetical, so the order does not tell who answered first.
        group.comments[competency_id] = sorted(a.comment.strip() for a in items if a.comment.strip())
    group.overall_comments.sort()


def _colleague_groups(by_group):
    """Colleagues' groups as shown: each group with at least MIN_GROUP_RESPONSES answers on its own; the
    smaller ones merged into "Other colleagues". If that is still too small, it is counted within the
    smallest shown group (named so), or, with no group to join, withheld: returns (shown, withheld, folded)."""
    labels = dict(Relationship.choices)
    shown, small = [], []
    for relationship, _label in Relationship.choices:
        if relationship in NAMED_RELATIONSHIPS or relationship == Relationship.CLIENT:
            continue
        responses = by_group.get(relationship, [])
        if len(responses) >= MIN_GROUP_RESPONSES:
            shown.append(
                GroupResult(relationship, labels[relationship], len(responses), True, [labels[relationship]], responses)
            )
        elif responses:
            small.append((relationship, responses))
    if not small:
        return shown, None, None
    other = GroupResult(
        OTHER_COLLEAGUES,
        _("Other colleagues"),
        sum(len(r) for _rel, r in small),
        False,
        [labels[rel] for rel, _r in small],
        [f for _rel, r in small for f in r],
    )
    if other.responses >= MIN_GROUP_RESPONSES:
        other.shown = True
        shown.append(other)
        return shown, None, None
    if shown:
        into = min(shown, key=lambda g: (g.responses, g.label))
        into.members += other.members
        into.feedback += other.feedback
        into.responses += other.responses
        into.label = _("%(group)s and other colleagues") % {"group": into.label}
        return shown, None, (other, into)
    return shown, other, None


def results_for(user, review):
    """The results this person may see, or 404. Three queries whatever the number of reviewers."""
    if not may_see_results(user, review):
        raise Http404("No results.")
    competencies = list(Competency.objects.filter(framework_id=review.cycle.framework_id))
    by_pk = {c.pk: c for c in competencies}
    submitted = list(
        review.feedback.filter(status=Feedback.Status.SUBMITTED)
        .select_related("reviewer", "contact__client")
        .prefetch_related("answers")
    )
    labels = dict(Relationship.choices)
    named, clients, by_group = [], [], defaultdict(list)
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
        elif feedback.contact_id:
            answers = sorted(feedback.answers.all(), key=_client_answer_order(by_pk))
            for answer in answers:
                if answer.competency_id:  # client feedback given on competencies, before the client questions
                    answer.competency = by_pk[answer.competency_id]
            clients.append(
                ClientResult(
                    contact=feedback.contact.name,
                    client=feedback.contact.client.name,
                    answers=answers,
                    overall_comments=feedback.overall_comments,
                    contact_row=feedback.contact,
                )
            )
        else:
            by_group[feedback.relationship].append(feedback)
    named.sort(key=lambda n: NAMED_RELATIONSHIPS.index(n.relationship))
    clients.sort(key=lambda c: (c.client, c.contact))

    counted = defaultdict(list)
    for n in named:
        if n.relationship == Relationship.SUPERVISOR:
            for competency_id, answer in n.answers.items():
                counted[competency_id].append(answer.rating)
    groups, withheld, folded = _colleague_groups(by_group)
    for group in groups:
        _aggregate(group)
        for competency_id in group.averages:
            counted[competency_id].extend(
                a.rating for f in group.feedback for a in f.answers.all() if a.competency_id == competency_id
            )
    overall = {c.pk: _average(counted.get(c.pk, [])) for c in competencies}
    return Results(
        review=review,
        competencies=competencies,
        named=named,
        groups=groups,
        overall=overall,
        clients=clients,
        withheld=withheld,
        folded=folded[0] if folded else None,
        folded_into=folded[1].label if folded else "",
    )


def _client_answer_order(competencies_by_pk):
    from .client_questions import CLIENT_QUESTIONS

    order = {q.code: i for i, q in enumerate(CLIENT_QUESTIONS)}

    def key(answer):
        if answer.question:
            return (0, order.get(answer.question, len(order)), answer.question)
        competency = competencies_by_pk.get(answer.competency_id)
        return (1, competency.order if competency else 0, answer.competency_id)

    return key


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
