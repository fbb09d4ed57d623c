"""Read-side queries for the media pages, each a fixed number of SQL queries whatever the plan's size.

Weeks and months split a line's spots and net pro rata by the days of its flight that fall in each
week or month (largest remainder, so the parts add up exactly to the line: media.money.split_pro_rata).
"""

from collections import OrderedDict, namedtuple
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Concat, Lower, Trim
from django.utils.translation import gettext as _

from accounts.models import Client
from agency.core.decisions import approval_for
from briefs.gate_facts import MediaPlanFact
from briefs.models import WORKING_STAGES, Campaign
from briefs.queries import campaign_money, viewer_team_role

from .models import (
    Booking,
    ClientNotice,
    MakeGood,
    MediaRecommendation,
    MonitoringReport,
    MonthlyPlan,
    PlanLine,
    PlanVersion,
)
from .money import CENT, ZERO, split_pro_rata

# ── Plans ────────────────────────────────────────────────────────────────────


def current_version(campaign):
    """The latest version of the campaign's media plan, or None."""
    return PlanVersion.objects.filter(campaign=campaign).order_by("-number").first()


def plan_for_page(user, pk, *, lines=True):
    """The plan version with its campaign (and, unless lines=False, its lines and their bookings), for this
    user (or DoesNotExist); `viewer_team_role` for the permission map (agency/core/permissions.py) without
    another query."""
    plans = (
        PlanVersion.objects.visible_to(user)
        .select_related("campaign", "campaign__client", "campaign__brand", "client")
        .annotate(viewer_team_role=viewer_team_role(user))
    )
    if lines:
        plans = plans.prefetch_related(Prefetch("lines", queryset=_lines_with_bookings()))
    return plans.get(pk=pk)


def _lines_with_bookings():
    return PlanLine.objects.order_by("position", "id").prefetch_related(
        Prefetch("bookings", queryset=Booking.objects.order_by("id"))
    )


# The plan page shows this many lines at a time; its totals are always the whole plan's (plan_totals).
PLAN_PAGE_LINES = 100


def plan_page_lines(version, page_number):
    """One page of the plan's lines (PLAN_PAGE_LINES, in position order) with their bookings: two queries
    whatever the plan's size. `page_number` is clamped to the pages there are (given the line count)."""
    start = (page_number - 1) * PLAN_PAGE_LINES
    return list(_lines_with_bookings().filter(version=version)[start : start + PLAN_PAGE_LINES])


def plan_totals(version):
    """Spots, gross and net of every line of the plan, overall and per channel, and the line count,
    added up by the database in one query (the page shows one page of lines, the totals of all)."""
    result = Totals()
    labels = channel_labels()
    rows = (
        PlanLine.objects.filter(version=version)
        .values("channel")
        .annotate(n=Count("id"), spots=Sum("spots"), gross=Sum("gross"), net=Sum("net"))
        .order_by("channel")
    )
    for row in rows:
        result.lines += row["n"]
        result.spots += row["spots"]
        result.gross += row["gross"]
        result.net += row["net"]
        channel = result.by_channel.setdefault(labels.get(row["channel"], row["channel"]), Totals())
        channel.spots += row["spots"]
        channel.gross += row["gross"]
        channel.net += row["net"]
    return result


@dataclass
class Totals:
    spots: int = 0
    gross: Decimal = ZERO
    net: Decimal = ZERO
    by_channel: dict = field(default_factory=dict)
    lines: int = 0

    @property
    def discount(self):
        return self.gross - self.net


def channel_labels():
    """{channel: its name in the active language}: get_channel_display() translates every choice on each call."""
    return {value: str(label) for value, label in PlanLine._meta.get_field("channel").flatchoices}


def totals(lines):
    """Spots, gross and net of the lines, overall and per channel (from the already-loaded lines)."""
    result = Totals()
    labels = channel_labels()
    for line in lines:
        result.spots += line.spots
        result.gross += line.gross
        result.net += line.net
        channel = result.by_channel.setdefault(labels.get(line.channel, line.channel), Totals())
        channel.spots += line.spots
        channel.gross += line.gross
        channel.net += line.net
    return result


def budget_position(version, plan_totals):
    """The plan's net against the campaign budget (the budget is in the campaign's currency), after what
    production has committed or spent: the figures the client sees with the plan (media.decision_kinds).
    Rule: "Money committed counts" (docs/practice.md)"""
    budget = version.campaign.budget
    production = campaign_money(version.campaign).production_used
    remaining = budget - production - plan_totals.net
    return {
        "budget": budget,
        "production": production,
        "net": plan_totals.net,
        "remaining": max(remaining, ZERO),
        "over": max(-remaining, ZERO),
    }


