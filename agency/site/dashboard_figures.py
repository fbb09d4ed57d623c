"""The dashboard's headline figures: active campaigns, money committed against budget per currency,
overdue checklist steps, client decisions waiting and complaints past their answer clock, each with its
change since the start of the period and a link to the list of the rows behind it.

Each figure is counted by the query its list uses (the list shows the same number): the campaign
figures from the daily roll-ups (briefs/rollups.py) and the campaign list's `stage=active`; the others
from the deadline registry (the reminders page, ?kind=…&overdue=1) and the complaint list (?breached=1).
One query per figure whatever the data size.
"""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.queries import complaints_for_list
from agency.core import deadlines
from briefs import rollups
from briefs.queries import ACTIVE

CHANGE_DAYS = 30  # with "All time" chosen, the change is over the last 30 days


@dataclass
class Figure:
    slug: str
    label: str
    value: object
    url: str
    before: object = None  # at the start of the period; None when only today's is known
    currency: str = ""
    budget: Decimal | None = None

    @property
    def change(self):
        return None if self.before is None else self.value - self.before

    @property
    def share(self):
        """Committed as a share of the budget, in %, or None without a budget."""
        return round(100 * self.value / self.budget) if self.budget else None


def link(name, **params):
    query = urlencode({key: value for key, value in params.items() if value not in (None, "")})
    return reverse(name) + (f"?{query}" if query else "")


def headline(scope, *, client=None, team=None, ae=None):
    """The figures for this scope; `client`, `team`, `ae` are the dashboard's filters (ids), passed on to
    the lists. The campaign figures follow all of them; the others follow the client filter."""
    today = timezone.localdate(scope.now)
    since = scope.since or today - timedelta(days=CHANGE_DAYS)
    if scope.filtered_by_person:  # the campaigns led by the chosen team or AE
        rolled = rollups.totals(today=today, since=since, campaigns=scope.campaigns)
    else:
        rolled = rollups.totals(today=today, since=since, clients=scope.clients)
    campaigns = {"stage": ACTIVE, "client": client, "team": team, "lead_ae": ae}
    active = rolled.get(rollups.ACTIVE, {}).values()
    figures = [
        Figure(
            "active-campaigns",
            _("Active campaigns"),
            int(sum(now for now, _then in active)),
            link("campaign_list", **campaigns),
            before=int(sum(then for _now, then in active)),
        )
    ]
    budgets, committed = rolled.get(rollups.BUDGET, {}), rolled.get(rollups.COMMITTED, {})
    for currency in sorted(set(budgets) | set(committed)):
        now, then = committed.get(currency, (Decimal(0), Decimal(0)))
        figures.append(
            Figure(
                f"committed-{currency.lower()}",
                _("Committed of budget"),
                now,
                link("campaign_list", **campaigns, currency=currency),
                before=then,
                currency=currency,
                budget=budgets.get(currency, (Decimal(0), Decimal(0)))[0],
            )
        )
    overdue = deadlines.get("checklist").select(
        now=scope.now, viewer=scope.user, until=today - timedelta(days=1), client=client
    )
    waiting = deadlines.get("decision-ladder").select(now=scope.now, viewer=scope.user, client=client)
    breached = complaints_for_list(scope.user, status="open", client=client, breached=True, now=scope.now)
    figures += [
        Figure(
            "overdue-steps",
            _("Overdue steps"),
            overdue.count(),
            link("reminders_overview", kind="checklist", overdue=1, client=client),
        ),
        Figure(
            "decisions-waiting",
            _("Decisions waiting on clients"),
            waiting.count(),
            link("reminders_overview", kind="decision-ladder", client=client),
        ),
        Figure(
            "complaints-breached",
            _("Complaints past their clock"),
            breached.count(),
            link("complaints:list", status="open", breached=1, client=client),
        ),
    ]
    return figures, since
