"""Money and media delivery on the manager dashboard (registered in MediaConfig.ready();
agency/core/dashboards.py): budget vs estimate vs actual per client and campaign, read from the roll-ups
(briefs/rollups.py) that the services keep, and aired vs scheduled spots with open make-goods."""

from decimal import Decimal

from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from agency.core.dashboards import ROW_LIMIT, Section, Table, chart
from briefs import rollups
from briefs.models import Stage

from .models import Booking, MakeGood, MonitoringReport
from .queries import delivery_per_client

LIVE_BOOKINGS = [s for s in Booking.Status.values if s != Booking.Status.CANCELLED]


def money_rows(scope):
    """[(client, currency, money)] and [(campaign, money)] from the roll-ups (briefs/rollups.py), the
    money being {money key: amount}: per client one query (two with a period) whatever the number of
    campaigns (with a team or AE chosen, one over that person's campaigns); per campaign the first
    ROW_LIMIT + 1 campaigns (all of them for a CSV) with their roll-ups, in one query."""
    if scope.filtered_by_person:
        per_client = rollups.money_per_client_of(scope.campaigns)
    else:
        per_client = rollups.money_per_client(clients=scope.clients, since=scope.since)
    clients = [(name, currency, money) for (name, _pk, currency), money in sorted(per_client.items())]
    campaigns = (
        scope.campaigns.select_related("client")
        .only("pk", "job_number", "name", "stage", "currency", "client__name")
        .order_by("client__name", "job_number")
    )
    campaigns = rollups.with_money(campaigns)
    campaigns = campaigns if scope.full else campaigns[: ROW_LIMIT + 1]
    return clients, [(c, rollups.money_of(c)) for c in campaigns]


def _q(value):
    return Decimal(value or 0).quantize(Decimal("0.01"))


def _money_columns(money):
    """Budget, the estimate and actual with their parts, and what is left of the budget."""
    budget, production_estimate, media_plan = (
        _q(money[rollups.M_BUDGET]),
        _q(money[rollups.ESTIMATE]),
        _q(money[rollups.PLAN]),
    )
    production_actual, media_booked = _q(money[rollups.ACTUAL]), _q(money[rollups.BOOKED])
    estimate, actual = production_estimate + media_plan, production_actual + media_booked
    return budget, production_estimate, media_plan, estimate, production_actual, media_booked, actual, budget - actual


def _by_currency(client_rows):
    """[(currency, rows)]: amounts in different currencies never share an axis."""
    found = {}
    for row in client_rows:
        found.setdefault(row[1], []).append(row)
    return sorted(found.items())


def money_section(scope):
    """Per client and per campaign, from the roll-ups (money_rows: four queries); the page shows the
    first ROW_LIMIT campaigns, the CSV has all of them."""
    clients, campaigns = money_rows(scope)
    client_rows = []
    for name, currency, money in clients:
        budget, _pe, _mp, estimate, _pa, _mb, actual, left = _money_columns(money)
        client_rows.append([name, currency, budget, estimate, actual, left])
    campaign_rows = [
        [c.client.name, c.job_number, c.name, Stage(c.stage).label, c.currency, *_money_columns(money)]
        for c, money in campaigns
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
