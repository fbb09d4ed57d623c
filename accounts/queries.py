"""Read-side queries for the client pages, each a fixed number of SQL queries whatever the data size."""

from datetime import timedelta

from django.db.models import Avg, Count, F, Prefetch, Q
from django.db.models.functions import TruncQuarter
from django.utils import timezone

from agency.core.models import AuditEvent, DecisionRequest, User

from .client_pages import client_cards, client_counts, count_per_client
from .models import (
    AccountTeamMember,
    ActionItem,
    Brand,
    Client,
    Complaint,
    Prospect,
    ProspectActivity,
    SatisfactionSurvey,
    StatusReport,
)

RECENT_REPORTS = 5
HISTORY_ACTIONS = ("client.created", "client.updated", "client.team_changed")


def clients_for_list(user, *, q="", tier="", stage="", member=None, industry="", archived=""):
    """The client list: visible clients, filtered, with counts (subqueries: for the page's clients only)
    and the team (two queries per page)."""
    clients = Client.objects.visible_to(user)
    if archived == "only":
        clients = clients.filter(archived_at__isnull=False)
    elif archived != "all":
        clients = clients.active()
    if q:
        clients = clients.filter(Q(name__icontains=q) | Q(code__icontains=q) | Q(legal_name__icontains=q))
    if tier:
        clients = clients.filter(tier=tier)
    if stage:
        clients = clients.filter(stage=stage)
    if industry:
        clients = clients.filter(industry=industry)
    if member:
        clients = clients.filter(pk__in=AccountTeamMember.objects.filter(user=member).values("client_id"))
    return (
        clients.annotate(
            n_brands=count_per_client(Brand.objects.all()),
            **{count.name: count.aggregate for count in client_counts()},
        )
        .prefetch_related(
            Prefetch(
                "team_members",
                queryset=AccountTeamMember.objects.select_related("user").order_by("role", "user__first_name"),
            )
        )
        .order_by("name")
    )


def industries_visible_to(user):
    return (
        Client.objects.visible_to(user)
        .exclude(industry="")
        .order_by("industry")
        .values_list("industry", flat=True)
        .distinct()
    )


def staff_for_choices():
    return User.objects.filter(is_active=True).order_by("first_name", "last_name", "username")


def client_page(client):
    """Everything on the client page, fetched in a fixed number of queries."""
    team = list(client.team_members.select_related("user").order_by("role", "user__first_name"))
    brands = list(client.brands.all())
    contacts = list(client.contacts.order_by("-is_active", "name"))
    reports = list(
        client.contact_reports.select_related("created_by")
        .annotate(n_items=Count("action_items"))
        .order_by("-meeting_date", "-id")[:RECENT_REPORTS]
    )
    open_items = list(
        ActionItem.objects.filter(client=client).open().select_related("owner", "report").order_by("due_date", "id")
    )
    # Links still waiting for the client, oldest first: the ones to chase.
    open_decisions = list(
        DecisionRequest.objects.filter(client=client, expires_at__gt=timezone.now())
        .open()
        .select_related("contact", "requested_by")
        .order_by("sent_at", "created_at", "id")
    )
    history = list(
        AuditEvent.objects.for_object(client)
        .filter(action__in=HISTORY_ACTIONS)
        .select_related("actor")
        .order_by("-created_at", "-id")[:50]
    )
    prospect = (
        Prospect.objects.filter(client=client)
        .select_related("owner")
        .prefetch_related(Prefetch("activities", queryset=_activities()))
        .first()
    )
    complaints = with_clocks(
        Complaint.objects.filter(client=client).open().select_related("owner").order_by("respond_by", "id")
    )
    return {
        "complaints": complaints,
        "team": team,
        "brands": brands,
        "contacts": contacts,
        "cards": client_cards(client),  # the campaigns card, from briefs (accounts/client_pages.py)
        "reports": reports,
        "open_items": open_items,
        "open_decisions": open_decisions,
        "history": history,
        "prospect": prospect,
    }


def _activities():
    return ProspectActivity.objects.select_related("by").order_by("-date", "-id")


def contact_report_page(report):
    return {
        "staff_attendees": list(report.staff_attendees.all()),
        "client_attendees": list(report.client_attendees.all()),
        "action_items": list(report.action_items.select_related("owner", "done_by")),
        "emails": list(
            report.client.outbox_messages.filter(related_id=str(report.pk), template="contact_report").order_by(
                "created_at"
            )
        ),
    }


