"""The dashboard's campaign figures kept as roll-ups, so the manager dashboard (and the homes) read
today's figures and the previous period's without reading the campaigns' history.

Three tables (briefs/models/rollups.py), written together:
    DailyFigure        per campaign, figure and currency, the change on one day
    ClientDailyFigure  per client, figure and currency, the change on one day (its campaigns' summed)
    ClientFigure       per client, figure and currency, the figure as it stands (all its changes summed)
A figure at the start of a period is the figure now less the period's changes: a page reads the rows of
the period, never the whole history.

The figures, per campaign and its currency:
    active, budget, committed   running campaigns only (brief to evaluation): 1, the budget, and
                                "Money committed counts" (docs/practice.md) as briefs.queries.campaign_money
    stage.<stage>               1 in the campaign's stage (closed and cancelled: dated the day it finished)
    money.*                     every campaign, any stage (the dashboard's money section):
        money.campaigns 1; money.budget its budget; money.estimate the current production estimate's lines;
        money.plan the current media plan version's net; money.actual recorded production costs;
        money.booked the net of plan lines with a live booking
    done.*                      the same money.* again for a closed or cancelled campaign, dated the day
                                it finished, so a period can leave out what finished before it:
                                in the period = money.* − (done.* − done.* dated in the period)

Every service that changes one of them calls campaign_rollup_refresh(campaign) inside its transaction: it
compares the campaign's figures now with the sum of its roll-up rows and writes the difference as
today's row, and adds it to the client's row. `manage.py rebuild_rollups` writes them again from the
campaigns as they stand.

Reading them (one or two queries each, whatever the number of campaigns):
    totals(today=, since=, clients=|campaigns=)      {key: {currency: (now, at the start of the period)}}
    money_per_client(clients=, since=)              {(client name, client_id, currency): {money key: value}}
    with_money(campaigns) / money_of(campaign)      {money key: value} of each campaign, in its own query
    money_per_client_of(campaigns)                  the same as money_per_client, for a campaigns queryset
    stages_per_client(clients=, since=)             {(client name, client_id): {stage: campaigns}}
    stages_per_client_of(campaigns)                 the same, for a campaigns queryset
"""

from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.db.models import DecimalField, ExpressionWrapper, F, OuterRef, Q, Subquery, Sum, Value
from django.utils import timezone

from .models import (
    WORKING_STAGES,
    ActualCost,
    Campaign,
    ClientDailyFigure,
    ClientFigure,
    DailyFigure,
    EstimateLine,
    ProductionEstimate,
)

ACTIVE, BUDGET, COMMITTED = "active", "budget", "committed"
CAMPAIGNS, M_BUDGET, ESTIMATE, PLAN, ACTUAL, BOOKED = (
    "money.campaigns", "money.budget", "money.estimate", "money.plan", "money.actual", "money.booked"
)  # fmt: skip
MONEY = (CAMPAIGNS, M_BUDGET, ESTIMATE, PLAN, ACTUAL, BOOKED)
DONE = {key: "done." + key.split(".", 1)[1] for key in MONEY}  # money.budget -> done.budget
STAGES = ("brief", "creative", "media", "evaluation", "on_hold", "closed", "cancelled")
STAGE_KEYS = {stage: f"stage.{stage}" for stage in STAGES}  # 1 in the stage the campaign is in
KEYS = (ACTIVE, BUDGET, COMMITTED, *MONEY, *DONE.values(), *STAGE_KEYS.values())
DATED_WHEN_FINISHED = (*DONE.values(), STAGE_KEYS["closed"], STAGE_KEYS["cancelled"])
ZERO = Decimal("0.00")
CENT = Decimal("0.01")
FINISHED = ("closed", "cancelled")
LIVE_BOOKINGS = ("requested", "confirmed", "suspended")  # as briefs.queries counts committed media


def _sum_by_campaign(rows, field):
    return {pk: (total or ZERO) for pk, total in rows.values_list(field).annotate(total=Sum("t")).order_by()}


