"""The client service loop on the manager dashboard and the home page (registered in AccountsConfig.ready();
agency/core/dashboards.py): complaints with their answer clocks, and the satisfaction trend per client and per AE."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agency.core.dashboards import Section, Table, chart, link_pattern

from .client_health import with_health, with_health_figures
from .queries import complaint_sla_performance, my_open_complaints, satisfaction_trend


def complaints_section(scope):
    """Answer clocks per client over the period: in time, late, breached and still waiting (one query)."""
    rows = complaint_sla_performance(scope.clients, now=scope.now, since=scope.since)
    table_rows = [
        [r["client"], r["total"], r["open"], r["answered_in_time"], r["answered_late"], r["breached"],
         r["waiting"], "" if r["in_time_rate"] is None else r["in_time_rate"]]
        for r in rows
    ]  # fmt: skip
    return Section(
        slug="complaints",
        title=_("Complaints and answer clocks"),
        tables=[
            Table(
                "complaints-sla",
                _("Per client"),
                [
                    _("Client"),
                    _("Complaints"),
                    _("Open"),
                    _("Answered in time"),
                    _("Answered late"),
                    _("Past due, not answered"),
                    _("Waiting for an answer"),
                    _("Answered in time (%)"),
                ],
                table_rows,
                links=[f"{reverse('complaints:list')}?status=all&client={r['client_id']}" for r in rows],
            )
        ],
        chart=chart(
            "bar",
            [r["client"] for r in rows],
            [
                (_("Answered in time"), [r["answered_in_time"] for r in rows]),
                (_("Answered late"), [r["answered_late"] for r in rows]),
                (_("Past due, not answered"), [r["breached"] for r in rows]),
            ],
            stacked=True,
            # the breached bar: that client's complaints past their clock; the others, all of that client's
            links=link_pattern(
                [f"{reverse('complaints:list')}?status=all&client={{}}"] * 2
                + [f"{reverse('complaints:list')}?status=open&breached=1&client={{}}"],
                [r["client_id"] for r in rows],
            ),
        )
        if rows
        else None,
    )


def satisfaction_section(scope):
    """Average survey score per quarter, per client and per AE (two queries)."""
    trend = satisfaction_trend(scope.clients)
    by_client, by_ae = trend["by_client"], trend["by_ae"]
    quarters = sorted({r["label"] for r in by_client})
    totals = {q: [0, 0.0] for q in quarters}  # answers, sum of scores
    for r in by_client:
        totals[r["label"]][0] += r["answers"]
        totals[r["label"]][1] += float(r["average"]) * r["answers"]
    header = [_("Quarter"), _("Answers"), _("Average score (1–5)")]
    return Section(
        slug="satisfaction",
        title=_("Client satisfaction"),
        tables=[
            Table(
                "satisfaction-clients",
                _("Per client"),
                [_("Client"), *header],
                [[r["client"], r["label"], r["answers"], r["average"]] for r in by_client],
            ),
            Table(
                "satisfaction-aes",
                _("Per AE"),
                [_("AE"), *header],
                [[r["ae"], r["label"], r["answers"], r["average"]] for r in by_ae],
            ),
        ],
        # A trend needs two quarters at least; one dot is no trend, and the table has the scores.
        chart=chart(
            "line",
            quarters,
            [(_("Average score (1–5)"), [round(s / n, 2) for n, s in totals.values()])],
            counts=False,
            scale=(1, 5),
        )
        if len(quarters) > 1
        else None,
        note=_("The trend shows from the second quarter with answers; until then the tables have the scores.")
        if len(quarters) == 1
        else "",
    )


def my_complaints_home_section(user, now):
    """My day: open complaints on my clients with their answer clocks (one query)."""
    complaints = my_open_complaints(user, now)
    if not complaints:
        return None
    return {
        "title": _("Complaints on my clients"),
        "template": "accounts/_home_complaints.html",
        "context": {"complaints": complaints},
    }


def client_health_section(scope):
    """The churn signal: each client's health score with its one-line explanation, worst first (one query;
    accounts/client_health.py)."""
    clients = with_health(with_health_figures(scope.clients.only("pk", "name", "created_at"), scope.now), scope.now)
    clients.sort(key=lambda c: (c.health.score, c.name.casefold()))
    rows = [[c.name, c.health.score, c.health.explanation] for c in clients]
    return Section(
        slug="client-health",
        title=_("Client health"),
        note=_("100 is a client with no warning signs; below 70, watch; below 40, at risk of leaving."),
        tables=[
            Table(
                "client-health-clients",
                _("Clients, most at risk first"),
                [_("Client"), _("Health"), _("Why")],
                rows,
                objects=[[c, None, None] for c in clients],
            )
        ],
    )
