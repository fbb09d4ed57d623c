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
