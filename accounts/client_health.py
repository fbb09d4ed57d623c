"""The churn signal: a health score from 0 to 100 per client, explained in one line.

Rule: "Client tiers and lifecycle" (docs/practice.md). Four signs of a client drifting away, each costing
points off 100:

    spend trend           campaign budgets of the last quarter (the last 91 days, and campaigns starting
                          later) against the quarter before: up to 30 points, in proportion to the fall
    months without a      up to 30 points: 5 a month after the first two (since the client was created
    campaign              when they never had one)
    satisfaction          up to 20 points: 10 a point the average score fell (last 6 months against the
                          6 before), and 10 a point the recent average is under 3
    open complaints       up to 20 points: 5 each

Spend and campaigns live in briefs, above accounts, so briefs provides them from BriefsConfig.ready():

    register_client_figures(client_health_figures)
        client_health_figures(now) -> {"spend_recent": expr, "spend_before": expr, "last_campaign_on": expr}:
        correlated subqueries on a client row (OuterRef("pk")), so that a list of clients gets every
        figure in its one query.

Accounts adds satisfaction and open complaints itself. `with_health_figures(clients, now)` annotates a
client queryset; `health(client, now)` reads the annotations of one row.
"""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db.models import Avg, Count, FloatField, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Complaint, SatisfactionSurvey

SPEND_POINTS = 30
CAMPAIGN_POINTS, MONTHS_GRACE, POINTS_A_MONTH = 30, 2, 5
SATISFACTION_POINTS, POINTS_A_SCORE_POINT, SATISFIED = 20, 10, 3
COMPLAINT_POINTS, POINTS_A_COMPLAINT = 20, 5
HEALTHY, WATCH = 70, 40  # from 70: healthy; from 40: to watch; below: at risk
SATISFACTION_WINDOW = timedelta(days=182)

_providers = []


def register_client_figures(provider):
    """`provider(now)` returns {figure name: expression on a client row}."""
    _providers.append(provider)


def _one_value(rows, output_field):
    return Subquery(rows.order_by().values("client").annotate(value=output_field).values("value")[:1])


def with_health_figures(clients, now=None):
    """The clients queryset with every figure the score reads (still one query)."""
    now = now or timezone.now()
    answered = SatisfactionSurvey.objects.filter(client=OuterRef("pk"), answered_at__isnull=False)
    recent, before = now - SATISFACTION_WINDOW, now - 2 * SATISFACTION_WINDOW
    figures = {
        "satisfaction_recent": _one_value(
            answered.filter(answered_at__gte=recent), Avg("score", output_field=FloatField())
        ),
        "satisfaction_before": _one_value(
            answered.filter(answered_at__gte=before, answered_at__lt=recent), Avg("score", output_field=FloatField())
        ),
        "open_complaints": Coalesce(
            _one_value(Complaint.objects.filter(client=OuterRef("pk")).open(), Count("*")),
            Value(0),
            output_field=IntegerField(),
        ),
    }
    for provider in _providers:
        figures.update(provider(now))
    return clients.annotate(**figures)


@dataclass
class Health:
    score: int
    signs: list  # what costs points, in the reader's language

    @property
    def level(self):
        return "healthy" if self.score >= HEALTHY else "watch" if self.score >= WATCH else "at_risk"

    @property
    def explanation(self):
        line = " · ".join(self.signs) if self.signs else _("no warning signs")
        return line[:1].upper() + line[1:]


def _months_between(earlier, later):
    return max(0, (later.year - earlier.year) * 12 + later.month - earlier.month - (later.day < earlier.day))


def health(client, now=None):
    """The score and its explanation, from the figures with_health_figures() annotated on the row."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    score, signs = 100, []

    recent = Decimal(getattr(client, "spend_recent", None) or 0)
    before = Decimal(getattr(client, "spend_before", None) or 0)
    if before > 0 and recent < before:
        fall = (before - recent) / before
        score -= round(SPEND_POINTS * fall)
        signs.append(_("spend down %(percent)s%% on last quarter") % {"percent": round(100 * fall)})

    if hasattr(client, "last_campaign_on"):
        last = client.last_campaign_on
        months = _months_between(last or timezone.localdate(client.created_at), today)
        if months > MONTHS_GRACE:
            score -= min(CAMPAIGN_POINTS, POINTS_A_MONTH * (months - MONTHS_GRACE))
            if last is None:
                signs.append(ngettext("no campaign in %(months)s month", "no campaign in %(months)s months", months)
                             % {"months": months})  # fmt: skip
            else:
                signs.append(ngettext("no campaign for %(months)s month", "no campaign for %(months)s months", months)
                             % {"months": months})  # fmt: skip

    sat_recent, sat_before = client.satisfaction_recent, client.satisfaction_before
    if sat_recent is not None:
        fell = max(0.0, sat_before - sat_recent) if sat_before is not None else 0.0
        low = max(0.0, SATISFIED - sat_recent)
        points = min(SATISFACTION_POINTS, round(POINTS_A_SCORE_POINT * (fell + low)))
        if points:
            score -= points
            if fell:
                signs.append(
                    _("satisfaction down from %(before)s to %(now)s")
                    % {"before": f"{sat_before:.1f}", "now": f"{sat_recent:.1f}"}
                )
            else:
                signs.append(_("satisfaction %(score)s/5") % {"score": f"{sat_recent:.1f}"})

    if client.open_complaints:
        score -= min(COMPLAINT_POINTS, POINTS_A_COMPLAINT * client.open_complaints)
        signs.append(
            ngettext("%(count)s open complaint", "%(count)s open complaints", client.open_complaints)
            % {"count": client.open_complaints}
        )
    return Health(score=max(0, score), signs=signs)


def with_health(clients, now=None):
    """A list of annotated clients, each with .health."""
    clients = list(clients)
    for client in clients:
        client.health = health(client, now)
    return clients