def _days_in(start, end, period_start, period_end):
    first, last = max(start, period_start), min(end, period_end)
    return max((last - first).days + 1, 0)


def flight_span(lines):
    lines = list(lines)
    if not lines:
        return None, None
    return min(line.flight_start for line in lines), max(line.flight_end for line in lines)


def weeks_between(start, end):
    """Monday-started weeks covering start..end, as (monday, sunday)."""
    monday = start - timedelta(days=start.weekday())
    weeks = []
    while monday <= end:
        weeks.append((monday, monday + timedelta(days=6)))
        monday += timedelta(days=7)
    return weeks


ChartLine = namedtuple("ChartLine", "position vendor vehicle placement net flight_start flight_end spots")


def flowchart(version):
    """Lines by week across the flight: for each line, the spots in each week (None outside its flight).
    The lines are light rows (the chart shows a few columns of each), and a flight's split into weeks is
    worked out once per flight and spots: a plan's lines share a few flights."""
    lines = [ChartLine(*row) for row in version.lines.values_list(*ChartLine._fields)]
    start, end = flight_span(lines)
    if start is None:
        return {"weeks": [], "rows": [], "week_totals": []}
    weeks = weeks_between(start, end)
    week_totals = [0] * len(weeks)
    splits = {}
    rows = []
    for line in lines:
        key = (line.flight_start, line.flight_end, line.spots)
        if key not in splits:
            days = [_days_in(line.flight_start, line.flight_end, a, b) for a, b in weeks]
            shares = split_pro_rata(line.spots, days, 1)
            splits[key] = [int(s) if d else None for s, d in zip(shares, days, strict=True)]
        cells = splits[key]
        for i, cell in enumerate(cells):
            week_totals[i] += cell or 0
        rows.append({"line": line, "cells": cells})
    return {"weeks": [a for a, _b in weeks], "rows": rows, "week_totals": week_totals}


def months_between(start, end):
    months = []
    first = start.replace(day=1)
    while first <= end:
        following = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
        months.append((first, following - timedelta(days=1)))
        first = following
    return months


def latest_recommendation(campaign):
    """The campaign's newest media recommendation sent to the client (None before the first)."""
    return MediaRecommendation.objects.filter(campaign=campaign).select_related("version").order_by("-id").first()


def monthly_confirmations(version):
    """{month: MonthlyPlan} of the version's months sent for the client's written confirmation."""
    return {m.month: m for m in MonthlyPlan.objects.filter(version=version)}


def monthly_plans(version):
    """The monthly plans derived from the master plan: per month, the lines active in it with their
    spots and net for that month (pro rata by days), and the month's totals."""
    lines = list(version.lines.all())
    start, end = flight_span(lines)
    if start is None:
        return []
    months = months_between(start, end)
    plans = [{"month": a, "rows": [], "spots": 0, "net": ZERO} for a, _b in months]
    for line in lines:
        days = [_days_in(line.flight_start, line.flight_end, a, b) for a, b in months]
        spots = split_pro_rata(line.spots, days, 1)
        nets = split_pro_rata(line.net, days, CENT)
        for plan, d, s, n in zip(plans, days, spots, nets, strict=True):
            if d:
                plan["rows"].append({"line": line, "days": d, "spots": int(s), "net": n})
                plan["spots"] += int(s)
                plan["net"] += n
    return plans


# ── Competitor separation ────────────────────────────────────────────────────


def _slot_overlaps(a, b):
    if a.vehicle.strip().casefold() != b.vehicle.strip().casefold():
        return False
    if a.flight_start > b.flight_end or b.flight_start > a.flight_end:
        return False
    pa, pb = a.placement.strip().casefold(), b.placement.strip().casefold()
    return not pa or not pb or pa == pb  # no daypart named = the whole day


def _advertises(line, brand_name):
    return {t for t in (line.category.strip().casefold(), brand_name.strip().casefold()) if t}


class _Keys(dict):
    """text: its strip().casefold(), worked out once per distinct text (a plan's lines share a few vehicles,
    dayparts, categories, brands and keep-apart lists)."""

    def __missing__(self, text):
        key = self[text] = text.strip().casefold()
        return key


