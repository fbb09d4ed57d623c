"""The dashboard's campaign figures kept as daily roll-ups (briefs.models.DailyFigure), so the manager
dashboard reads today's figures and the previous period's without reading the campaigns' history.

Per running campaign (stage brief to evaluation) and currency:
    active      1
    budget      the campaign's budget
    committed   "Money committed counts" (docs/practice.md), as briefs.queries.campaign_money reads it

Every service that changes one of them calls campaign_rollup_refresh(campaign) inside its transaction: it
compares the campaign's figures now with the sum of its roll-up rows and writes the difference as
today's row. `manage.py rebuild_rollups` writes them again from the campaigns as they stand.
"""

from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.db.models import F, Q, Sum
from django.utils import timezone

from .models import WORKING_STAGES, Campaign, DailyFigure

ACTIVE, BUDGET, COMMITTED = "active", "budget", "committed"
KEYS = (ACTIVE, BUDGET, COMMITTED)
ZERO = Decimal("0.00")


def campaign_figures(campaign):
    """{(key, currency): value} of one campaign as it stands (five queries for its money)."""
    from .queries import campaign_money  # queries reads the workflow, which keeps these roll-ups

    if campaign.stage not in WORKING_STAGES:
        return {}
    money = campaign_money(campaign)
    currency = campaign.currency
    return {
        (ACTIVE, currency): Decimal(1),
        (BUDGET, currency): Decimal(campaign.budget or 0),
        (COMMITTED, currency): money.committed,
    }


def recorded_figures(campaign_ids):
    """{(campaign_id, key, currency): value}: what the roll-ups say now (one query)."""
    rows = (
        DailyFigure.objects.filter(campaign_id__in=campaign_ids)
        .values_list("campaign_id", "key", "currency")
        .annotate(total=Sum("value"))
        .order_by()
    )
    return {(pk, key, currency): total for pk, key, currency, total in rows}


def campaign_rollup_refresh(campaign, *, day=None):
    """Bring the campaign's roll-ups in line with the campaign, dated today: call it in the transaction
    of the change."""
    campaign = Campaign.objects.get(pk=campaign.pk if isinstance(campaign, Campaign) else campaign)
    day = day or timezone.localdate()
    with transaction.atomic():
        now = campaign_figures(campaign)
        before = {(key, currency): value for (_pk, key, currency), value in recorded_figures([campaign.pk]).items()}
        for key, currency in set(now) | set(before):
            change = now.get((key, currency), ZERO) - before.get((key, currency), ZERO)
            if change:
                _add(day, campaign, key, currency, change)


def _add(day, campaign, key, currency, change):
    row, created = DailyFigure.objects.get_or_create(
        day=day,
        campaign=campaign,
        key=key,
        currency=currency,
        defaults={"client_id": campaign.client_id, "value": change},
    )
    if not created:
        DailyFigure.objects.filter(pk=row.pk).update(value=F("value") + change)


def rebuild(campaigns=None):
    """Every roll-up written again from the campaigns as they stand, each dated the day the campaign took
    it was created (the history of its stages is not kept in the campaign). Returns the campaigns counted."""
    from .queries import money_annotations, money_estimates

    campaigns = Campaign.objects.all() if campaigns is None else campaigns
    counted = 0
    with transaction.atomic():
        DailyFigure.objects.filter(campaign__in=campaigns.values("pk")).delete()
        rows = []
        running = (
            campaigns.filter(stage__in=WORKING_STAGES)
            .annotate(**money_annotations())
            .prefetch_related(money_estimates())  # campaign_money reads these: no query per campaign
            .order_by("pk")
        )
        for campaign in running.iterator(chunk_size=500):
            day = timezone.localdate(campaign.created_at)
            for (key, currency), value in campaign_figures(campaign).items():
                rows.append(
                    DailyFigure(
                        day=day,
                        client_id=campaign.client_id,
                        campaign=campaign,
                        key=key,
                        currency=currency,
                        value=value,
                    )
                )
            counted += 1
        DailyFigure.objects.bulk_create(rows, batch_size=1000)
    return counted


def totals(*, today, since=None, clients=None, campaigns=None):
    """{key: {currency: (now, at the start of the period)}} over the clients' or the campaigns' roll-ups
    (querysets; by client it need not read the campaigns): one query."""
    rows = DailyFigure.objects.filter(day__lte=today)
    if clients is not None:
        rows = rows.filter(client__in=clients.order_by().values("pk"))
    if campaigns is not None:
        rows = rows.filter(campaign__in=campaigns.order_by().values("pk"))
    before = Sum("value", filter=Q(day__lt=since)) if since else Sum("value", filter=Q(pk__isnull=True))
    result = defaultdict(dict)
    for key, currency, now, then in (
        rows.values_list("key", "currency").annotate(now=Sum("value"), then=before).order_by("key", "currency")
    ):
        result[key][currency] = (now or ZERO, then or ZERO)
    return result
