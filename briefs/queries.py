"""Read-side queries for the campaign pages, each a fixed number of SQL queries whatever the data size."""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Case,
    Count,
    DateField,
    DecimalField,
    F,
    Min,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, Round, TruncDate
from django.utils import timezone

from accounts.client_pages import count_per_client
from accounts.models import AccountTeamMember, Complaint
from accounts.queries import with_clocks
from agency.core.models import AuditEvent

from .models import (
    WORKING_STAGES,
    ActualCost,
    BriefVersion,
    Campaign,
    ChecklistStep,
    ClientStatus,
    Concept,
    EstimateLine,
    EstimateOverrun,
    FinalAd,
    ProductionEstimate,
    Stage,
)
from .workflow import STAGE_MOVES, missing_to_advance

TIMELINE_LENGTH = 50


def media_net_annotations():
    """Net of each campaign's current media plan version (the one not superseded), and that net again
    when the client has confirmed it: summed in the campaigns' own query, no query per campaign."""
    current = ~Q(media_plans__status="superseded")
    return {
        "media_net": Sum("media_plans__lines__net", filter=current),
        "media_confirmed_net": Sum("media_plans__lines__net", filter=current & Q(media_plans__status="approved")),
    }


def media_net_subqueries():
    """The same two sums as media_net_annotations(), each a subquery of its own: for one campaign with many
    joined rows (client, brand, lead AE, brief), summing beside them would make the database sort every plan
    line with the whole row to group it (a 1,000-line plan: 13 ms instead of 2)."""
    return {name: _per_campaign(total) for name, total in media_net_annotations().items()}


def _per_campaign(aggregate):
    """`aggregate` over the campaign's own relations, as a subquery of the campaign's row."""
    one = Campaign.objects.filter(pk=OuterRef("pk")).order_by().values("pk")
    return Subquery(one.annotate(total=aggregate).values("total")[:1])


# ── Money committed (docs/practice.md, "Money committed counts") ──────────────

ZERO = Decimal("0.00")
# Bookings that commit media money: ordered from the media owner and not cancelled (requested,
# confirmed by the media owner, or suspended for now). Written as plain values: briefs reads the
# media tables through the ORM's relations only, never by importing media.
LIVE_BOOKINGS = ("requested", "confirmed", "suspended")


def money_annotations():
    """The net of the campaign's live bookings, as a subquery in the campaign's own query."""
    booked = Sum("media_plans__lines__net", filter=Q(media_plans__lines__bookings__status__in=LIVE_BOOKINGS))
    return {"media_committed": _per_campaign(booked)}


def money_estimates():
    return Prefetch(
        "estimates",
        queryset=ProductionEstimate.objects.order_by("-version").prefetch_related("lines", "actual_costs", "overruns"),
    )


@dataclass(frozen=True)
class CampaignMoney:
    """A campaign's money: its approved budget, what is committed and what is spent.

    committed   approved production estimates with their approved overruns, and live media bookings
    actual      actual production costs recorded
    used        committed, and actual costs beyond what the client approved (they are spent all the same)
    remaining   budget − used; negative when the campaign is over its budget
    """

    currency: str
    budget: Decimal | None
    production_committed: Decimal
    media_committed: Decimal
    actual: Decimal
    production_used: Decimal

    @property
    def committed(self):
        return self.production_committed + self.media_committed

    @property
    def used(self):
        return self.production_used + self.media_committed

    @property
    def remaining(self):
        return None if self.budget is None else self.budget - self.used

    @property
    def over_budget(self):
        return self.remaining is not None and self.remaining < 0

    @property
    def overrun(self):
        """How far the campaign is over its budget (0 when it is not)."""
        return max(-self.remaining, ZERO) if self.remaining is not None else ZERO


MONEY = DecimalField(max_digits=16, decimal_places=2)


def _per_estimate(model, amount, **filters):
    """The sum of `amount` over an estimate's rows of `model` (0 without any), on an estimate row."""
    rows = model.objects.filter(estimate=OuterRef("pk"), **filters).order_by().values("estimate")
    return Coalesce(Subquery(rows.annotate(total=Sum(amount)).values("total")[:1]), Value(ZERO), output_field=MONEY)