class _Terms(dict):
    """What a line keeps apart from (its keep_apart_from, as PlanLine.keep_apart_terms) or advertises (its
    (category, brand), as _advertises): a frozenset of keys, once per distinct value."""

    def __init__(self, keys):
        super().__init__()
        self.keys = keys

    def __missing__(self, value):
        texts = value if isinstance(value, tuple) else value.split(",")
        terms = self[value] = frozenset(filter(None, map(self.keys.__getitem__, texts)))
        return terms


class _Slot:
    """A line as the separation check reads it, from a light row (a model instance costs far more, and most
    lines clash with nothing): vehicle, daypart and terms as keys, and for another plan's line its client
    and campaign. `order` is its place among the candidates, the order of the messages."""

    own_columns = ("pk", "position", "vehicle", "placement", "flight_start", "flight_end", "category")
    own_columns += ("keep_apart_from",)
    other_columns = (*own_columns, "version__client_id", "version__campaign__job_number")
    other_columns += ("version__campaign__brand__name",)
    __slots__ = ("pk", "position", "vehicle", "placement", "flight_start", "flight_end", "client_id", "job_number")
    __slots__ += ("brand", "order", "vehicle_key", "placement_key", "advertises", "names")

    def __init__(self, row, order, keys, terms, client_id=None, job_number=None, brand=""):
        pk, self.position, vehicle, placement, self.flight_start, self.flight_end, category, keep_apart = row[:8]
        self.pk, self.vehicle, self.placement, self.order, self.brand = pk, vehicle, placement, order, brand
        self.client_id, self.job_number = client_id, job_number  # None for a line of this plan
        self.vehicle_key, self.placement_key = keys[vehicle], keys[placement]
        self.advertises, self.names = terms[category, brand], terms[keep_apart]


def _flights_overlap(start, end):
    """Lines whose flight overlaps start..end: on PostgreSQL as a range overlap, the expression of the GiST
    index media_planline_flight (migration 0010), so the database reads only those lines."""
    if connection.vendor != "postgresql":
        return Q(flight_start__lte=end, flight_end__gte=start)
    flight = Func(F("flight_start"), F("flight_end"), Value("[]"), function="daterange")
    weeks = Func(Value(start), Value(end), Value("[]"), function="daterange")
    return Q(Func(flight, weeks, arg_joiner=" && ", template="(%(expressions)s)", output_field=BooleanField()))


# The database compares text as _Keys does (strip().casefold() is lower(btrim()) for printable ASCII);
# a line with any other character in its category or brand is always loaded and judged in Python.
IRREGULAR = r"[^\x20-\x7e]"
_SEP = "\x1f"


def _other_plans_lines(version, own, keys, terms):
    """Other campaigns' lines, sent to or confirmed by their clients, that could clash with `own`: on one of
    its vehicles in its weeks, and either keeping something apart themselves or advertising (category or
    brand) what a line of ours on that vehicle keeps apart. One query; the rows are judged in Python."""
    vehicles = {line.vehicle.strip().lower() for line in own}  # as the database lower-cases them
    named = sorted({f"{line.vehicle.strip().lower()}{_SEP}{term}" for line in own for term in line.names})
    brand = "version__campaign__brand__name"
    may_clash = ~Q(keep_apart_from="") | Q(category__regex=IRREGULAR) | Q(**{f"{brand}__regex": IRREGULAR})
    if named:
        may_clash |= Q(category_key__in=named) | Q(brand_key__in=named)
    rows = (
        PlanLine.objects.annotate(
            vehicle_key=Lower("vehicle"),
            category_key=Concat(Lower("vehicle"), Value(_SEP), Lower(Trim("category"))),
            brand_key=Concat(Lower("vehicle"), Value(_SEP), Lower(Trim(brand))),
        )
        .filter(
            _flights_overlap(min(line.flight_start for line in own), max(line.flight_end for line in own)),
            may_clash,
            vehicle_key__in=vehicles,
            version__status__in=("sent", "approved"),
        )
        .exclude(version__campaign=version.campaign)
        .values_list(*_Slot.other_columns)
    )
    first = len(own)
    return [_Slot(row, first + n, keys, terms, *row[8:]) for n, row in enumerate(rows)]


