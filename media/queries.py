"""Read-side queries for the media pages, each a fixed number of SQL queries whatever the plan's size.

Weeks and months split a line's spots and net pro rata by the days of its flight that fall in each
week or month (largest remainder, so the parts add up exactly to the line: media.money.split_pro_rata).
"""

import re
from bisect import bisect_right
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Lower
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


def flowchart(version):
    """Lines by week across the flight: for each line, the spots in each week (None outside its flight)."""
    lines = list(version.lines.all())
    start, end = flight_span(lines)
    if start is None:
        return {"weeks": [], "rows": [], "week_totals": []}
    weeks = weeks_between(start, end)
    rows = []
    week_totals = [0] * len(weeks)
    for line in lines:
        days = [_days_in(line.flight_start, line.flight_end, a, b) for a, b in weeks]
        shares = split_pro_rata(line.spots, days, 1)
        cells = [int(s) if d else None for s, d in zip(shares, days, strict=True)]
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


def _may_clash_with(terms):
    """Lines of other plans that could clash with lines naming `terms`: they name something to keep
    apart themselves, or advertise (category or brand) one of the terms. A superset in SQL of what
    _advertises() matches in Python: for ASCII text a case-insensitive `contains` covers
    strip().casefold() equality; text with any other character is always loaded and judged in Python."""
    may_clash = ~Q(keep_apart_from="")
    if terms:
        brand = "version__campaign__brand__name"
        may_clash |= Q(category__regex=NON_ASCII) | Q(**{f"{brand}__regex": NON_ASCII})
        ascii_terms = sorted(t for t in terms if t.isascii())
        if ascii_terms:
            pattern = "|".join(re.escape(t) for t in ascii_terms)
            may_clash |= Q(category__iregex=pattern) | Q(**{f"{brand}__iregex": pattern})
    return may_clash


NON_ASCII = r"[^\x01-\x7f]"


class _OtherLine:
    """What the separation check reads of another plan's line, with its plan's client and campaign
    (a model instance costs far more to build, and most of these rows clash with nothing)."""

    columns = ("pk", "vehicle", "placement", "flight_start", "flight_end", "category", "keep_apart_from")
    columns += ("version__client_id", "version__campaign__job_number", "version__campaign__brand__name")
    __slots__ = (*columns[:-3], "client_id", "job_number", "brand_name")

    def __init__(self, *values):
        for name, value in zip(self.__slots__, values, strict=True):
            setattr(self, name, value)

    keep_apart_terms = PlanLine.keep_apart_terms


def _clashing_pairs(candidates):
    """Index pairs (i, j) of candidates (line, brand) where i names a term j advertises, on the same
    vehicle with overlapping flights: sort by flight start per (vehicle, advertised term) and sweep,
    instead of comparing every pair. Every real clash is among these (one side names the other)."""
    buckets = {}
    for index, (line, brand) in enumerate(candidates):
        vehicle = line.vehicle.strip().casefold()
        for term in _advertises(line, brand):
            buckets.setdefault((vehicle, term), []).append(index)
    starts = {}
    for key, indexes in buckets.items():
        indexes.sort(key=lambda i: candidates[i][0].flight_start)
        starts[key] = [candidates[i][0].flight_start for i in indexes]
    for i, (line, _brand) in enumerate(candidates):
        terms = line.keep_apart_terms()
        if not terms:
            continue
        vehicle = line.vehicle.strip().casefold()
        for term in terms:
            key = (vehicle, term)
            if key not in buckets:
                continue
            # Everything that starts by the time this line ends; of those, what has not ended before it starts.
            for j in buckets[key][: bisect_right(starts[key], line.flight_end)]:
                if j != i and candidates[j][0].flight_end >= line.flight_start:
                    yield i, j


def separation_conflicts(version, user):
    """{line id: [messages]} for lines that name a category or competitor to keep apart and share a slot
    (vehicle, overlapping flight, daypart) with a line advertising it — in this plan, or in another
    campaign's plan sent to or confirmed by its client. Another client is named only to people who may see it.

    Only pairs where one line names what the other advertises, on the same vehicle in overlapping weeks,
    are looked at (see _clashing_pairs), so a plan of 1,000 lines is not 1,000,000 comparisons."""
    lines = list(version.lines.all())
    if not lines:
        return {}
    start, end = flight_span(lines)
    vehicles = {line.vehicle.strip().lower() for line in lines}
    own_terms = set().union(*(line.keep_apart_terms() for line in lines))
    # Other plans' lines as light rows first: most share no slot or term with this plan.
    others = [
        _OtherLine(*row)
        for row in PlanLine.objects.annotate(vehicle_key=Lower("vehicle"))
        .filter(
            _may_clash_with(own_terms),
            vehicle_key__in=vehicles,
            version__status__in=("sent", "approved"),
            flight_start__lte=end,
            flight_end__gte=start,
        )
        .exclude(version__campaign=version.campaign)
        .values_list(*_OtherLine.columns)
    ]
    own_brand = version.campaign.brand.name
    candidates = [(line, own_brand) for line in lines] + [(o, o.brand_name) for o in others]
    # Each line's possible clashes, in the order of the candidates (the order of the messages).
    partners = {}
    for i, j in _clashing_pairs(candidates):
        for mine, theirs in ((i, j), (j, i)):
            if mine < len(lines):
                partners.setdefault(mine, set()).add(theirs)
    visible = set(Client.objects.visible_to(user).values_list("pk", flat=True))
    conflicts = {}
    for index, line in enumerate(lines):
        if index not in partners:
            continue
        terms = line.keep_apart_terms()
        mine = _advertises(line, own_brand)
        for other_index in sorted(partners[index]):
            other, brand = candidates[other_index]
            theirs = _advertises(other, brand)
            clash = (terms & theirs) or (other.keep_apart_terms() & mine)
            if not clash or not _slot_overlaps(line, other):
                continue
            if other_index < len(lines):
                where = _("line %(n)s of this plan") % {"n": other.position}
            elif other.client_id in visible:
                where = f"{other.job_number} {brand}"
            else:
                where = _("another client's booking")
            conflicts.setdefault(line.pk, []).append(
                _("Same slot as %(where)s (%(what)s): %(vehicle)s, %(placement)s")
                % {
                    "where": where,
                    "what": ", ".join(sorted(clash)),
                    "vehicle": other.vehicle,
                    "placement": other.placement or _("all day"),
                }
            )
    return conflicts


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
