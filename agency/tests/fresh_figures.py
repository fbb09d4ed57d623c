"""The dashboard's figures read afresh from the campaigns, estimates, plans and bookings, never from the
roll-ups (briefs/rollups.py): what the roll-up tests compare the dashboard with. This is the SQL the money
section ran on every view before it read roll-ups."""

from decimal import Decimal

from django.core.exceptions import EmptyResultSet
from django.db import connection

from briefs.models import ActualCost, Campaign, EstimateLine, ProductionEstimate, Stage
from media.models import Booking, PlanLine, PlanVersion

LIVE_BOOKINGS = [s for s in Booking.Status.values if s != Booking.Status.CANCELLED]
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


def fresh_money_tables(scope):
    """The money section's two tables ([client rows], [campaign rows]) as the page shows them, read afresh."""
    clients = []
    for name, currency, budget, pe, mp, pa, mb in money_rows(scope.campaigns, PER_CLIENT):
        budget, estimate, actual = _q(budget), _q(pe) + _q(mp), _q(pa) + _q(mb)
        clients.append([name, currency, budget, estimate, actual, budget - actual])
    campaigns = []
    for client, job, name, stage, currency, budget, pe, mp, pa, mb in money_rows(scope.campaigns, PER_CAMPAIGN):
        budget, pe, mp, pa, mb = _q(budget), _q(pe), _q(mp), _q(pa), _q(mb)
        campaigns.append([client, job, name, Stage(stage).label, currency, budget, pe, mp, pe + mp, pa, mb,
                          pa + mb, budget - pa - mb])  # fmt: skip
    return clients, campaigns


def fresh_stage_rows(scope):
    """The stages section's per-client table as the page shows it, counted afresh from the campaigns."""
    from django.db.models import Count

    from briefs.dashboards import ALL_STAGES

    by_client = {}
    for name, stage, n in (
        scope.campaigns.values_list("client__name", "stage").annotate(n=Count("pk")).order_by("client__name")
    ):
        by_client.setdefault(name, dict.fromkeys(ALL_STAGES, 0))[stage] = n
    return [[name, *counts.values(), sum(counts.values())] for name, counts in by_client.items()]