def _clashing_pairs(own, others):
    """{our line: {line it may clash with}}: every pair where one line names a term the other advertises,
    on the same vehicle with overlapping flights, and one of them is ours. Our lines are indexed by
    (vehicle, term), so a plan of 1,000 lines is not 1,000,000 comparisons, and other plans' lines are
    not compared with each other."""
    namers, advertisers = {}, {}  # (vehicle, term): our lines naming it / advertising it
    for line in own:
        for term in line.names:
            namers.setdefault((line.vehicle_key, term), []).append(line)
        for term in line.advertises:
            advertisers.setdefault((line.vehicle_key, term), []).append(line)
    partners = {line: set() for line in own}
    for other in (*own, *others):  # what our lines name, advertised by any line
        is_ours = other.client_id is None
        for term in other.advertises:
            key = (other.vehicle_key, term)
            if key in namers:
                for line in namers[key]:
                    if other.flight_start <= line.flight_end and line.flight_start <= other.flight_end:
                        if line is not other:
                            partners[line].add(other)
                            if is_ours:
                                partners[other].add(line)
    for other in others:  # what other plans' lines name, advertised by ours
        for term in other.names:
            key = (other.vehicle_key, term)
            if key in advertisers:
                for line in advertisers[key]:
                    if other.flight_start <= line.flight_end and line.flight_start <= other.flight_end:
                        partners[line].add(other)
    return partners


def _same_daypart(a, b):
    return not a.placement_key or not b.placement_key or a.placement_key == b.placement_key  # none = all day


@dataclass
class Separation:
    messages: dict  # {line id: [messages]} of the lines asked about
    lines: int  # how many of the plan's lines break separation


def separation(version, user, shown=None):
    """The plan's competitor separation: how many of its lines share a slot (vehicle, overlapping flight,
    daypart) with a line when one of the two names a category or competitor to keep apart that the other
    advertises — in this plan, or in another campaign's plan sent to or confirmed by its client — and the
    messages of the lines whose ids are in `shown` (every line's when None). Another client is named only
    to people who may see it. Three queries whatever the plan's size."""
    keys = _Keys()
    terms = _Terms(keys)
    brand = version.campaign.brand.name
    rows = PlanLine.objects.filter(version=version).values_list(*_Slot.own_columns)
    own = [_Slot(row, n, keys, terms, brand=brand) for n, row in enumerate(rows)]
    if not own:
        return Separation({}, 0)
    partners = _clashing_pairs(own, _other_plans_lines(version, own, keys, terms))
    clashing = 0
    asked = {}  # our line asked about: [its partner in the same slot] in the order of the messages
    for line in own:
        if shown is None or line.pk in shown:
            slot = [other for other in sorted(partners[line], key=_order) if _same_daypart(line, other)]
            if slot:
                asked[line] = slot
                clashing += 1
        elif any(_same_daypart(line, other) for other in partners[line]):
            clashing += 1
    return Separation(_messages(asked, user), clashing)


def _order(slot):
    return slot.order


def _messages(asked, user):
    """{line id: [messages]}: what clashes with each line, and where."""
    clients = {other.client_id for slot in asked.values() for other in slot} - {None}
    visible = set()
    if clients:
        visible = set(Client.objects.visible_to(user).filter(pk__in=clients).values_list("pk", flat=True))
    own_line, another_client = _("line %(n)s of this plan"), _("another client's booking")
    same_slot, all_day = _("Same slot as %(where)s (%(what)s): %(vehicle)s, %(placement)s"), _("all day")
    messages = {}
    for line, slot in asked.items():
        messages[line.pk] = []
        for other in slot:
            if other.client_id is None:
                where = own_line % {"n": other.position}
            elif other.client_id in visible:
                where = f"{other.job_number} {other.brand}"
            else:
                where = another_client
            what = (line.names & other.advertises) or (other.names & line.advertises)
            messages[line.pk].append(
                same_slot
                % {
                    "where": where,
                    "what": ", ".join(sorted(what)),
                    "vehicle": other.vehicle,
                    "placement": other.placement or all_day,
                }
            )
    return messages


def separation_conflicts(version, user):
    """{line id: [messages]} of every line of the plan that breaks competitor separation (see separation)."""
    return separation(version, user).messages


# ── The media index: every plan and booking the reader may see ──────────────

INDEX_LIMIT = 100  # the latest plans and bookings; older ones are on their campaign's media page


def media_index(user):
    """The latest media plan versions and bookings visible to the user, each with its campaign and client:
    two queries whatever the number of plans and bookings."""
    plans = (
        PlanVersion.objects.visible_to(user)
        .select_related("campaign", "campaign__client")
        .order_by("-created_at", "-pk")[:INDEX_LIMIT]
    )
    bookings = (
        Booking.objects.visible_to(user)
        .select_related("line", "line__version__campaign", "line__version__campaign__client")
        .order_by("-requested_at", "-pk")[:INDEX_LIMIT]
    )
    return {"plans": list(plans), "bookings": list(bookings), "limit": INDEX_LIMIT}