def money_used_annotation():
    """CampaignMoney.used in SQL, on a campaign row (correlated subqueries): live media bookings, and per
    production estimate the greater of what the client approved (its lines and approved overruns, when the
    estimate is approved) and the actual costs. For filtering and ordering many campaigns at once (the
    team home's budget at risk); what a page shows of one campaign is still campaign_money()."""
    line = Round(F("quantity") * F("unit_cost"), 2)  # EstimateLine.amount
    approved = _per_estimate(EstimateLine, line) + _per_estimate(EstimateOverrun, "amount", status="approved")
    used = Greatest(
        Case(When(status=ClientStatus.APPROVED, then=approved), default=Value(ZERO), output_field=MONEY),
        _per_estimate(ActualCost, "amount"),
    )
    estimates = ProductionEstimate.objects.filter(campaign=OuterRef("pk")).order_by().values("campaign")
    production = Subquery(estimates.annotate(used=Sum(used, output_field=MONEY)).values("used")[:1])
    media = money_annotations()["media_committed"]
    return Coalesce(production, Value(ZERO), output_field=MONEY) + Coalesce(media, Value(ZERO), output_field=MONEY)


def with_money(campaigns):
    """The campaigns with what campaign_money() reads, so it costs no query per campaign."""
    return campaigns.annotate(**money_annotations()).prefetch_related(money_estimates())


def approved_budget(campaign, currency=None):
    """The campaign's approved budget; None when none is set (0) or when asked in another currency."""
    if not campaign.budget or (currency and currency != campaign.currency):
        return None
    return campaign.budget


def campaign_money(campaign, *, leaving_out=None):
    """The one reading of a campaign's budget, committed and actual money (the campaign page, the money
    the client sees on a decision page, the booking check).

    Uses the campaign's prefetched estimates and its `media_committed` annotation when campaign_for_page()
    fetched them (no query), else reads them (five queries). `leaving_out`: a production estimate whose
    money is not counted, the one the client is asked to approve.
    """
    cache = getattr(campaign, "_prefetched_objects_cache", {})
    if "estimates" not in cache or not hasattr(campaign, "media_committed"):
        campaign = (
            Campaign.objects.annotate(**money_annotations()).prefetch_related(money_estimates()).get(pk=campaign.pk)
        )
    committed = actual = used = ZERO
    for estimate in campaign.estimates.all():
        if leaving_out is not None and estimate.pk == leaving_out.pk:
            continue
        approved = estimate.total + estimate.approved_overrun if estimate.status == "approved" else ZERO
        spent = estimate.actual_total
        committed, actual, used = committed + approved, actual + spent, used + max(approved, spent)
    return CampaignMoney(
        currency=campaign.currency,
        budget=approved_budget(campaign),
        production_committed=committed,
        media_committed=campaign.media_committed or ZERO,
        actual=actual,
        production_used=used,
    )


ACTIVE = "active"  # a stage filter value: every running stage (brief to evaluation), as the dashboard counts


def campaign_list(user):
    """Visible campaigns, newest first, with their open steps and next due date (the list's filters are
    briefs/filters.py)."""
    # Subqueries, not a join and GROUP BY: the database works them out for the page's rows only (and not
    # at all to count them), where the GROUP BY summed the steps of every matching campaign first.
    open_steps = ChecklistStep.objects.filter(campaign=OuterRef("pk"), done_at__isnull=True)
    per_campaign = open_steps.order_by().values("campaign")
    return (
        Campaign.objects.visible_to(user)
        .select_related("client", "brand", "lead_ae")
        .annotate(
            open_steps=Coalesce(
                Subquery(per_campaign.filter(stage=OuterRef("stage")).annotate(n=Count("pk")).values("n")), 0
            ),
            next_due=Subquery(per_campaign.annotate(first=Min("due_date")).values("first")),
        )
        .order_by("-created_at", "-id")
    )


def viewer_team_role(user, client="client_id"):
    """An annotation: `user`'s role on the account team of the row's client (None when not on it)."""
    team = AccountTeamMember.objects.filter(client_id=OuterRef(client), user_id=user.pk)
    return Subquery(team.values("role")[:1])


