"""Read-side queries for the manager dashboard, a fixed number of SQL queries whatever the data size.

Everything starts from a Scope: the clients the viewer may see (Client.objects.visible_to), narrowed
by the filters, and the campaigns of those clients. Each section is a function `fn(scope)` returning a
Section (tables, and a chart drawn from the first table); every table is also a CSV download.

Other apps add sections by appending to EXTRA_SECTIONS (e.g. complaints and satisfaction, in their
AppConfig.ready()): a function `fn(scope)` returning a Section or None. `scope.clients` is the visible,
filtered clients queryset; use it as a subquery (`client__in=scope.clients`), never as a list.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import CharField, Count, F, Min, Q, Sum
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import ActionItem
from briefs.models import ActualCost, Campaign, ChecklistStep, EstimateLine, ProductionEstimate, Stage
from briefs.models.campaign import WORKING_STAGES
from evaluations.models import Feedback, Relationship, Review, ReviewCycle
from media.models import Booking, MakeGood, MonitoringReport, PlanLine, PlanVersion

from .home_queries import escalation_level, level_of, waiting_decisions
from .models import AuditEvent, DecisionRequest

EXTRA_SECTIONS = []

ZERO = Decimal("0.00")
ROW_LIMIT = 100  # rows shown on the page per table; the CSV has them all
DECISIONS_SHOWN = 100
LONGEST_WAITING = 10
ALL_STAGES = [*WORKING_STAGES, Stage.ON_HOLD, Stage.CLOSED, Stage.CANCELLED]
RUNNING = [*WORKING_STAGES, Stage.ON_HOLD]
# What a campaign waits for before it may leave each stage (briefs/workflow.py has the rules).
GATES = {
    Stage.BRIEF: _("Client approves the creative brief"),
    Stage.CREATIVE: _("Client approves concept, production estimate and final ad"),
    Stage.MEDIA: _("Client confirms the media plan in writing; schedule sent; media checklist"),
    Stage.EVALUATION: _("Evaluation checklist"),
    Stage.ON_HOLD: _("Resumed by the account team"),
}
ESCALATION_LABELS = {
    0: _("Not yet reminded"),
    1: _("Client reminded"),
    2: _("AE told"),
    3: _("Escalated to the supervisor"),
}
LIVE_BOOKINGS = [s for s in Booking.Status.values if s != Booking.Status.CANCELLED]
MOVE_ACTIONS = ("campaign.advanced", "campaign.held", "campaign.resumed", "campaign.cancelled")


@dataclass
class Scope:
    user: object
    clients: object  # queryset of visible, filtered clients
    campaigns: object  # queryset of their campaigns, filtered
    since: date | None
    now: datetime
    filtered_by_person: bool = False
    full: bool = False  # every row (for a CSV), not only what a page shows


@dataclass
class Table:
    slug: str
    title: str
    header: list
    rows: list
    limit: int = ROW_LIMIT

    @property
    def shown(self):
        return self.rows[: self.limit]

    @property
    def numeric(self):
        """Which columns hold numbers (right-aligned), judged from the first row."""
        if not self.rows:
            return [False] * len(self.header)
        return [isinstance(v, int | float | Decimal) and not isinstance(v, bool) for v in self.rows[0]]

    @property
    def columns(self):
        return list(zip(self.header, self.numeric, strict=True))


@dataclass
class Section:
    slug: str
    title: str
    tables: list
    chart: dict | None = None
    note: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def chart_id(self):
        return f"chart-{self.slug}"


def person_name(first, last, username):
    return get_user_model()(first_name=first or "", last_name=last or "", username=username or "").__str__()


def chart(kind, labels, datasets, *, stacked=False, horizontal=False):
    """A Chart.js configuration; numbers as floats, since JSON has no decimals."""
    options = {"responsive": True, "maintainAspectRatio": False, "plugins": {"legend": {"position": "bottom"}}}
    if stacked:
        options["scales"] = {"x": {"stacked": True}, "y": {"stacked": True}}
    if horizontal:
        options["indexAxis"] = "y"
    return {
        "type": kind,
        "data": {
            "labels": [str(label) for label in labels],
            "datasets": [{"label": str(label), "data": [float(v or 0) for v in data]} for label, data in datasets],
        },
        "options": options,
    }


# ── Stages ───────────────────────────────────────────────────────────────────


def stages_section(scope):
    """Campaigns by stage per client and per team (the lead AE's supervisor's group): two queries."""
    stages = [Stage(s) for s in ALL_STAGES]
    header_stages = [s.label for s in stages]

    by_client = {}
    for name, stage, n in (
        scope.campaigns.values_list("client__name", "stage").annotate(n=Count("pk")).order_by("client__name")
    ):
        by_client.setdefault(name, dict.fromkeys(ALL_STAGES, 0))[stage] = n
    client_rows = [[name, *counts.values(), sum(counts.values())] for name, counts in by_client.items()]

    by_team = {}
    team_rows_query = (
        scope.campaigns.values_list(
            "lead_ae__supervisor_id",
            "lead_ae__supervisor__first_name",
            "lead_ae__supervisor__last_name",
            "lead_ae__supervisor__username",
            "stage",
        )
        .annotate(n=Count("pk"))
        .order_by()
    )
    for head_id, first, last, username, stage, n in team_rows_query:
        label = person_name(first, last, username) if head_id else str(_("No supervisor"))
        by_team.setdefault(label, dict.fromkeys(ALL_STAGES, 0))[stage] = n
    team_rows = [[label, *counts.values(), sum(counts.values())] for label, counts in sorted(by_team.items())]

    total = str(_("Total"))
    working = [s for s in stages if s in WORKING_STAGES]
    return Section(
        slug="stages",
        title=_("Campaigns by stage"),
        tables=[
            Table("stages-clients", _("Per client"), [_("Client"), *header_stages, total], client_rows),
            Table("stages-teams", _("Per team (lead AE's supervisor)"), [_("Team"), *header_stages, total], team_rows),
        ],
        chart=chart(
            "bar",
            [row[0] for row in client_rows[:30]],
            [(s.label, [by_client[row[0]][s] for row in client_rows[:30]]) for s in working],
            stacked=True,
        ),
    )


# ── Bottlenecks ──────────────────────────────────────────────────────────────


def _stage_history_sql(scope):
    """Per stage left: how many moves, average and longest days spent in it, from the audit log.

    Each move (advanced, held, resumed, cancelled) records the stage left; the time spent is since the
    campaign's previous move, or since it was created for its first. One query, windowed in SQL.
    """
    ids = scope.campaigns.annotate(text_id=Cast("pk", CharField())).values("text_id")
    try:
        campaigns_sql, campaigns_params = ids.query.sql_with_params()
    except EmptyResultSet:  # no campaign at all in scope
        return {}
    if connection.vendor == "postgresql":
        stage_left, seconds = "e.data->>'from'", "EXTRACT(EPOCH FROM (m.created_at - COALESCE(m.prev, c.created_at)))"
        object_id = "CAST(c.id AS TEXT)"
    else:
        stage_left = "json_extract(e.data, '$.from')"
        seconds = "(julianday(m.created_at) - julianday(COALESCE(m.prev, c.created_at))) * 86400"
        object_id = "CAST(c.id AS TEXT)"
    since_clause, since_params = "", []
    if scope.since:
        since_clause = "WHERE m.created_at >= %s"
        since_params = [datetime.combine(scope.since, datetime.min.time(), tzinfo=timezone.get_current_timezone())]
    audit = AuditEvent._meta.db_table
    campaign_table = Campaign._meta.db_table
    sql = f"""
        WITH moves AS (
            SELECT e.object_id, {stage_left} AS stage, e.created_at,
                   LAG(e.created_at) OVER (PARTITION BY e.object_id ORDER BY e.created_at, e.id) AS prev
            FROM {audit} e
            WHERE e.object_type_id = %s AND e.action IN ({", ".join(["%s"] * len(MOVE_ACTIONS))})
              AND e.object_id IN ({campaigns_sql})
        )
        SELECT m.stage, COUNT(*), AVG({seconds}), MAX({seconds})
        FROM moves m JOIN {campaign_table} c ON {object_id} = m.object_id
        {since_clause}
        GROUP BY m.stage
    """  # noqa: S608 (table names are ours; every value is a parameter)
    params = [ContentType.objects.get_for_model(Campaign).pk, *MOVE_ACTIONS, *campaigns_params, *since_params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {stage: (n, avg, longest) for stage, n, avg, longest in cursor.fetchall()}


def _days(seconds):
    return round(float(seconds or 0) / 86400, 1)


def bottlenecks_section(scope):
    """How long campaigns sit in each stage (history and now), and which ones wait longest: three queries."""
    history = _stage_history_sql(scope)
    current = {
        stage: (n, oldest)
        for stage, n, oldest in scope.campaigns.filter(stage__in=RUNNING)
        .values_list("stage")
        .annotate(n=Count("pk"), oldest=Min("stage_changed_at"))
        .order_by()
    }
    rows = []
    for stage in RUNNING:
        moved, avg, longest = history.get(stage, (0, 0, 0))
        waiting, oldest = current.get(stage, (0, None))
        rows.append(
            [
                Stage(stage).label,
                GATES[stage],
                moved,
                _days(avg),
                _days(longest),
                waiting,
                (scope.now - oldest).days if oldest else 0,
            ]
        )
    waiting_longest = [
        [c.job_number, c.name, c.client.name, Stage(c.stage).label, GATES.get(c.stage, ""), str(c.lead_ae),
         (scope.now - c.stage_changed_at).days]
        for c in scope.campaigns.filter(stage__in=RUNNING)
        .select_related("client", "lead_ae")
        .order_by("stage_changed_at", "id")[:LONGEST_WAITING]
    ]  # fmt: skip
    return Section(
        slug="bottlenecks",
        title=_("Bottlenecks"),
        tables=[
            Table(
                "bottlenecks-stages",
                _("Time in each stage"),
                [
                    _("Stage"),
                    _("Gate to pass"),
                    _("Campaigns that left it"),
                    _("Average days in it"),
                    _("Longest days in it"),
                    _("Campaigns in it now"),
                    _("Longest wait now (days)"),
                ],
                rows,
            ),  # fmt: skip
            Table(
                "bottlenecks-waiting",
                _("Waiting longest at a gate"),
                [
                    _("Job number"),
                    _("Campaign"),
                    _("Client"),
                    _("Stage"),
                    _("Gate to pass"),
                    _("Lead AE"),
                    _("Days in stage"),
                ],
                waiting_longest,
            ),  # fmt: skip
        ],
        chart=chart(
            "bar",
            [row[0] for row in rows],
            [
                (_("Average days in it"), [row[3] for row in rows]),
                (_("Longest wait now (days)"), [row[6] for row in rows]),
            ],
        ),
    )


# ── Client decisions ─────────────────────────────────────────────────────────


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


# ── Money ────────────────────────────────────────────────────────────────────


MONEY_SQL = """
WITH scoped AS ({campaigns}),
latest_estimate AS (
    SELECT e.id, e.campaign_id FROM {estimate} e
    WHERE e.campaign_id IN (SELECT scoped.pk FROM scoped)
      AND NOT EXISTS (SELECT 1 FROM {estimate} n WHERE n.campaign_id = e.campaign_id AND n.version > e.version)
),
estimated AS (
    SELECT le.campaign_id, SUM(l.quantity * l.unit_cost) AS amount
    FROM latest_estimate le JOIN {estimate_line} l ON l.estimate_id = le.id GROUP BY le.campaign_id
),
latest_plan AS (
    SELECT v.id, v.campaign_id FROM {plan} v
    WHERE v.campaign_id IN (SELECT scoped.pk FROM scoped)
      AND NOT EXISTS (SELECT 1 FROM {plan} n WHERE n.campaign_id = v.campaign_id AND n.number > v.number)
),
planned AS (
    SELECT lp.campaign_id, SUM(l.net) AS amount
    FROM latest_plan lp JOIN {plan_line} l ON l.version_id = lp.id GROUP BY lp.campaign_id
),
spent AS (
    SELECT e.campaign_id, SUM(a.amount) AS amount
    FROM {actual} a JOIN {estimate} e ON e.id = a.estimate_id
    WHERE e.campaign_id IN (SELECT scoped.pk FROM scoped) GROUP BY e.campaign_id
),
booked AS (
    SELECT v.campaign_id, SUM(l.net) AS amount
    FROM {booking} b JOIN {plan_line} l ON l.id = b.line_id JOIN {plan} v ON v.id = l.version_id
    WHERE b.status IN ({live}) AND v.campaign_id IN (SELECT scoped.pk FROM scoped) GROUP BY v.campaign_id
)
SELECT {columns}
FROM {campaign} c JOIN {client} cl ON cl.id = c.client_id
LEFT JOIN estimated ON estimated.campaign_id = c.id
LEFT JOIN planned ON planned.campaign_id = c.id
LEFT JOIN spent ON spent.campaign_id = c.id
LEFT JOIN booked ON booked.campaign_id = c.id
WHERE c.id IN (SELECT scoped.pk FROM scoped)
{tail}
"""
PARTS = ("c.budget", "estimated.amount", "planned.amount", "spent.amount", "booked.amount")
PER_CLIENT = (
    "cl.name, c.currency, " + ", ".join(f"SUM(COALESCE({part}, 0))" for part in PARTS),
    "GROUP BY cl.name, c.currency ORDER BY cl.name, c.currency",
)
PER_CAMPAIGN = (
    "cl.name, c.job_number, c.name, c.stage, c.currency, " + ", ".join(f"COALESCE({part}, 0)" for part in PARTS),
    "ORDER BY cl.name, c.job_number",
)


def money_rows(campaigns, per, limit=None):
    """Budget and the parts of estimate and actual, summed in SQL per client or per campaign: one query.

    Each source is aggregated once for every campaign in scope and joined (hash joins over the plan lines,
    not a subquery per campaign), so 200,000 plan lines cost one pass:
    estimate = current production estimate version + current media plan version (net);
    actual = recorded production costs + net of plan lines with a live booking (one per line at most).
    """
    try:
        campaigns_sql, campaigns_params = campaigns.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:
        return []
    columns, tail = per
    tables = {
        name: model._meta.db_table
        for name, model in {
            "campaign": Campaign, "client": Campaign._meta.get_field("client").related_model,
            "estimate": ProductionEstimate, "estimate_line": EstimateLine, "actual": ActualCost,
            "plan": PlanVersion, "plan_line": PlanLine, "booking": Booking,
        }.items()
    }  # fmt: skip
    sql = MONEY_SQL.format(
        campaigns=campaigns_sql,
        live=", ".join(["%s"] * len(LIVE_BOOKINGS)),
        columns=columns,
        tail=tail + (" LIMIT %s" if limit else ""),
        **tables,
    )
    params = [*campaigns_params, *LIVE_BOOKINGS] + ([limit] if limit else [])
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _q(value):
    return Decimal(value or 0).quantize(Decimal("0.01"))


def _money_columns(budget, production_estimate, media_plan, production_actual, media_booked):
    """Budget, the estimate and actual with their parts, and what is left of the budget."""
    budget, production_estimate, media_plan = _q(budget), _q(production_estimate), _q(media_plan)
    production_actual, media_booked = _q(production_actual), _q(media_booked)
    estimate, actual = production_estimate + media_plan, production_actual + media_booked
    return budget, production_estimate, media_plan, estimate, production_actual, media_booked, actual, budget - actual


def money_section(scope):
    """Per client (one grouped query) and per campaign (one query; the page shows the first ROW_LIMIT
    rows, which is all the database computes for it, the CSV has all of them)."""
    client_rows = []
    for name, currency, *money in money_rows(scope.campaigns, PER_CLIENT):
        budget, _pe, _mp, estimate, _pa, _mb, actual, left = _money_columns(*money)
        client_rows.append([name, currency, budget, estimate, actual, left])
    campaigns = money_rows(scope.campaigns, PER_CAMPAIGN, limit=None if scope.full else ROW_LIMIT + 1)
    campaign_rows = [
        [client, job, name, Stage(stage).label, currency, *_money_columns(*money)]
        for client, job, name, stage, currency, *money in campaigns
    ]
    money_header = [_("Budget"), _("Estimate"), _("Actual"), _("Budget left")]
    return Section(
        slug="money",
        title=_("Budget, estimate and actual"),
        tables=[
            Table("money-clients", _("Per client"), [_("Client"), _("Currency"), *money_header], client_rows),
            Table(
                "money-campaigns",
                _("Per campaign"),
                [_("Client"), _("Job number"), _("Campaign"), _("Stage"), _("Currency"), _("Budget"),
                 _("Production estimate"), _("Media plan (net)"), _("Estimate"), _("Production actual"),
                 _("Media booked (net)"), _("Actual"), _("Budget left")],
                campaign_rows,
            ),  # fmt: skip
        ],
        chart=chart(
            "bar",
            [f"{row[0]} ({row[1]})" for row in client_rows[:30]],
            [(label, [row[2 + i] for row in client_rows[:30]]) for i, label in enumerate(money_header[:3])],
        ),
        note=_("Estimate: current production estimate and current media plan version. "
               "Actual: recorded production costs and booked media."),
    )  # fmt: skip


# ── Media delivery ───────────────────────────────────────────────────────────


def media_section(scope):
    """Aired vs scheduled spots and open make-goods per client: two queries."""
    reports = MonitoringReport.objects.filter(client__in=scope.clients)
    make_goods = MakeGood.objects.filter(client__in=scope.clients).exclude(status=MakeGood.Status.AIRED)
    if scope.filtered_by_person or scope.since:
        reports = reports.filter(booking__line__version__campaign__in=scope.campaigns.values("pk"))
        make_goods = make_goods.filter(booking__line__version__campaign__in=scope.campaigns.values("pk"))
    if scope.since:
        reports = reports.filter(period_end__gte=scope.since)
    delivery = {
        name: [scheduled or 0, aired or 0, 0, 0]
        for name, scheduled, aired in reports.values_list("client__name")
        .annotate(scheduled=Sum("scheduled"), aired=Sum("aired"))
        .order_by()
    }
    for name, n, spots in make_goods.values_list("client__name").annotate(n=Count("pk"), spots=Sum("spots")).order_by():
        delivery.setdefault(name, [0, 0, 0, 0])[2:] = [n, spots or 0]
    rows = [
        [name, scheduled, aired, scheduled - aired, round(100 * aired / scheduled, 1) if scheduled else 0.0, n, spots]
        for name, (scheduled, aired, n, spots) in sorted(delivery.items())
    ]
    return Section(
        slug="media",
        title=_("Media delivery"),
        tables=[
            Table(
                "media-delivery",
                _("Per client"),
                [
                    _("Client"),
                    _("Scheduled spots"),
                    _("Aired spots"),
                    _("Missed spots"),
                    _("Delivered %"),
                    _("Open make-goods"),
                    _("Spots owed"),
                ],
                rows,
            ),  # fmt: skip
        ],
        chart=chart(
            "bar",
            [row[0] for row in rows[:30]],
            [(_("Scheduled spots"), [row[1] for row in rows[:30]]), (_("Aired spots"), [row[2] for row in rows[:30]])],
        ),
    )


# ── Workload ─────────────────────────────────────────────────────────────────


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


SECTIONS = [
    stages_section,
    bottlenecks_section,
    decisions_section,
    money_section,
    media_section,
    workload_section,
    reviews_section,
]


def sections(scope, only=None):
    """Every section for this scope (or only the one whose slug is `only`), built-in then EXTRA_SECTIONS."""
    built = []
    for fn in [*SECTIONS, *EXTRA_SECTIONS]:
        if only and fn in SECTIONS and fn.__name__ != f"{only}_section":
            continue
        section = fn(scope)
        if section is not None and (not only or section.slug == only):
            built.append(section)
    return built


def period_start(period, now):
    """The first day of the chosen period (last N days), or None for all time."""
    if not period:
        return None
    return timezone.localdate(now) - timedelta(days=int(period))
