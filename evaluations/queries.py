"""Read-side queries for the review pages, each a fixed number of SQL queries."""

from collections import defaultdict

from django.db.models import Count, F, Q

from accounts.models import AccountTeamMember, Contact
from agency.core.models import Department
from briefs.gate_facts import EvaluationFact
from briefs.models import Campaign, KPIDirection

from .models import Competency, Feedback, PostAnalysis, Relationship, Review

# A KPI result that met its target, as KPIResult.achieved says: at or over it, or at or under it when lower is better.
KPI_MET = Q(actual__isnull=False) & (
    Q(direction=KPIDirection.HIGHER, actual__gte=F("target")) | Q(direction=KPIDirection.LOWER, actual__lte=F("target"))
)

ROLE_TO_RELATIONSHIP = {
    "planner": Relationship.PLANNING,
    "creative": Relationship.CREATIVE,
    "media": Relationship.MEDIA,
    "finance": Relationship.FINANCE,
}
DEPARTMENT_TO_RELATIONSHIP = {
    Department.PLANNING: Relationship.PLANNING,
    Department.CREATIVE: Relationship.CREATIVE,
    Department.MEDIA: Relationship.MEDIA,
    Department.PRODUCTION: Relationship.MEDIA,
    Department.FINANCE: Relationship.FINANCE,
    Department.CLIENT_SERVICE: Relationship.PEER,
}


def competencies_with_expectations(framework_id, title):
    """The framework's competencies with behaviours, each with `.expectation_for_title` (two queries)."""
    competencies = list(
        Competency.objects.filter(framework_id=framework_id).prefetch_related("behaviours", "expectations")
    )
    for competency in competencies:
        competency.expectation_for_title = next((e.text for e in competency.expectations.all() if e.title == title), "")
    return competencies


def feedback_to_give(user):
    return (
        Feedback.objects.filter(reviewer=user, review__cycle__status="open")
        .exclude(status=Feedback.Status.CLOSED)
        .select_related("review__reviewee", "review__cycle")
        .order_by("status", "review__cycle__feedback_deadline", "pk")
    )


def _with_counts(reviews):
    return reviews.select_related("reviewee", "supervisor", "cycle").annotate(
        n_requested=Count("feedback", filter=~Q(feedback__relationship=Relationship.SELF)),
        n_submitted=Count(
            "feedback",
            filter=Q(feedback__status=Feedback.Status.SUBMITTED) & ~Q(feedback__relationship=Relationship.SELF),
        ),
    )


def my_reviews(user):
    return _with_counts(Review.objects.filter(reviewee=user))


def reviews_i_supervise(user):
    return _with_counts(Review.objects.filter(supervisor=user).exclude(reviewee=user))


def cycle_progress(cycle):
    return _with_counts(cycle.reviews.all()).order_by("reviewee__first_name", "reviewee__last_name", "pk")


def reviewers_of(review):
    return review.feedback.select_related("reviewer", "contact__client").order_by("relationship", "pk")


def client_links_to_renew(review):
    """Client contacts asked for feedback who have not answered and hold no open link (it expired, was
    withdrawn, or the questions changed under it): they can be sent a new link. Two queries."""
    from agency.core.models import DecisionRequest

    waiting = list(
        review.feedback.filter(contact__isnull=False, status=Feedback.Status.REQUESTED).select_related("contact")
    )
    open_ids = set(DecisionRequest.objects.for_documents(waiting).open().values_list("document_id", flat=True))
    return [f for f in waiting if f.pk not in open_ids]


def reviewer_suggestions(review):
    """Who actually worked with the person: their account teams and the clients of campaigns they lead.

    Returns (colleagues, contacts): colleagues as (user, relationship, [client names]) not yet asked,
    contacts of those clients not yet asked. Three queries.
    """
    person = review.reviewee
    client_ids = set(AccountTeamMember.objects.filter(user=person).values_list("client_id", flat=True))
    client_ids |= set(Campaign.objects.filter(lead_ae=person).values_list("client_id", flat=True))
    asked = review.feedback.values("reviewer_id")
    members = (
        AccountTeamMember.objects.filter(client_id__in=client_ids, user__is_active=True)
        .exclude(user=person)
        .exclude(user_id__in=asked)
        .exclude(user_id=review.supervisor_id)
        .select_related("user", "client")
        .order_by("user__first_name", "user__last_name", "client__name")
    )
    colleagues, clients_of = {}, defaultdict(list)
    for member in members:
        relationship = ROLE_TO_RELATIONSHIP.get(member.role) or DEPARTMENT_TO_RELATIONSHIP.get(
            member.user.department, Relationship.PEER
        )
        colleagues.setdefault(member.user_id, (member.user, relationship))
        clients_of[member.user_id].append(member.client.name)
    suggested = [(user, relationship, clients_of[pk]) for pk, (user, relationship) in colleagues.items()]
    contacts = list(
        Contact.objects.filter(client_id__in=client_ids, is_active=True)
        .exclude(pk__in=review.feedback.filter(contact__isnull=False).values("contact_id"))
        .select_related("client")
        .order_by("client__name", "name")
    )
    return suggested, contacts


def history_of(person):
    """A person's signed-off and running reviews across cycles, with per-competency averages over time.

    Averages are those the person may see on their results (access.results_for applies the threshold);
    this returns the reviews, oldest first; the view asks access for each one's results.
    """
    return list(
        Review.objects.filter(reviewee=person)
        .select_related("cycle__framework", "reviewee", "supervisor")
        .order_by("cycle__period_end", "pk")
    )


