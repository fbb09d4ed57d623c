"""Competitor separation on big plans: the sweep finds exactly what comparing every pair finds."""

import random
from datetime import date, timedelta

from django.db import connection
from django.db.models.functions import Lower
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Client
from accounts.tests.factories import BrandFactory
from briefs.tests.factories import CampaignFactory
from media import queries
from media.models import PlanLine, PlanVersion

from .factories import PlanVersionFactory, line_fields

VEHICLES = ["CCTV-1", "cctv-1 ", "Hunan TV", "Dragon TV", "Bund LED"]  # the same vehicle written two ways
PLACEMENTS = ["", "Prime 19:00-22:00", "prime 19:00-22:00", "Morning"]
CATEGORIES = ["beer", "Beer ", "dairy", "cars", "啤酒", "Straße", ""]
KEEP_APART = ["", "", "", "beer", "dairy, cars", "啤酒", "strasse", "Mengniu", "Tianshan Yoghurt", "straße"]


def random_lines(version, count, rng):
    lines = []
    for position in range(1, count + 1):
        start = date(2026, 7, 1) + timedelta(days=rng.randrange(0, 60))
        lines.append(
            PlanLine(
                version=version,
                **line_fields(
                    position=position,
                    vehicle=rng.choice(VEHICLES),
                    placement=rng.choice(PLACEMENTS),
                    flight_start=start,
                    flight_end=start + timedelta(days=rng.randrange(0, 20)),
                    category=rng.choice(CATEGORIES),
                    keep_apart_from=rng.choice(KEEP_APART),
                ),
            )
        )
    return PlanLine.objects.bulk_create(lines)


def brute_force(version, user):
    """Every line against every candidate: the rule as first written (before the sweep), the reference."""
    lines = list(version.lines.all())
    if not lines:
        return {}
    start, end = queries.flight_span(lines)
    vehicles = {line.vehicle.strip().lower() for line in lines}
    others = list(
        PlanLine.objects.annotate(vehicle_key=Lower("vehicle"))
        .filter(
            vehicle_key__in=vehicles,
            version__status__in=("sent", "approved"),
            flight_start__lte=end,
            flight_end__gte=start,
        )
        .exclude(version__campaign=version.campaign)
        .select_related("version__campaign__brand", "version__client")
    )
    visible = set(Client.objects.visible_to(user).values_list("pk", flat=True)) if others else set()
    own_brand = version.campaign.brand.name
    candidates = [(line, own_brand, None) for line in lines] + [
        (o, o.version.campaign.brand.name, o.version) for o in others
    ]
    conflicts = {}
    for line in lines:
        terms = line.keep_apart_terms()
        for other, brand, other_version in candidates:
            if other is line:
                continue
            mine = queries._advertises(line, own_brand)
            theirs = queries._advertises(other, brand)
            clash = (terms & theirs) or (other.keep_apart_terms() & mine)
            if not clash or not queries._slot_overlaps(line, other):
                continue
            if other_version is None:
                where = _("line %(n)s of this plan") % {"n": other.position}
            elif other_version.client_id in visible:
                where = f"{other_version.campaign.job_number} {brand}"
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


def test_it_finds_the_same_clashes_as_comparing_every_pair(client, personas, media_campaign):
    rng = random.Random(7)
    plan = PlanVersionFactory(campaign=media_campaign, number=1)
    random_lines(plan, 300, rng)
    # Another client's plan sent for confirmation, a visible client's confirmed plan, and a draft (ignored).
    for owner, brand_name, status in (
        (personas.other_client, "Mengniu", "sent"),
        (personas.client, "Beer", "approved"),
        (personas.other_client, "Yili", "draft"),
    ):
        campaign = CampaignFactory(client=owner, brand=BrandFactory(client=owner, name=brand_name))
        other_plan = PlanVersionFactory(campaign=campaign, number=1)
        random_lines(other_plan, 100, rng)
        PlanVersion.objects.filter(pk=other_plan.pk).update(status=status)

    for who in (personas.member, personas.management):
        expected = brute_force(plan, who)
        assert len(expected) > 50  # enough clashes, of every kind, to mean something
        with CaptureQueriesContext(connection) as captured:
            assert queries.separation_conflicts(plan, who) == expected
        assert len(captured) == 3  # lines, other plans' lines (light rows), the clients this person sees
        # A page of lines: the messages of its lines, the count of the whole plan's.
        shown = set(plan.lines.order_by("position", "id").values_list("pk", flat=True)[100:200])
        on_page = queries.separation(plan, who, shown=shown)
        assert on_page.messages == {pk: messages for pk, messages in expected.items() if pk in shown}
        assert on_page.lines == len(expected)

    # What the planner reads on the page.
    client.force_login(personas.member)
    expected = brute_force(plan, personas.member)
    for number, lines in ((1, slice(0, 100)), (3, slice(200, 300))):
        page = client.get(reverse("media_plan", args=[plan.pk]), {"page": number}).content.decode()
        assert f"{len(expected)} lines break competitor separation." in page
        on_page = plan.lines.order_by("position", "id").values_list("pk", flat=True)[lines]
        assert page.count("separation-conflict") == sum(len(expected.get(pk, [])) for pk in on_page)