def money_parts(campaigns):
    """{campaign_id: (estimate, plan, actual, booked)} for a campaigns queryset: four grouped queries.

    As the money section has always read them: the production estimate with the highest version and the
    media plan with the highest number, whatever their status; costs of every version; bookings not cancelled.
    """
    ids = campaigns.order_by().values("pk")
    amount = ExpressionWrapper(F("quantity") * F("unit_cost"), output_field=DecimalField())
    latest_estimate = ProductionEstimate.objects.filter(campaign=OuterRef("estimate__campaign")).order_by("-version")
    estimate = _sum_by_campaign(
        EstimateLine.objects.filter(estimate__campaign__in=ids, estimate=Subquery(latest_estimate.values("pk")[:1]))
        .annotate(t=amount),
        "estimate__campaign",
    )  # fmt: skip
    actual = _sum_by_campaign(
        ActualCost.objects.filter(estimate__campaign__in=ids).annotate(t=F("amount")), "estimate__campaign"
    )
    latest_plan = Campaign.objects.filter(pk=OuterRef("pk")).order_by().values("media_plans__pk")
    latest_plan = latest_plan.order_by("-media_plans__number")[:1]
    plan = _sum_by_campaign(
        Campaign.objects.filter(pk__in=ids, media_plans__pk=Subquery(latest_plan))
        .annotate(t=F("media_plans__lines__net")),
        "pk",
    )  # fmt: skip
    booked = _sum_by_campaign(
        Campaign.objects.filter(pk__in=ids, media_plans__lines__bookings__status__in=LIVE_BOOKINGS)
        .annotate(t=F("media_plans__lines__net")),
        "pk",
    )  # fmt: skip
    found = set(estimate) | set(actual) | set(plan) | set(booked)
    return {pk: tuple(part.get(pk, ZERO).quantize(CENT) for part in (estimate, plan, actual, booked)) for pk in found}


def campaign_figures(campaign, parts=None):
    """{(key, currency): value} of one campaign as it stands; `parts`: its money_parts() when read in bulk."""
    from .queries import campaign_money  # queries reads the workflow, which keeps these roll-ups

    currency = campaign.currency
    if parts is None:
        parts = money_parts(Campaign.objects.filter(pk=campaign.pk)).get(campaign.pk)
    estimate, plan, actual, booked = parts or (ZERO, ZERO, ZERO, ZERO)
    money = dict(zip(MONEY, (Decimal(1), Decimal(campaign.budget or 0), estimate, plan, actual, booked), strict=True))
    found = {(key, currency): value for key, value in money.items()}
    found[(STAGE_KEYS[campaign.stage], currency)] = Decimal(1)
    if campaign.stage in FINISHED:
        found.update({(DONE[key], currency): value for key, value in money.items()})
    if campaign.stage in WORKING_STAGES:
        found[(ACTIVE, currency)] = Decimal(1)
        found[(BUDGET, currency)] = Decimal(campaign.budget or 0)
        found[(COMMITTED, currency)] = campaign_money(campaign).committed
    return {k: v for k, v in found.items() if v}


def recorded_figures(campaign_ids):
    """{(campaign_id, key, currency): value}: what the roll-ups say now (one query)."""
    rows = (
        DailyFigure.objects.filter(campaign_id__in=campaign_ids)
        .values_list("campaign_id", "key", "currency")
        .annotate(total=Sum("value"))
        .order_by()
    )
    return {(pk, key, currency): total for pk, key, currency, total in rows}


def _day(campaign, key, today):
    """done.* and stage.closed/cancelled rows are dated the day the campaign finished; every other change,
    the day it happened."""
    return timezone.localdate(campaign.stage_changed_at) if key in DATED_WHEN_FINISHED else today


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
                _add(_day(campaign, key, day), campaign, key, currency, change)


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
    day_row, created = ClientDailyFigure.objects.get_or_create(
        day=day, client_id=campaign.client_id, key=key, currency=currency, defaults={"value": change}
    )
    if not created:
        ClientDailyFigure.objects.filter(pk=day_row.pk).update(value=F("value") + change)
    total, created = ClientFigure.objects.get_or_create(
        client_id=campaign.client_id, key=key, currency=currency, defaults={"value": change}
    )
    if not created:
        ClientFigure.objects.filter(pk=total.pk).update(value=F("value") + change)