def action_items_for_export(client):
    return ActionItem.objects.filter(client=client).select_related("owner", "report").order_by("due_date", "id")


def prospects_for_list(user, *, status="open", q=""):
    prospects = Prospect.objects.visible_to(user).select_related("owner", "client")
    if status in Prospect.Status.values:
        prospects = prospects.filter(status=status)
    if q:
        prospects = prospects.filter(Q(company__icontains=q) | Q(industry__icontains=q))
    return prospects.annotate(n_activities=Count("activities")).order_by("company")


def prospect_page(prospect):
    return {
        "activities": list(prospect.activities.select_related("by")),
        "contacts": list(prospect.contacts.select_related("contact")),
    }


# --- the client service loop: complaints, surveys, status reports ---------------------------------


class SlaClock:
    """What a complaint's response clock shows: answered in time or late, or running or breached
    with the time left or overdue, in its class's hours (clock or working hours, accounts/sla.py)."""

    MET, LATE, RUNNING, AT_RISK, BREACHED = "met", "late", "running", "at_risk", "breached"

    def __init__(self, complaint, now):
        from . import sla

        self.respond_by = complaint.respond_by
        if complaint.first_response_at is not None:
            self.state = self.MET if complaint.first_response_at <= complaint.respond_by else self.LATE
            self.left = None
        else:
            self.left = sla.time_left(complaint.priority, now, complaint.respond_by)
            if self.left <= timedelta(0):
                self.state = self.BREACHED
            elif now >= complaint.warn_at:
                self.state = self.AT_RISK
            else:
                self.state = self.RUNNING

    @property
    def hours_left(self):
        """Hours and minutes left, e.g. '5:30' (when breached: how long overdue)."""
        if self.left is None:
            return ""
        minutes = int(abs(self.left).total_seconds() // 60)
        return f"{minutes // 60}:{minutes % 60:02d}"

    @property
    def is_open(self):
        return self.left is not None


def with_clocks(complaints, now=None):
    now = now or timezone.now()
    complaints = list(complaints)
    for complaint in complaints:
        complaint.clock = SlaClock(complaint, now)
    return complaints


def my_open_complaints(user, now=None, limit=20):
    """Open complaints on the clients whose team I am on, or that I own, most urgent first (one query)."""
    mine = Q(owner=user) | Q(client__in=Client.objects.filter(team_members__user=user).values("pk"))
    complaints = Complaint.objects.visible_to(user).open().filter(mine).select_related("client", "owner")
    unanswered_first = F("first_response_at").asc(nulls_first=True)
    return with_clocks(complaints.order_by(unanswered_first, "respond_by", "id")[:limit], now)


def complaints_for_list(user, *, status="open", client=None, breached=False, now=None):
    """Visible complaints, settled last, then by answer due (a queryset: the page shows one page of it,
    with clocks). `breached`: only those past their answer clock and still unanswered (the dashboard's
    figure counts the same: past_their_clock)."""
    complaints = Complaint.objects.visible_to(user).select_related("client", "owner", "campaign")
    if status == "open":
        complaints = complaints.open()
    elif status in Complaint.Status.values:
        complaints = complaints.filter(status=status)
    if client is not None:
        complaints = complaints.filter(client=client)
    if breached:
        complaints = past_their_clock(complaints, now or timezone.now())
    return complaints.order_by("closed_at", "respond_by", "id")


def past_their_clock(complaints, now):
    """Open, unanswered, and the answer was due by now (as complaint_sla_performance counts "breached")."""
    return complaints.filter(first_response_at__isnull=True, respond_by__lte=now).exclude(
        status=Complaint.Status.CLOSED
    )


def complaint_page(complaint):
    from agency.core.decisions import request_history
    from agency.core.models import DecisionRequest

    requests = list(
        DecisionRequest.objects.for_document(complaint).select_related("contact", "decision").order_by("-created_at")
    )
    now = timezone.now()
    complaint.clock = SlaClock(complaint, now)
    # A handling plan recorded after its deadline, or still missing past it.
    complaint.plan_late = complaint.plan_due is not None and (complaint.plan_recorded_at or now) > complaint.plan_due
    return {
        "decision_requests": requests,
        "request_history": request_history(requests),
        "history": list(AuditEvent.objects.for_object(complaint).select_related("actor").order_by("created_at", "id")),
        "emails": list(
            complaint.client.outbox_messages.filter(
                related_id=str(complaint.pk), template__startswith="complaint"
            ).order_by("created_at")
        ),
    }


def surveys_for_client(client):
    return list(
        SatisfactionSurvey.objects.filter(client=client)
        .select_related("contact", "campaign", "ae", "follow_up_by")
        .order_by("-sent_at", "-id")
    )


def satisfaction_trend(clients_qs):
    """Average score per quarter, per client and per AE, over answered surveys of these clients.

    {"by_client": [{"client_id", "client", "quarter" (date), "answers", "average"}],
     "by_ae": [{"ae_id", "ae", "quarter", "answers", "average"}]}  — two queries.
    """
    answered = SatisfactionSurvey.objects.filter(
        client__in=clients_qs.values("pk"), answered_at__isnull=False
    ).annotate(quarter=TruncQuarter("answered_at"))
    by_client = (
        answered.values("client_id", "client__name", "quarter")
        .annotate(answers=Count("id"), average=Avg("score"))
        .order_by("client__name", "quarter")
    )
    by_ae = (
        answered.filter(ae__isnull=False)
        .values("ae_id", "ae__first_name", "ae__last_name", "ae__username", "quarter")
        .annotate(answers=Count("id"), average=Avg("score"))
        .order_by("ae__first_name", "ae__last_name", "quarter")
    )
    return {
        "by_client": [
            {"client_id": r["client_id"], "client": r["client__name"], "quarter": r["quarter"].date(),
             "label": _quarter_label(r["quarter"]), "answers": r["answers"], "average": round(r["average"], 2)}
            for r in by_client
        ],
        "by_ae": [
            {"ae_id": r["ae_id"], "ae": _staff_name(r), "quarter": r["quarter"].date(), "answers": r["answers"],
             "label": _quarter_label(r["quarter"]), "average": round(r["average"], 2)}
            for r in by_ae
        ],
    }  # fmt: skip


def _quarter_label(moment):
    return f"{moment.year}-Q{(moment.month - 1) // 3 + 1}"


def _staff_name(row):
    return str(User(first_name=row["ae__first_name"], last_name=row["ae__last_name"], username=row["ae__username"]))


def complaint_sla_performance(clients_qs, now=None, since=None):
    """Response-clock performance per client, in one query (complaints received since `since`, if given).

    [{"client_id", "client", "total", "open", "answered", "answered_in_time", "answered_late",
      "waiting", "breached", "in_time_rate" (0–100 or None)}]
    """
    now = now or timezone.now()
    complaints = Complaint.objects.filter(client__in=clients_qs.values("pk"))
    if since is not None:
        complaints = complaints.filter(received_at__date__gte=since)
    rows = (
        complaints.values("client_id", "client__name")
        .annotate(
            total=Count("id"),
            open=Count("id", filter=~Q(status=Complaint.Status.CLOSED)),
            answered=Count("id", filter=Q(first_response_at__isnull=False)),
            answered_in_time=Count("id", filter=Q(first_response_at__lte=F("respond_by"))),
            waiting=Count("id", filter=Q(first_response_at__isnull=True) & ~Q(status=Complaint.Status.CLOSED)),
            breached=Count(
                "id",
                filter=Q(first_response_at__isnull=True, respond_by__lte=now) & ~Q(status=Complaint.Status.CLOSED),
            ),
        )
        .order_by("client__name")
    )
    result = []
    for row in rows:
        due = row["answered"] + row["breached"]
        result.append(
            {
                "client_id": row["client_id"],
                "client": row["client__name"],
                "total": row["total"],
                "open": row["open"],
                "answered": row["answered"],
                "answered_in_time": row["answered_in_time"],
                "answered_late": row["answered"] - row["answered_in_time"],
                "waiting": row["waiting"],
                "breached": row["breached"],
                "in_time_rate": round(100 * row["answered_in_time"] / due) if due else None,
            }
        )
    return result


def status_reports_for_client(client):
    return list(
        StatusReport.objects.filter(client=client).select_related("contact", "sent_by").order_by("-period_start", "-id")
    )
