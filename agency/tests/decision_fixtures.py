"""Fixtures for client-decision tests, shared by agency/tests and briefs/tests (imported by their conftests)."""

import pytest

from accounts.tests.factories import BrandFactory, ContactFactory
from agency.core import links
from briefs.tests.factories import CampaignFactory, make_brief


@pytest.fixture(autouse=True)
def _no_bad_token_throttle():
    """The throttle lives in the (shared) cache: every test starts with a clean slate for loopback."""
    for ip in ("127.0.0.1", None):
        links.reset_bad_tokens(ip)
    yield
    for ip in ("127.0.0.1", None):
        links.reset_bad_tokens(ip)


@pytest.fixture
def contact(personas):
    return ContactFactory(client=personas.client, name="Chen Hui", email="chen.hui@tianshan.example", language="en")


@pytest.fixture
def other_contact(personas):
    return ContactFactory(client=personas.other_client, name="Lam Ka", email="lam.ka@harbour.example", language="en")


@pytest.fixture
def campaign(personas):
    brand = BrandFactory(client=personas.client, name="Tianshan Yoghurt")
    return CampaignFactory(client=personas.client, brand=brand, name="Southern launch", lead_ae=personas.member)


@pytest.fixture
def brief(campaign, personas):
    return make_brief(campaign, by=personas.member)


@pytest.fixture
def draft(brief):
    return brief.versions.get(number=1)


@pytest.fixture
def other_campaign(personas):
    brand = BrandFactory(client=personas.other_client, name="Harbour Roast")
    return CampaignFactory(client=personas.other_client, brand=brand, name="Winter blend", lead_ae=personas.outsider)
