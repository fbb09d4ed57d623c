"""Read-side queries for the review pages, each a fixed number of SQL queries."""

from collections import defaultdict

from django.db.models import Count, Q

from accounts.models import AccountTeamMember, Contact
from agency.models import Department
from briefs.models import Campaign

from .models import Competency, Feedback, Relationship, Review

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