def campaign_for_page(user, pk):
    """The campaign with everything its page shows, prefetched; `viewer_team_role` is the user's place on
    the client's account team, for the permission map (agency/core/permissions.py) without another query."""
    return (
        Campaign.objects.visible_to(user)
        .select_related("client", "brand", "lead_ae", "creative_brief")
        .annotate(**media_net_subqueries(), **money_annotations(), viewer_team_role=viewer_team_role(user))
        .prefetch_related(
            "team",
            # With their KPIs: the stage gates read the approved version's content and objectives from these.
            Prefetch(
                "creative_brief__versions", queryset=BriefVersion.objects.order_by("-number").prefetch_related("kpis")
            ),
            Prefetch("steps", queryset=ChecklistStep.objects.select_related("owner", "done_by", "waived_by")),
            Prefetch(
                "concepts",
                queryset=Concept.objects.order_by("-round", "id").prefetch_related("attachments"),
            ),
            money_estimates(),
            Prefetch("final_ads", queryset=FinalAd.objects.order_by("-version").prefetch_related("assets")),
        )
        .get(pk=pk)
    )


def timeline(campaign, limit=TIMELINE_LENGTH):
    """What happened to the campaign and its documents, newest first (one query)."""
    types = ContentType.objects.get_for_models(Campaign, Concept, ProductionEstimate, EstimateOverrun, FinalAd)
    ids = {
        Campaign: [campaign.pk],
        Concept: [c.pk for c in campaign.concepts.all()],
        ProductionEstimate: [e.pk for e in campaign.estimates.all()],
        EstimateOverrun: [o.pk for e in campaign.estimates.all() for o in e.overruns.all()],
        FinalAd: [f.pk for f in campaign.final_ads.all()],
    }
    condition = Q()
    for model, pks in ids.items():
        if pks:
            condition |= Q(object_type=types[model], object_id__in=[str(pk) for pk in pks])
    return list(AuditEvent.objects.filter(condition).select_related("actor")[:limit])


def campaign_page(campaign):
    """Everything the campaign page shows, from a campaign fetched by campaign_for_page()."""
    steps_by_stage = {stage: [] for stage in (Stage.BRIEF, Stage.CREATIVE, Stage.MEDIA, Stage.EVALUATION)}
    for step in campaign.steps.all():
        steps_by_stage.setdefault(step.stage, []).append(step)
    estimates = list(campaign.estimates.all())
    current_estimate = estimates[0] if estimates else None
    approved = next((e for e in estimates if e.status == "approved"), None)
    brief = getattr(campaign, "creative_brief", None)  # None until the brief is started
    brief_versions = list(brief.versions.all()) if brief else []
    latest_brief = brief_versions[0] if brief_versions else None
    rounds = {}
    for concept in campaign.concepts.all():
        rounds.setdefault(concept.round, []).append(concept)
    return {
        "campaign": campaign,
        "steps_by_stage": [(Stage(stage), steps) for stage, steps in steps_by_stage.items()],
        "latest_brief": latest_brief,
        # Approvable: a draft, or a version already sent (sending again re-issues the link).
        "brief_can_send": latest_brief is not None
        and campaign.is_open
        and latest_brief.status in (BriefVersion.Status.DRAFT, BriefVersion.Status.SENT),
        "concept_rounds": sorted(rounds.items(), reverse=True),
        "estimates": estimates,
        "current_estimate": current_estimate,
        "final_ads": list(campaign.final_ads.all()),
        "money": {
            "budget": campaign.budget,
            "estimate": current_estimate.total if current_estimate else None,
            "approved_estimate": approved.total if approved else None,
            "actual": approved.actual_total if approved else None,
            "overrun": approved.overrun if approved else None,
            "unapproved_overrun": approved.unapproved_overrun if approved else None,
        },
        "commitments": campaign_money(campaign),
        "missing": missing_to_advance(campaign) if campaign.is_open else [],
        "timeline": timeline(campaign),
    }


# ── What the client pages show of campaigns (registered in BriefsConfig.ready()) ──


def live_campaigns_per_client():
    """The client list's count of live campaigns (being worked on: not on hold, closed or cancelled)."""
    return count_per_client(Campaign.objects.filter(stage__in=WORKING_STAGES))


CARD_FIELDS = (
    *("id", "client_id", "job_number", "name", "stage", "currency", "created_at"),
    *("brand__name", "brand__client_id", "lead_ae__first_name", "lead_ae__last_name", "lead_ae__username"),
)


