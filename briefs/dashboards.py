"""The campaigns on the manager dashboard (registered in BriefsConfig.ready(); agency/core/dashboards.py):
campaigns by stage, bottlenecks from the stage history in the audit log, client decisions waiting
on the campaigns' documents, and each person's workload."""

from datetime import datetime

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import CharField, Count, F, Min, Q
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import ActionItem
from agency.core.dashboards import Section, Table, chart, link_pattern, person_name
from agency.core.models import AuditEvent, DecisionRequest
from agency.core.queries import ESCALATION_LABELS, escalation_level, level_of, waiting_decisions

from . import rollups
from .models import Campaign, ChecklistStep, Stage
from .models.campaign import WORKING_STAGES
from .workflow import GATE_SUMMARIES as GATES  # what each stage waits for, beside its rules
from .workflow import STAGE_MOVES

DECISIONS_SHOWN = 100
LONGEST_WAITING = 10
ALL_STAGES = [*WORKING_STAGES, Stage.ON_HOLD, Stage.CLOSED, Stage.CANCELLED]
RUNNING = [*WORKING_STAGES, Stage.ON_HOLD]


def stages_section(scope):
    """Campaigns by stage per client (from the roll-ups, briefs/rollups.py: one or two queries) and per
    team (the lead AE's supervisor's group): one query."""
    stages = [Stage(s) for s in ALL_STAGES]
    header_stages = [s.label for s in stages]

    if scope.filtered_by_person:
        per_client = rollups.stages_per_client_of(scope.campaigns)
    else:
        per_client = rollups.stages_per_client(clients=scope.clients, since=scope.since)
    by_client, client_ids = {}, {}
    for (name, pk), counts in sorted(per_client.items()):
        found = by_client.setdefault(name, dict.fromkeys(ALL_STAGES, 0))
        for stage in ALL_STAGES:
            found[stage] += counts[stage]
        client_ids[name] = pk
    client_rows = [[name, *counts.values(), sum(counts.values())] for name, counts in by_client.items()]
    campaign_list = reverse("campaign_list")

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
            Table(
                "stages-clients",
                _("Per client"),
                [_("Client"), *header_stages, total],
                client_rows,
                links=[f"{campaign_list}?client={client_ids[row[0]]}" for row in client_rows],
            ),
            Table("stages-teams", _("Per team (lead AE's supervisor)"), [_("Team"), *header_stages, total], team_rows),
        ],
        chart=chart(
            "bar",
            [row[0] for row in client_rows[:30]],
            [(s.label, [by_client[row[0]][s] for row in client_rows[:30]]) for s in working],
            stacked=True,
            # a bar: that client's campaigns in that stage
            links=link_pattern(
                [f"{campaign_list}?client={{}}&stage={s}" for s in working],
                [client_ids[row[0]] for row in client_rows[:30]],
            ),
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
            WHERE e.object_type_id = %s AND e.action IN ({", ".join(["%s"] * len(STAGE_MOVES))})
              AND e.object_id IN ({campaigns_sql})
        )
        SELECT m.stage, COUNT(*), AVG({seconds}), MAX({seconds})
        FROM moves m JOIN {campaign_table} c ON {object_id} = m.object_id
        {since_clause}
        GROUP BY m.stage
    """  # noqa: S608 (table names are ours; every value is a parameter)
    params = [ContentType.objects.get_for_model(Campaign).pk, *STAGE_MOVES, *campaigns_params, *since_params]
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
    longest = list(
        scope.campaigns.filter(stage__in=RUNNING)
        .select_related("client", "lead_ae")
        .order_by("stage_changed_at", "id")[:LONGEST_WAITING]
    )
    waiting_longest = [
        [c.job_number, c.name, c.client.name, Stage(c.stage).label, GATES.get(c.stage, ""), str(c.lead_ae),
         (scope.now - c.stage_changed_at).days]
        for c in longest
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
                objects=[[c, c, c.client, None, None, c.lead_ae, None] for c in longest],
            ),  # fmt: skip
        ],
        chart=chart(
            "bar",
            [row[0] for row in rows],
            [
                (_("Average days in it"), [row[3] for row in rows]),
                (_("Longest wait now (days)"), [row[6] for row in rows]),
            ],
            counts=False,
        ),
    )


# ── Client decisions waiting, and workload ───────────────────────────────────


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
        [r.title, r.version_label, r.client.name, str(r.contact), str(r.requested_by),
         timezone.localtime(r.sent_at or r.created_at).date(), r.age_days, r.escalation,
         ESCALATION_LABELS[min(r.escalation, 3)]]
        for r in waiting
    ]  # fmt: skip
    named = [[None, None, r.client, r.contact, r.requested_by, None, None, None, None] for r in waiting]
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
                objects=named,
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
    users = {
        u.pk: u
        for u in get_user_model().objects.filter(pk__in=list(people)).only("first_name", "last_name", "username")
    }
    ordered = sorted(
        ((pk, [str(users[pk]) if pk in users else "?", *counts]) for pk, counts in people.items()),
        key=lambda pair: (-sum(pair[1][1:]), pair[1][0]),
    )
    rows = [row for _pk, row in ordered]
    people_named = [[users.get(pk)] + [None] * (len(row) - 1) for pk, row in ordered]
    header = [_("Campaigns led"), _("Open steps"), _("Overdue steps"), _("Open action items"),
              _("Overdue action items"), _("Client decisions chased")]  # fmt: skip
    return Section(
        slug="workload",
        title=_("Team workload"),
        tables=[Table("workload-people", _("Per person"), [_("Staff member"), *header], rows, objects=people_named)],
        chart=chart(
            "bar",
            [row[0] for row in rows[:30]],
            [(header[i], [row[i + 1] for row in rows[:30]]) for i in (0, 1, 3, 5)],
            stacked=True,
            horizontal=True,
        ),
    )
