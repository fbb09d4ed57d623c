"""Campaigns by stage, and bottlenecks from the stage history in the audit log."""

from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import CharField, Count, Min
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agency.core.models import AuditEvent
from briefs.models import Campaign, Stage
from briefs.models.campaign import WORKING_STAGES
from briefs.workflow import GATE_SUMMARIES as GATES  # what each stage waits for, beside its rules

from .base import ALL_STAGES, LONGEST_WAITING, MOVE_ACTIONS, RUNNING, Section, Table, chart, person_name


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