def rebuild(campaigns=None):
    """Every roll-up written again from the campaigns as they stand, each dated the day the campaign was
    created (the history of its stages is not kept in the campaign; done.* the day it finished), and the
    clients' figures summed from them. Returns the campaigns counted."""
    from .queries import money_annotations, money_estimates

    campaigns = Campaign.objects.all() if campaigns is None else campaigns
    counted = 0
    with transaction.atomic():
        clients = set(campaigns.order_by().values_list("client_id", flat=True).distinct())
        DailyFigure.objects.filter(campaign__in=campaigns.values("pk")).delete()
        parts = money_parts(campaigns)
        rows = []
        every = (
            campaigns.annotate(**money_annotations())
            .prefetch_related(money_estimates())  # campaign_money reads these: no query per campaign
            .order_by("pk")
        )
        for campaign in every.iterator(chunk_size=500):
            created = timezone.localdate(campaign.created_at)
            for (key, currency), value in campaign_figures(campaign, parts.get(campaign.pk, ())).items():
                day = _day(campaign, key, created)
                rows.append(DailyFigure(day=day, client_id=campaign.client_id, campaign=campaign, key=key,
                                        currency=currency, value=value))  # fmt: skip
            counted += 1
        DailyFigure.objects.bulk_create(rows, batch_size=1000)
        ClientFigure.objects.filter(client_id__in=clients).delete()
        ClientDailyFigure.objects.filter(client_id__in=clients).delete()
        days = (
            DailyFigure.objects.filter(client_id__in=clients)
            .values_list("client_id", "key", "currency", "day")
            .annotate(total=Sum("value"))
            .order_by()
        )
        ClientDailyFigure.objects.bulk_create(
            [ClientDailyFigure(client_id=c, key=k, currency=cur, day=d, value=t) for c, k, cur, d, t in days if t],
            batch_size=1000,
        )
        sums = (
            DailyFigure.objects.filter(client_id__in=clients)
            .values_list("client_id", "key", "currency")
            .annotate(total=Sum("value"))
            .order_by()
        )
        ClientFigure.objects.bulk_create(
            [ClientFigure(client_id=c, key=k, currency=cur, value=total) for c, k, cur, total in sums if total],
            batch_size=1000,
        )
    return counted


def _client_ids(clients):
    return clients.order_by().values("pk")


def totals(*, today, since=None, clients=None, campaigns=None):
    """{key: {currency: (now, at the start of the period)}} of active, budget and committed over the
    clients' roll-ups (from ClientFigure and the period's changes: two queries) or the campaigns' (one query)."""
    keys = (ACTIVE, BUDGET, COMMITTED)
    result = defaultdict(dict)
    if campaigns is not None:
        rows = DailyFigure.objects.filter(day__lte=today, key__in=keys, campaign__in=campaigns.order_by().values("pk"))
        if clients is not None:
            rows = rows.filter(client__in=_client_ids(clients))
        before = Sum("value", filter=Q(day__lt=since)) if since else Sum("value", filter=Q(pk__isnull=True))
        for key, currency, now, then in (
            rows.values_list("key", "currency").annotate(now=Sum("value"), then=before).order_by("key", "currency")
        ):
            result[key][currency] = (now or ZERO, then or ZERO)
        return result
    figures = ClientFigure.objects.filter(key__in=keys)
    changes = ClientDailyFigure.objects.filter(key__in=keys, day__gte=since, day__lte=today) if since else None
    if clients is not None:
        figures = figures.filter(client__in=_client_ids(clients))
        changes = changes.filter(client__in=_client_ids(clients)) if since else None
    now, recent = defaultdict(lambda: ZERO), {}
    rows = figures.values_list("key", "currency").annotate(total=Sum("value"), recent=Value(False)).order_by()
    if since:  # the figures now and the period's changes, in one query
        rows = rows.union(
            changes.values_list("key", "currency").annotate(total=Sum("value"), recent=Value(True)).order_by(),
            all=True,
        )
    for key, currency, total, is_change in rows:
        (recent if is_change else now)[(key, currency)] = total
    for key, currency in sorted(set(now) | set(recent)):
        value = now[(key, currency)]
        then = value - recent.get((key, currency), ZERO) if since else ZERO
        if value or then:
            result[key][currency] = (value, then)
    return result


