"""Read-side queries for the home page, each a fixed number of SQL queries whatever the data size.

Everyone has "my day" (their own due items, the decisions they wait for, their campaigns). Who leads people
sees their team first, and who answers for a group of clients sees the portfolio first
(docs/practice.md, "A home for each role"):

    AE                 my day
    AM, AAD, AD        my team (overdue by person, budget risk, complaints on the clock), then my day
    GAD, management    the portfolio (client health, billings against target, reviews due), my team, my day

Apps add sections of their own with agency.core.dashboards.register_home_section() from their
AppConfig.ready() (e.g. accounts: complaints on my clients).
"""

from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, F, OuterRef, Q, Subquery, Sum, Window
from django.db.models.functions import Coalesce
from django.utils import formats, timezone
from django.utils.safestring import mark_safe

from accounts.client_health import with_health, with_health_figures
from accounts.models import Client, Complaint
from accounts.queries import with_clocks
from agency.core import deadlines
from agency.core.calendar import add_business_days, local_date, reader_tz
from agency.core.dashboards import home_sections
from agency.core.decisions import private_kinds
from agency.core.models import Decision, DecisionRequest, Notification, Title, User
from agency.core.queries import waiting_decisions
from briefs.models import Campaign, ProductionEstimate, Stage
from briefs.models.campaign import WORKING_STAGES
from briefs.queries import LIVE_BOOKINGS, campaign_money, money_used_annotation, with_money
from evaluations.models import Review

DUE_SOON_BUSINESS_DAYS = 3
LIST_LIMIT = 50
NOTIFICATIONS_SHOWN = 10


def today_and_soon(user, now):
    """Today in the person's own time zone, and the last day that counts as due soon."""
    today = local_date(now, reader_tz(user))
    return today, add_business_days(today, DUE_SOON_BUSINESS_DAYS)


def my_due_items(user, now):
    """My open items of every deadline kind (agency/core/deadlines.py), overdue or due soon, on what I
    may see: (overdue, due soon), each by due date (one query per kind)."""
    today, soon = today_and_soon(user, now)
    items = deadlines.due_items(now=now, owner=user, viewer=user, until=soon, limit=LIST_LIMIT)
    overdue = [item for item in items if item.is_overdue(now, today)]
    return overdue, [item for item in items if not item.is_overdue(now, today)]


def my_decisions_waiting(user, now):
    return waiting_decisions(DecisionRequest.objects.visible_to(user).filter(requested_by=user), now, limit=LIST_LIMIT)


RECENT_DECISION_DAYS = 7


def my_recent_decisions(user, now, limit=NOTIFICATIONS_SHOWN):
    """What clients decided on what I sent them in the last week, newest first (one query). 360° feedback
    stays out: its answers belong to the review."""
    mine = DecisionRequest.objects.visible_to(user).filter(requested_by=user).exclude(decision_kind__in=private_kinds())
    decisions = Decision.objects.filter(request__in=mine, decided_at__gte=now - timedelta(days=RECENT_DECISION_DAYS))
    return list(decisions.select_related("request", "client").order_by("-decided_at", "-id")[:limit])


def my_campaigns(user, now):
    """My running campaigns (lead or on the campaign team), by stage, with days in the stage (one query)."""
    campaigns = list(
        Campaign.objects.visible_to(user)
        .filter(Q(lead_ae=user) | Q(pk__in=Campaign.team.through.objects.filter(user=user).values("campaign_id")))
        .filter(stage__in=[*WORKING_STAGES, Stage.ON_HOLD])
        .select_related("client")
        .order_by("stage_changed_at", "id")[: LIST_LIMIT * 2]
    )
    by_stage = {}
    for campaign in campaigns:
        campaign.days_in_stage = (now - campaign.stage_changed_at).days
        by_stage.setdefault(campaign.stage, []).append(campaign)
    order = [*WORKING_STAGES, Stage.ON_HOLD]
    return [(Stage(stage).label, by_stage[stage]) for stage in order if stage in by_stage]