def campaigns_card(client):
    """The client page's campaigns by stage, each with its media plan's net, and the client's media plans
    by currency, planned and confirmed (one query; accounts/client_pages.py)."""
    campaigns = list(
        client.campaigns.select_related("brand", "lead_ae")
        .only(*CARD_FIELDS)  # what the card shows: a client's every campaign, each with its brand and lead AE
        .annotate(**media_net_annotations())
        .order_by("-created_at")
    )
    media_totals = {}  # the client's media plans by currency: net planned, and of it confirmed by the client
    for campaign in campaigns:
        if campaign.media_net is not None:
            total = media_totals.setdefault(campaign.currency, {"net": 0, "confirmed": 0})
            total["net"] += campaign.media_net
            total["confirmed"] += campaign.media_confirmed_net or 0
    by_stage = []
    for value, label in Stage.choices:
        rows = [c for c in campaigns if c.stage == value]
        if rows:
            by_stage.append({"stage": value, "label": label, "campaigns": rows})
    return {
        "template": "briefs/_client_campaigns.html",
        "context": {"campaigns_by_stage": by_stage, "n_campaigns": len(campaigns), "media_totals": media_totals},
    }


# ── What a client's status report says about the campaigns (registered in BriefsConfig.ready()) ──


def stage_changes_for_report(period):
    """Campaign stage moves recorded in the audit log during the period (accounts/report_facts.py)."""
    campaigns = {c.pk: c for c in Campaign.objects.filter(client=period.client)}
    moves = AuditEvent.objects.filter(
        object_type=ContentType.objects.get_for_model(Campaign),
        object_id__in=[str(pk) for pk in campaigns],
        action__in=STAGE_MOVES,
        created_at__gte=period.since,
        created_at__lt=period.until,
    ).order_by("created_at", "id")
    labels = dict(Stage.choices)
    return [
        {
            "campaign": str(campaigns[int(e.object_id)]),
            "from": str(labels.get(e.data.get("from"), e.data.get("from", ""))),
            "to": str(labels.get(e.data.get("to"), e.data.get("to", ""))),
            "date": timezone.localdate(e.created_at).isoformat(),
        }
        for e in moves
    ]


def deadlines_for_report(period):
    """Open checklist steps of running campaigns due in the next two weeks."""
    return [
        {"what": str(s.label), "campaign": str(s.campaign), "date": s.due_date.isoformat()}
        for s in ChecklistStep.objects.filter(
            campaign__client=period.client,
            campaign__stage__in=WORKING_STAGES,
            done_at__isnull=True,
            due_date__gte=period.today,
            due_date__lte=period.horizon,
        )
        .select_related("campaign")
        .order_by("due_date", "id")
    ]


# ── Complaints about a campaign (briefs builds on accounts, so it reads them directly) ──


def campaign_complaints(campaign):
    """The complaints about this campaign, open ones first, with their answer clocks (one query)."""
    complaints = Complaint.objects.filter(campaign=campaign).select_related("owner", "booking")
    open_first = Case(When(status=Complaint.Status.CLOSED, then=1), default=0)
    return with_clocks(complaints.order_by(open_first, "respond_by", "id"))


def complaint_choices(clients):
    """The campaigns a complaint can be about (accounts/complaint_subjects.py)."""
    return Campaign.objects.filter(client__in=clients).select_related("client").order_by("client__name", "-created_at")


def describe_for_complaint(campaign):
    return f"{campaign} · {campaign.client}"


# ── The churn signal's figures (registered in BriefsConfig.ready(): accounts/client_health.py) ──

QUARTER = timedelta(days=91)


def client_health_figures(now):
    """Campaign budgets of the last quarter (and campaigns starting later) and of the quarter before, and
    the day the latest campaign starts, on each client row: correlated subqueries, no query of their own.
    A campaign counts on its start date, or the day it was created when it has none; cancelled ones not."""
    today = timezone.localdate(now)
    campaigns = (
        Campaign.objects.filter(client=OuterRef("pk"))
        .exclude(stage=Stage.CANCELLED)
        .annotate(day=Coalesce("start_date", TruncDate("created_at")))
        .order_by()
    )

    def spend(rows):
        total = rows.values("client").annotate(total=Sum("budget")).values("total")[:1]
        return Subquery(total, output_field=DecimalField(max_digits=16, decimal_places=2))

    return {
        "spend_recent": spend(campaigns.filter(day__gte=today - QUARTER)),
        "spend_before": spend(campaigns.filter(day__gte=today - 2 * QUARTER, day__lt=today - QUARTER)),
        "last_campaign_on": Subquery(campaigns.order_by("-day").values("day")[:1], output_field=DateField()),
    }