def money_per_client(*, clients, since=None):
    """{(client name, client_id, currency): {money key: value}} of the clients' campaigns, leaving out
    those that finished before `since`: one query (two with a period). Clients without campaigns are left out."""
    figures = ClientFigure.objects.filter(client__in=_client_ids(clients), key__in=[*MONEY, *DONE.values()])
    found = defaultdict(lambda: dict.fromkeys(MONEY, ZERO))
    done = defaultdict(lambda: ZERO)
    names = {}
    for client_id, name, key, currency, value in figures.values_list(
        "client_id", "client__name", "key", "currency", "value"
    ):
        names[client_id] = name
        if key in DONE.values():
            done[(client_id, currency, key)] += value if since else 0
        else:
            found[(client_id, currency)][key] = value
    if since:
        recent = ClientDailyFigure.objects.filter(
            client__in=_client_ids(clients), key__in=list(DONE.values()), day__gte=since
        )
        for client_id, key, currency, total in (
            recent.values_list("client_id", "key", "currency").annotate(total=Sum("value")).order_by()
        ):
            done[(client_id, currency, key)] -= total
        for (client_id, currency, key), before_period in done.items():
            money = found[(client_id, currency)]
            money[key.replace("done.", "money.")] -= before_period
    return {(names[pk], pk, currency): money for (pk, currency), money in found.items() if money[CAMPAIGNS]}


def with_money(campaigns):
    """The campaigns queryset with each money key as an attribute (`money.budget` as `money_budget`),
    read from their own roll-up rows by index in the campaigns' query: no query of its own."""

    def figure(key):
        rows = DailyFigure.objects.filter(campaign=OuterRef("pk"), key=key).order_by().values("campaign")
        return Subquery(rows.annotate(total=Sum("value")).values("total")[:1], output_field=DecimalField())

    return campaigns.annotate(**{key.replace(".", "_"): figure(key) for key in MONEY})


def money_of(campaign):
    """{money key: value} of a campaign read through with_money()."""
    return {key: getattr(campaign, key.replace(".", "_")) or ZERO for key in MONEY}


def money_per_client_of(campaigns):
    """As money_per_client, over a campaigns queryset (a team's or an AE's): one query over their rows."""
    found = defaultdict(lambda: dict.fromkeys(MONEY, ZERO))
    rows = DailyFigure.objects.filter(campaign__in=campaigns.order_by().values("pk"), key__in=MONEY)
    for client_id, name, currency, key, total in (
        rows.values_list("client_id", "client__name", "currency", "key").annotate(total=Sum("value")).order_by()
    ):
        found[(name, client_id, currency)][key] = total
    return {where: money for where, money in found.items() if money[CAMPAIGNS]}


def stages_per_client(*, clients, since=None):
    """{(client name, client_id): {stage: campaigns}}, leaving out campaigns that finished before `since`
    (those closed or cancelled in the period are the period's rows): one query, two with a period."""
    finished = {STAGE_KEYS["closed"], STAGE_KEYS["cancelled"]}
    keys = [k for k in STAGE_KEYS.values() if not (since and k in finished)]
    rows = ClientFigure.objects.filter(client__in=_client_ids(clients), key__in=keys)
    found = defaultdict(lambda: dict.fromkeys(STAGES, 0))
    for pk, name, key, n in rows.values_list("client_id", "client__name", "key").annotate(n=Sum("value")).order_by():
        found[(name, pk)][key[len("stage.") :]] += int(n)
    if since:
        recent = ClientDailyFigure.objects.filter(client__in=_client_ids(clients), key__in=finished, day__gte=since)
        for pk, name, key, n in (
            recent.values_list("client_id", "client__name", "key").annotate(n=Sum("value")).order_by()
        ):
            found[(name, pk)][key[len("stage.") :]] += int(n)
    return {where: counts for where, counts in found.items() if any(counts.values())}


def stages_per_client_of(campaigns):
    """As stages_per_client, over a campaigns queryset (a team's or an AE's): one query over their rows."""
    rows = DailyFigure.objects.filter(campaign__in=campaigns.order_by().values("pk"), key__in=STAGE_KEYS.values())
    found = defaultdict(lambda: dict.fromkeys(STAGES, 0))
    for pk, name, key, n in rows.values_list("client_id", "client__name", "key").annotate(n=Sum("value")).order_by():
        found[(name, pk)][key[len("stage.") :]] += int(n)
    return {where: counts for where, counts in found.items() if any(counts.values())}