def competency_codes(frameworks):
    """Competency names by code across framework versions, in framework order (one query)."""
    names = {}
    for competency in Competency.objects.filter(framework__in=frameworks).order_by("order", "-framework__version"):
        names.setdefault(competency.code, competency)
    return names


# ── Campaign evaluation ──────────────────────────────────────────────────────


def evaluation_gate_fact(campaign):
    """Whether the campaign evaluation is written and completed, for the workflow's evaluation gate
    (registered in EvaluationsConfig.ready(); briefs/gate_facts.py)."""
    from .models import CampaignEvaluation

    evaluation = CampaignEvaluation.objects.filter(campaign=campaign).only("status").first()
    return None if evaluation is None else EvaluationFact(completed=evaluation.is_done)


def evaluation_for_page(campaign):
    """The campaign's evaluation with its KPI results, or None (two queries)."""
    from .models import CampaignEvaluation

    evaluation = (
        CampaignEvaluation.objects.filter(campaign=campaign)
        .select_related("brief_version", "completed_by", "client")
        .prefetch_related("results")
        .first()
    )
    return evaluation


# A KPI is about media delivery when its name, unit or measure says so: then the post-analysis prefills it.
MEDIA_WORDS = ("spot", "deliver", "media", "airing", "aired", "insertion", "投放", "播出", "媒体", "媒體", "频次")


def looks_like_media_delivery(result):
    text = f"{result.name} {result.unit} {result.measured_by}".lower()
    return any(word in text for word in MEDIA_WORDS)


def media_delivery(campaign):
    """(post-analysis, delivery figures) of the campaign's latest media post-analysis, or (None, None)."""
    analysis = PostAnalysis.objects.filter(campaign=campaign).select_related("version").order_by("-created_at").first()
    if analysis is None:
        return None, None
    return analysis, analysis.figures


def media_prefill(result, analysis, figures):
    """Initial values for recording a media-delivery KPI from the post-analysis: delivered spots, or
    delivered spots as a percentage of planned for a KPI in %. Empty when it does not apply."""
    if analysis is None or result.is_recorded or not looks_like_media_delivery(result):
        return {}
    if result.unit.strip() == "%":
        if not figures.planned_spots:
            return {}
        actual = round(figures.delivered_spots * 100 / figures.planned_spots, 1)
    else:
        actual = figures.delivered_spots
    return {"actual": actual, "source": "media_delivery", "measured_on": analysis.created_at.date()}


def evaluation_links(evaluation):
    """The client links sent for the evaluation, with their history (three queries)."""
    from agency.core import decisions
    from agency.core.models import DecisionRequest

    if evaluation is None:
        return []
    requests = list(
        DecisionRequest.objects.for_document(evaluation)
        .select_related("contact", "requested_by", "decision__recorded_by", "decision__evidence")
        .order_by("-created_at", "-id")
    )
    history = decisions.request_history(requests)
    for r in requests:
        r.history = history[r.pk]
    return requests


# ── Helpful facts beside the ratings (issue 7): what the system itself knows about the person's work ──


def person_facts(person, period_start, period_end):
    """Facts for the review period, in four queries: the client decisions the person asked for (how fast
    clients answered, how many asked for changes), the KPIs met on campaigns they led and evaluated, the
    complaints they owned answered within the SLA, and the satisfaction scores clients gave them.
    Numbers only, no client names, so they can sit beside the ratings for anyone who sees the review."""
    import datetime

    from django.db.models import Avg, DurationField, ExpressionWrapper
    from django.utils import timezone

    from agency.core.models import Decision, DecisionRequest

    from .models import KPIResult

    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(period_start, datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(period_end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    answered = Q(decision__isnull=False)
    decisions = DecisionRequest.objects.filter(requested_by=person, sent_at__gte=start, sent_at__lt=end).aggregate(
        sent=Count("pk"),
        answered=Count("pk", filter=answered),
        changes=Count("pk", filter=Q(decision__outcome=Decision.Outcome.CHANGES_REQUESTED)),
        turnaround=Avg(
            ExpressionWrapper(F("decision__decided_at") - F("sent_at"), output_field=DurationField()), filter=answered
        ),
    )
    turnaround = decisions["turnaround"]
    kpis = KPIResult.objects.filter(
        evaluation__campaign__lead_ae=person,
        evaluation__completed_at__gte=start,
        evaluation__completed_at__lt=end,
        actual__isnull=False,
    ).aggregate(
        total=Count("pk"),
        met=Count("pk", filter=KPI_MET),
        campaigns=Count("evaluation", distinct=True),
    )
    from accounts.models import Complaint, SatisfactionSurvey

    complaints = Complaint.objects.filter(owner=person, received_at__gte=start, received_at__lt=end).aggregate(
        owned=Count("pk"), in_time=Count("pk", filter=Q(first_response_at__lte=F("respond_by")))
    )
    surveys = SatisfactionSurvey.objects.filter(
        ae=person, answered_at__gte=start, answered_at__lt=end, score__isnull=False
    ).aggregate(answers=Count("pk"), average=Avg("score"))
    return {
        "complaints_owned": complaints["owned"],
        "complaints_in_time": complaints["in_time"],
        "survey_answers": surveys["answers"],
        "survey_average": None if surveys["average"] is None else round(surveys["average"], 1),
        "decisions_sent": decisions["sent"],
        "decisions_answered": decisions["answered"],
        "changes_requested": decisions["changes"],
        "turnaround_days": None if turnaround is None else round(turnaround.total_seconds() / 86400, 1),
        "kpis_total": kpis["total"],
        "kpis_met": kpis["met"],
        "campaigns_evaluated": kpis["campaigns"],
    }
