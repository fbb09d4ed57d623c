import re
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client as Browser

from accounts.tests.factories import BrandFactory
from agency.core import outbox
from agency.core.models import OutboxMessage
from agency.core.tests.decision_flow import decide_by_link
from briefs.models import Stage
from briefs.tests.factories import CampaignFactory
from briefs.tests.fixtures import _no_bad_token_throttle, contact  # noqa: F401
from media.models import PlanLine
from media.services import plans

from .factories import confirm_for_booking, line_fields


def client_decides(to_email, outcome="approved", comment=""):
    """The contact opens the newest link emailed to them (GET), presses a button and confirms (two POSTs)."""
    message = OutboxMessage.objects.filter(template="decision_request", to_email=to_email).order_by("-id").first()
    path = re.search(r"https?://[^/]+(/d/[^/\s]+/)", outbox.as_sent(message).text).group(1)
    browser = Browser()
    page = browser.get(path, follow=True)
    assert page.status_code == 200
    response = decide_by_link(browser, page.redirect_chain[-1][0], outcome=outcome, comment=comment, follow=True)
    assert response.status_code == 200
    return response


@pytest.fixture
def media_campaign(personas):
    brand = BrandFactory(client=personas.client, name="Tianshan Yoghurt")
    return CampaignFactory(
        client=personas.client,
        brand=brand,
        name="Southern launch",
        lead_ae=personas.member,
        budget=5_000_000,
        stage=Stage.MEDIA,
    )


@pytest.fixture
def draft_plan(media_campaign, personas):
    """Version 1 with two lines: TV in July and outdoor LED from mid-July to mid-August."""
    version = plans.plan_new_version(campaign=media_campaign, by=personas.member)
    for fields in (
        line_fields(),
        line_fields(
            vendor="Focus Media",
            channel="outdoor",
            vehicle="Guangzhou Tianhe LED",
            market="Guangzhou",
            placement="All day",
            format="15s loop",
            flight_start=date(2026, 7, 15),
            flight_end=date(2026, 8, 14),
            spots=3100,
            unit_rate=Decimal("12.35"),
            discount_pct=Decimal("0"),
        ),
    ):
        fields.pop("position")
        fields.pop("gross")
        fields.pop("net")
        plans.plan_line_add(version=version, by=personas.member, **fields)
    return version


@pytest.fixture
def confirmed_plan(draft_plan, contact, personas):  # noqa: F811
    plans.plan_send(version=draft_plan, contact=contact, by=personas.member)
    client_decides(contact.email, "approved")
    draft_plan.refresh_from_db()
    assert draft_plan.status == "approved"
    # The recommendation and each monthly plan confirmed too: what booking asks.
    return confirm_for_booking(draft_plan, contact=contact, by=personas.member)


def first_line(version):
    return PlanLine.objects.filter(version=version).order_by("position").first()


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"
    return settings.MEDIA_ROOT