def my_notifications(user):
    """Unread notifications, newest first, and how many there are (one query: each row carries the count
    of them all, a window over the unread rows before the limit)."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    shown = list(unread.select_related("client").annotate(unread_total=Window(Count("pk")))[:NOTIFICATIONS_SHOWN])
    return shown, shown[0].unread_total if shown else 0


def my_day(user, now=None):
    now = now or timezone.now()
    today, soon = today_and_soon(user, now)
    overdue, due_soon = my_due_items(user, now)
    notifications, unread = my_notifications(user)
    return {
        "today": today,
        "soon": soon,
        "overdue": overdue,
        "due_soon": due_soon,
        "decisions": my_decisions_waiting(user, now),
        "recent_decisions": my_recent_decisions(user, now),
        "campaigns_by_stage": my_campaigns(user, now),
        "notifications": notifications,
        "unread": unread,
        "extra_sections": home_sections(user, now),
    }


CLIENT_STAGE_COLUMNS = (Stage.BRIEF, Stage.CREATIVE, Stage.MEDIA, Stage.EVALUATION, Stage.ON_HOLD)


def my_clients_with_campaigns(user, limit=LIST_LIMIT):
    """The first `limit` clients this person may see by name, with their live campaigns counted by stage, and
    whether there are more (one query: a manager may see thousands; the client list shows them all).

    A manager sees hundreds: each row gets its tier and stage label and its counts ready to show
    (`tier_label`, `stage_label`, `stage_counts`), each label translated and each number localized once
    per page, not once per cell (get_FOO_display hashes every choice on each call)."""
    # A count per stage on each client row, from the index of a client's campaigns (campaign_client_figures):
    # the campaigns of the clients shown, not every campaign joined and grouped.
    campaigns = Campaign.objects.filter(client=OuterRef("pk")).order_by().values("client")
    counts = {
        f"n_{stage.value}": Coalesce(Subquery(campaigns.filter(stage=stage).annotate(n=Count("*")).values("n")[:1]), 0)
        for stage in CLIENT_STAGE_COLUMNS
    }
    clients = list(Client.objects.visible_to(user).active().annotate(**counts).order_by("name", "pk")[: limit + 1])
    more = len(clients) > limit
    clients = clients[:limit]
    tiers, stages = (
        {value: str(label) for value, label in Client._meta.get_field(name).flatchoices} for name in ("tier", "stage")
    )
    numbers = {}
    for client in clients:
        client.tier_label, client.stage_label = (
            tiers.get(client.tier, client.tier),
            stages.get(client.stage, client.stage),
        )
        client.stage_counts = []
        for stage in CLIENT_STAGE_COLUMNS:
            n = getattr(client, f"n_{stage.value}")
            if n not in numbers:
                numbers[n] = mark_safe(formats.localize(n))  # noqa: S308 (a localized integer: digits and separators)
            client.stage_counts.append(numbers[n])
    return clients, more


# ── Homes per role (docs/practice.md, "A home for each role") ─────────────────

TEAM_TITLES = (Title.AM, Title.AAD, Title.AD)
BUDGET_WATCH = Decimal("0.9")  # a campaign that has used 90 % of its approved budget is at risk


def home_role(user):
    """ "portfolio", "team" or "day": which home this person gets."""
    if user.is_management or user.title == Title.GAD:
        return "portfolio"
    if user.title in TEAM_TITLES:
        return "team"
    return "day"


def my_team(user):
    """Everyone below this person in the reporting line (one query)."""
    return list(User.objects.reports_of(user).order_by("first_name", "last_name", "username"))


def overdue_by_person(user, team, now):
    """[(person, overdue items)] for my team, most overdue first: the registry's grouped counts, one query
    (agency/core/deadlines.py: overdue_by_owner), on the items I may see."""
    if not team:
        return []
    today = local_date(now, reader_tz(user))
    counts = deadlines.overdue_by_owner(now=now, today=today, owners=User.objects.reports_of(user), viewer=user)
    return sorted(((person, counts[person.pk]) for person in team if counts.get(person.pk)), key=lambda pair: -pair[1])


def budget_risk(user, team, limit=LIST_LIMIT):
    """Running campaigns led by me or my team that have used 90 % or more of their approved budget, the
    most used first: what is used is worked out in SQL over all of them (briefs.queries.money_used_annotation,
    only on campaigns with any production estimate or media booking), and the money shown read for the
    ones listed (five queries: the campaigns with their money prefetched)."""
    leads = Q(lead_ae=user) | Q(lead_ae__in=User.objects.reports_of(user).values("pk"))
    with_spending = Q(pk__in=ProductionEstimate.objects.values("campaign_id")) | Q(
        pk__in=Campaign.objects.filter(media_plans__lines__bookings__status__in=LIVE_BOOKINGS).values("pk")
    )
    campaigns = with_money(
        Campaign.objects.visible_to(user)
        .filter(leads, with_spending, stage__in=[*WORKING_STAGES, Stage.ON_HOLD], budget__gt=0)
        .annotate(used=money_used_annotation())
        .filter(used__gte=F("budget") * BUDGET_WATCH)
        .select_related("client", "lead_ae")
        .order_by(F("used") / F("budget") * -1, "end_date", "id")
    )[:limit]
    at_risk = []
    for campaign in campaigns:
        money = campaign_money(campaign)
        at_risk.append((campaign, money, round(float(money.used / money.budget) * 100)))
    # The most used first; on the same percentage, by end date as the list was read (none last).
    return sorted(at_risk, key=lambda row: (-row[2], row[0].end_date is None, row[0].end_date or date.min, row[0].pk))


def team_complaints(user, team, now, limit=LIST_LIMIT):
    """Open complaints owned by my team or me, or on their clients, with their clocks (one query)."""
    people = [user, *team]
    theirs = Q(owner__in=people) | Q(client__in=Client.objects.filter(team_members__user__in=people).values("pk"))
    complaints = Complaint.objects.visible_to(user).open().filter(theirs).select_related("client", "owner")
    return with_clocks(complaints.order_by("respond_by", "id")[:limit], now)


def clients_by_health(user, now, limit=LIST_LIMIT):
    """The clients I answer for, least healthy first, and how many are at each level (one query)."""
    clients = with_health(with_health_figures(Client.objects.visible_to(user).active(), now), now)
    levels = {"healthy": 0, "watch": 0, "at_risk": 0}
    for client in clients:
        levels[client.health.level] += 1
    worst = sorted((c for c in clients if c.health.level != "healthy"), key=lambda c: (c.health.score, c.name))
    return worst[:limit], levels


def billings_against_target(user, now):
    """Clients with a yearly target: this year's approved campaign budgets in the client's currency (campaigns
    starting this year, cancelled ones not) against it, furthest behind first (one query)."""
    year = local_date(now, reader_tz(user)).year
    this_year = Q(
        campaigns__start_date__gte=date(year, 1, 1),
        campaigns__start_date__lte=date(year, 12, 31),
        campaigns__currency=F("currency"),
    ) & ~Q(campaigns__stage=Stage.CANCELLED)
    clients = (
        Client.objects.visible_to(user)
        .active()
        .filter(yearly_target__gt=0)
        .annotate(billed=Sum("campaigns__budget", filter=this_year))
        .order_by("name")
    )
    rows = []
    for client in clients:
        billed = client.billed or 0
        rows.append((client, billed, round(float(billed / client.yearly_target) * 100)))
    return sorted(rows, key=lambda row: row[2])[:LIST_LIMIT]


def reviews_due(user, limit=LIST_LIMIT):
    """Reviews of my people not yet signed off, in open cycles, by feedback deadline (one query)."""
    reviews = (
        Review.objects.filter(cycle__status="open")
        .exclude(status=Review.Status.SIGNED_OFF)
        .filter(Q(supervisor=user) | Q(reviewee__in=User.objects.reports_of(user)))
        .exclude(reviewee=user)
        .select_related("reviewee", "cycle")
        .order_by("cycle__feedback_deadline", "id")
    )
    return list(reviews[:limit])


def role_sections(user, now=None):
    """What the home shows above my day, by role."""
    now = now or timezone.now()
    role = home_role(user)
    context = {"role": role}
    if role == "day":
        return context
    team = my_team(user)
    context.update(
        team=team,
        overdue_by_person=overdue_by_person(user, team, now),
        budget_risk=budget_risk(user, team),
        team_complaints=team_complaints(user, team, now),
    )
    if role == "portfolio":
        worst, levels = clients_by_health(user, now)
        context.update(
            clients_at_risk=worst,
            health_levels=levels,
            billings=billings_against_target(user, now),
            reviews_due=reviews_due(user),
        )
    return context