# ── Bookings, monitoring, delivery ───────────────────────────────────────────


def booking_for_page(user, pk):
    return (
        Booking.objects.visible_to(user)
        .select_related("line", "line__version", "line__version__campaign", "line__version__campaign__client")
        .prefetch_related(
            Prefetch("reports", queryset=MonitoringReport.objects.prefetch_related("proofs").order_by("period_start")),
            Prefetch("make_goods", queryset=MakeGood.objects.prefetch_related("proofs").order_by("id")),
            Prefetch("notices", queryset=ClientNotice.objects.select_related("contact")),
        )
        .get(pk=pk)
    )


@dataclass
class LineDelivery:
    line: PlanLine
    delivered_spots: int
    delivered_cost: Decimal

    @property
    def missing_spots(self):
        return max(self.line.spots - self.delivered_spots, 0)


@dataclass
class ChannelDelivery:
    channel: str
    planned_spots: int = 0
    delivered_spots: int = 0
    planned_cost: Decimal = ZERO
    delivered_cost: Decimal = ZERO


@dataclass
class Delivery:
    lines: list
    channels: list
    planned_spots: int
    delivered_spots: int
    planned_cost: Decimal
    delivered_cost: Decimal


def with_delivery(lines):
    """Plan lines annotated with what they delivered: the one definition of delivered spots, read by the
    post-analysis, the campaign's pages, the dashboard and their exports (Rule: "Post-analysis").

    aired_spots = spots aired in the monitoring reports of the line's live (not cancelled) bookings;
    made_good_spots = spots that aired in the make-goods of those bookings. Delivered = their sum.
    """
    live = ~Q(status=Booking.Status.CANCELLED)
    aired = (
        MonitoringReport.objects.filter(Q(booking__line=OuterRef("pk")), booking__in=Booking.objects.filter(live))
        .values("booking__line")
        .annotate(n=Sum("aired"))
        .values("n")
    )
    made_good = (
        MakeGood.objects.filter(booking__line=OuterRef("pk"), status=MakeGood.Status.AIRED)
        .exclude(booking__status=Booking.Status.CANCELLED)
        .values("booking__line")
        .annotate(n=Sum("aired_spots"))
        .values("n")
    )
    return lines.annotate(
        aired_spots=Coalesce(Subquery(aired, output_field=IntegerField()), Value(0)),
        made_good_spots=Coalesce(Subquery(made_good, output_field=IntegerField()), Value(0)),
    )


def booked_lines(campaigns):
    """The lines of the plan versions the campaigns bought from (a version with at least one live booking):
    what the dashboard's delivery counts, as the post-analysis of that version does."""
    booked = PlanVersion.objects.filter(
        campaign__in=campaigns, lines__bookings__in=Booking.objects.exclude(status=Booking.Status.CANCELLED)
    )
    return PlanLine.objects.filter(version__in=booked.values("pk"))


def delivery_per_client(campaigns):
    """{client name: (planned spots, delivered spots)} over the booked lines of `campaigns`, summed in SQL
    with the same definition as delivery(version) (one query)."""
    rows = (
        with_delivery(booked_lines(campaigns))
        .values("version__campaign__client__name")
        .annotate(planned=Sum("spots"), aired=Sum("aired_spots"), made_good=Sum("made_good_spots"))
        .order_by()
    )
    return {
        row["version__campaign__client__name"]: (row["planned"] or 0, (row["aired"] or 0) + (row["made_good"] or 0))
        for row in rows
    }


def delivery(version):
    """Planned vs delivered spots and cost per line and per channel (one query).

    Delivered spots: see with_delivery(). Delivered cost = the line's net × delivered / planned spots,
    never more than the line's net.
    """
    lines = with_delivery(PlanLine.objects.filter(version=version))
    rows, channels = [], OrderedDict()
    for line in lines.order_by("position", "id"):
        delivered = line.aired_spots + line.made_good_spots
        cost = (line.net * min(delivered, line.spots) / line.spots).quantize(CENT) if line.spots else ZERO
        rows.append(LineDelivery(line, delivered, cost))
        channel = channels.setdefault(line.channel, ChannelDelivery(line.get_channel_display()))
        channel.planned_spots += line.spots
        channel.delivered_spots += delivered
        channel.planned_cost += line.net
        channel.delivered_cost += cost
    return Delivery(
        lines=rows,
        channels=list(channels.values()),
        planned_spots=sum(r.line.spots for r in rows),
        delivered_spots=sum(r.delivered_spots for r in rows),
        planned_cost=sum((r.line.net for r in rows), ZERO),
        delivered_cost=sum((r.delivered_cost for r in rows), ZERO),
    )


