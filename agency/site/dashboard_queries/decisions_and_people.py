"""Client decisions waiting, team workload and review-cycle progress."""

from django.contrib.auth import get_user_model
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import ActionItem
from agency.core.models import DecisionRequest
from briefs.models import ChecklistStep
from briefs.models.campaign import WORKING_STAGES
from evaluations.models import Feedback, Relationship, Review, ReviewCycle

from ..home_queries import escalation_level, level_of, waiting_decisions
from .base import DECISIONS_SHOWN, ESCALATION_LABELS, Section, Table, chart


def decisions_section(scope):
    """Open client links, oldest first, with their escalation level from the ledger: two queries."""
    requests = DecisionRequest.objects.filter(client__in=scope.clients)
    if scope.filtered_by_person:
        requests = requests.filter(requested_by__in=scope.campaigns.values("lead_ae"))
    levels = dict.fromkeys(ESCALATION_LABELS, 0)
    for ladder, n in (
        requests.open()
        .filter(expires_at__gt=scope.now)
        .annotate(ladder=escalation_level())
        .values_list("ladder")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        levels[min(level_of(ladder), 3)] += n
    waiting = waiting_decisions(requests, scope.now, limit=DECISIONS_SHOWN)
    rows = [
        [r.document_title, r.version_label, r.client.name, str(r.contact), str(r.requested_by),
         timezone.localtime(r.sent_at or r.created_at).date(), r.age_days, r.escalation,
         ESCALATION_LABELS[min(r.escalation, 3)]]
        for r in waiting
    ]  # fmt: skip
    level_rows = [[ESCALATION_LABELS[level], n] for level, n in levels.items()]
    return Section(
        slug="decisions",
        title=_("Client decisions waiting"),
        tables=[
            Table("decisions-levels", _("By escalation level"), [_("Escalation"), _("Waiting")], level_rows),
            Table(
                "decisions-waiting",
                _("Oldest first"),
                [
                    _("Document"),
                    _("Version"),
                    _("Client"),
                    _("Contact"),
                    _("Requested by"),
                    _("Sent"),
                    _("Waiting (days)"),
                    _("Escalation level"),
                    _("Escalation"),
                ],
                rows,
            ),  # fmt: skip
        ],
        chart=chart("bar", [row[0] for row in level_rows], [(_("Waiting"), [row[1] for row in level_rows])]),
        note=_("The oldest %(n)s are listed.") % {"n": DECISIONS_SHOWN} if sum(levels.values()) > len(rows) else "",
    )


def workload_section(scope):
    """Per person: running campaigns led, open steps of the current stage, action items, decisions chased."""
    today = timezone.localdate(scope.now)
    running = scope.campaigns.filter(stage__in=WORKING_STAGES)
    people = {}

    def add(pk, index, value):
        people.setdefault(pk, [0] * 6)[index] += value or 0

    for pk, n in running.values_list("lead_ae").annotate(n=Count("pk")).order_by():
        add(pk, 0, n)
    steps = ChecklistStep.objects.filter(
        campaign__in=running.values("pk"), stage=F("campaign__stage"), done_at__isnull=True, owner__isnull=False
    )
    for pk, n, late in (
        steps.values_list("owner").annotate(n=Count("pk"), late=Count("pk", filter=Q(due_date__lt=today))).order_by()
    ):
        add(pk, 1, n)
        add(pk, 2, late)
    items = ActionItem.objects.filter(client__in=scope.clients, done_at__isnull=True)
    for pk, n, late in (
        items.values_list("owner").annotate(n=Count("pk"), late=Count("pk", filter=Q(due_date__lt=today))).order_by()
    ):
        add(pk, 3, n)
        add(pk, 4, late)
    waiting = DecisionRequest.objects.filter(client__in=scope.clients).open().filter(expires_at__gt=scope.now)
    for pk, n in waiting.values_list("requested_by").annotate(n=Count("pk")).order_by():
        add(pk, 5, n)
    names = {
        u.pk: str(u)
        for u in get_user_model().objects.filter(pk__in=list(people)).only("first_name", "last_name", "username")
    }
    rows = sorted(([names.get(pk, "?"), *counts] for pk, counts in people.items()), key=lambda r: (-sum(r[1:]), r[0]))
    header = [_("Campaigns led"), _("Open steps"), _("Overdue steps"), _("Open action items"),
              _("Overdue action items"), _("Client decisions chased")]  # fmt: skip
    return Section(
        slug="workload",
        title=_("Team workload"),
        tables=[Table("workload-people", _("Per person"), [_("Staff member"), *header], rows)],
        chart=chart(
            "bar",
            [row[0] for row in rows[:30]],
            [(header[i], [row[i + 1] for row in rows[:30]]) for i in (0, 1, 3, 5)],
            stacked=True,
            horizontal=True,
        ),
    )


# ── Review cycles ────────────────────────────────────────────────────────────


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
        ),  # fmt: skip
        note=_("Reviews of the people you supervise; the client and team filters do not apply."),
    )
