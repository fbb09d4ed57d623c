"""Money and media delivery on the manager dashboard (registered in MediaConfig.ready();
agency/core/dashboards.py): budget vs estimate vs actual per client and campaign, summed in SQL, and
aired vs scheduled spots with open make-goods."""

from decimal import Decimal

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from agency.core.dashboards import ROW_LIMIT, Section, Table, chart
from briefs.models import ActualCost, Campaign, EstimateLine, ProductionEstimate, Stage

from .models import Booking, MakeGood, MonitoringReport, PlanLine, PlanVersion
from .queries import delivery_per_client

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


def _money_columns(budget, production_estimate, media_plan, production_actual, media_booked):
    """Budget, the estimate and actual with their parts, and what is left of the budget."""
    budget, production_estimate, media_plan = _q(budget), _q(production_estimate), _q(media_plan)
    production_actual, media_booked = _q(production_actual), _q(media_booked)
    estimate, actual = production_estimate + media_plan, production_actual + media_booked
    return budget, production_estimate, media_plan, estimate, production_actual, media_booked, actual, budget - actual


def _by_currency(client_rows):
    """[(currency, rows)]: amounts in different currencies never share an axis."""
    found = {}
    for row in client_rows:
        found.setdefault(row[1], []).append(row)
    return sorted(found.items())


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
        charts=[
            (
                _("Amounts in %(currency)s") % {"currency": currency},
                chart(
                    "bar",
                    [row[0] for row in rows[:30]],
                    [(label, [row[2 + i] for row in rows[:30]]) for i, label in enumerate(money_header[:3])],
                    counts=False,
                ),
            )
            for currency, rows in _by_currency(client_rows)
        ],
        note=_("Estimate: current production estimate and current media plan version. "
               "Actual: recorded production costs and booked media."),
    )  # fmt: skip


# ── Media delivery ───────────────────────────────────────────────────────────


def media_section(scope):
    """Planned vs delivered spots (as the post-analysis counts them: media.queries.with_delivery), spots
    missed in monitoring and open make-goods, per client: three queries."""
    campaigns = scope.campaigns.values("pk")
    live = {"booking__line__version__campaign__in": campaigns, "booking__status__in": LIVE_BOOKINGS}
    reports = MonitoringReport.objects.filter(**live)
    make_goods = MakeGood.objects.filter(**live).exclude(status=MakeGood.Status.AIRED)
    if scope.since:
        reports = reports.filter(period_end__gte=scope.since)
    delivery = {
        name: [planned, delivered, 0, 0, 0] for name, (planned, delivered) in delivery_per_client(campaigns).items()
    }
    for name, scheduled, aired in (
        reports.values_list("client__name").annotate(scheduled=Sum("scheduled"), aired=Sum("aired")).order_by()
    ):
        delivery.setdefault(name, [0, 0, 0, 0, 0])[2] = (scheduled or 0) - (aired or 0)
    for name, n, spots in make_goods.values_list("client__name").annotate(n=Count("pk"), spots=Sum("spots")).order_by():
        delivery.setdefault(name, [0, 0, 0, 0, 0])[3:] = [n, spots or 0]
    rows = [
        [name, planned, delivered, round(100 * delivered / planned, 1) if planned else 0.0, missed, n, spots]
        for name, (planned, delivered, missed, n, spots) in sorted(delivery.items())
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
                    _("Planned spots"),
                    _("Delivered spots"),
                    _("Delivered %"),
                    _("Missed spots"),
                    _("Open make-goods"),
                    _("Spots owed"),
                ],
                rows,
            ),  # fmt: skip
        ],
        chart=chart(
            "bar",
            [row[0] for row in rows[:30]],
            [
                (_("Planned spots"), [row[1] for row in rows[:30]]),
                (_("Delivered spots"), [row[2] for row in rows[:30]]),
            ],
        ),
    )