def campaign_media(campaign):
    """The campaign's media overview: plan versions, bookings, make-goods to schedule, notices."""
    versions = list(PlanVersion.objects.filter(campaign=campaign).order_by("-number"))
    bookings = list(
        Booking.objects.filter(line__version__campaign=campaign)
        .select_related("line", "line__version")
        .order_by("line__version__number", "line__position", "id")
    )
    open_make_goods = list(
        MakeGood.objects.filter(booking__line__version__campaign=campaign)
        .exclude(status=MakeGood.Status.AIRED)
        .select_related("booking")
    )
    notices = list(ClientNotice.objects.filter(campaign=campaign).select_related("contact", "version", "booking"))
    return {"versions": versions, "bookings": bookings, "open_make_goods": open_make_goods, "notices": notices}


# ── What the workflow's media gate needs to know (registered in MediaConfig.ready()) ──


def schedule_sent(version):
    return ClientNotice.objects.filter(version=version, kind=ClientNotice.Kind.SCHEDULE).exists()


def media_plan_gate_fact(campaign):
    """The current plan version, whether the client confirmed it in writing and whether the confirmed
    schedule was sent: briefs/workflow.py says what is missing (briefs/gate_facts.py)."""
    # The current version and whether its schedule went out, in one query (as current_version, schedule_sent).
    sent = ClientNotice.objects.filter(version=OuterRef("pk"), kind=ClientNotice.Kind.SCHEDULE)
    version = (
        PlanVersion.objects.filter(campaign=campaign).annotate(schedule_sent=Exists(sent)).order_by("-number").first()
    )
    if version is None:
        return None
    return MediaPlanFact(
        version_label=version.version_label,
        confirmed=approval_for(version) is not None,
        schedule_sent=version.schedule_sent,
    )


# ── What a client's status report says about media (registered in MediaConfig.ready()) ──

# Media that is booked: the owner has the request or has confirmed it.
BOOKED = (Booking.Status.REQUESTED, Booking.Status.CONFIRMED)


def air_dates_for_report(period):
    """Booked media starting in the next two weeks (accounts/report_facts.py)."""
    return [
        {
            "what": f"{b.line.vehicle} ({b.line.get_channel_display()})",
            "campaign": str(b.line.version.campaign),
            "date": b.line.flight_start.isoformat(),
        }
        for b in Booking.objects.filter(
            client=period.client,
            status__in=BOOKED,
            line__flight_start__gte=period.today,
            line__flight_start__lte=period.horizon,
        )
        .select_related("line__version__campaign")
        .order_by("line__flight_start", "id")
    ]


def budget_for_report(period):
    """Each running campaign's budget against its booked media (net)."""
    return [
        {
            "campaign": str(c),
            "currency": c.currency,
            "budget": str(c.budget),
            "booked": str(Decimal(c.booked or 0).quantize(CENT)),  # SQLite's sums lose the cents
            "percent": round(100 * (c.booked or 0) / c.budget) if c.budget else None,
        }
        for c in Campaign.objects.filter(client=period.client, stage__in=WORKING_STAGES)
        .annotate(booked=Sum("media_plans__lines__net", filter=Q(media_plans__lines__bookings__status__in=BOOKED)))
        .order_by("job_number")
    ]


# ── What a complaint can be about (registered in MediaConfig.ready(): accounts/complaint_subjects.py) ──

BOOKING_CAMPAIGN = "line__version__campaign_id"


def booking_choices_for_complaint(clients):
    return (
        Booking.objects.filter(client__in=clients)
        .select_related("client", "line__version__campaign")
        .order_by("client__name", "-id")
    )


def describe_booking_for_complaint(booking):
    return f"{booking.reference} · {booking.line.version.campaign.name} · {booking.client}"


def bookings_for_list(user):
    """Bookings across every plan this person may see, newest request first (one query per page)."""
    return (
        Booking.objects.visible_to(user)
        .select_related("client", "line__version__campaign")
        .order_by("-requested_at", "-id")
    )
