from datetime import date
from decimal import Decimal

import factory

from briefs.tests.factories import CampaignFactory
from media.models import PlanLine, PlanVersion
from media.money import line_amounts


class PlanVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanVersion

    campaign = factory.SubFactory(CampaignFactory)
    client = factory.SelfAttribute("campaign.client")
    number = factory.Sequence(lambda n: n + 1)
    currency = "CNY"


def line_fields(position=1, **overrides):
    values = {
        "vendor": "CCTV Advertising",
        "channel": "tv",
        "vehicle": "CCTV-1",
        "market": "National",
        "placement": "Prime time 19:00-22:00",
        "format": "15s",
        "flight_start": date(2026, 7, 1),
        "flight_end": date(2026, 7, 31),
        "spots": 31,
        "unit_rate": Decimal("85000.00"),
        "discount_pct": Decimal("12.50"),
        "category": "dairy",
        "keep_apart_from": "",
        "notes": "",
        **overrides,
    }
    values["gross"], values["net"] = line_amounts(values["spots"], values["unit_rate"], values["discount_pct"])
    return {"position": position, **values}


def add_lines(version, count, **overrides):
    """`count` lines on a draft version, in one INSERT."""
    return PlanLine.objects.bulk_create(
        PlanLine(version=version, **line_fields(position=i, **{"vehicle": f"Vehicle {i % 40}", **overrides}))
        for i in range(1, count + 1)
    )


def bookable_line(campaign, *, contact, by):
    """A line of a plan version the client confirmed, for a test that needs a booking but not the whole
    path to it (satisfy_media_gate walks that). No one-time code: its path is tested elsewhere."""
    from agency.core import decisions
    from agency.core.models import DecisionRequest

    number = max(PlanVersion.objects.filter(campaign=campaign).values_list("number", flat=True), default=0) + 1
    version = PlanVersionFactory(campaign=campaign, number=number)
    [line] = add_lines(version, 1)
    request = decisions.request_decision(document=version, contact=contact, by=by)
    DecisionRequest.objects.filter(pk=request.pk).update(requires_code=False)
    request.refresh_from_db()
    decisions.decide(decision_request=request, outcome="approved")
    return line


RECOMMENDATION = "TV for national reach in July; LED in Guangzhou for frequency from mid-July."


def confirm_for_booking(version, *, contact, by):
    """Through the services: the client confirms in writing the media recommendation (written as
    `version`, unless one is confirmed already) and every monthly plan of the approved `version`, as
    booking asks (docs/practice.md, "Written confirmation before booking")."""
    from agency.core import decisions
    from agency.core.models import DecisionRequest
    from media.models import MediaBrief, MediaRecommendation
    from media.queries import monthly_plans
    from media.services import confirmations

    def approve(document):
        request = DecisionRequest.objects.for_document(document).open().get()
        decisions.decide(decision_request=request, outcome="approved")

    if not MediaRecommendation.objects.filter(campaign=version.campaign, status="approved").exists():
        brief, _created = MediaBrief.objects.get_or_create(campaign=version.campaign)
        if not brief.recommendation:
            MediaBrief.objects.filter(pk=brief.pk).update(recommendation=RECOMMENDATION)
        approve(
            confirmations.recommendation_send(
                version=version, contact=contact, by=by, over_budget_reason="Agreed with the client's marketing head."
            )
        )
    for month in monthly_plans(version):
        if not version.months.filter(month=month["month"], status="approved").exists():
            approve(confirmations.monthly_plan_send(version=version, month=month["month"], contact=contact, by=by))
    return version


def satisfy_media_gate(campaign, *, contact, by):
    """Through the services: a one-line plan confirmed by the client, booked, vendor-confirmed, schedule sent."""
    from agency.core import decisions
    from agency.core.models import DecisionRequest
    from media.services import bookings, plans

    version = plans.plan_new_version(campaign=campaign, by=by)
    fields = line_fields()
    for computed in ("position", "gross", "net"):
        fields.pop(computed)
    line = plans.plan_line_add(version=version, by=by, **fields)
    plans.plan_send(
        version=version, contact=contact, by=by, over_budget_reason="Agreed with the client's marketing head."
    )
    request = DecisionRequest.objects.for_document(version).open().get()
    decisions.decide(decision_request=request, outcome="approved")
    version.refresh_from_db()
    confirm_for_booking(version, contact=contact, by=by)
    booking = bookings.booking_create(line=line, by=by, over_budget_reason="Agreed with the client's marketing head.")
    bookings.booking_confirm(booking=booking, vendor_reference="V-1", by=by)
    bookings.schedule_send(version=version, contact=contact, message="", by=by)
    return version
