"""Fixtures for tests of campaigns and their client decisions, shared by the tests of briefs, of the apps
above it and the system tests in agency/tests (imported by their conftests)."""

import pytest

from accounts.tests.factories import BrandFactory, ContactFactory, TeamMemberFactory
from agency.core import links
from agency.core.tests.factories import UserFactory
from briefs.services.campaigns import campaign_create
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


@pytest.fixture
def team(personas):
    """The people on the Tianshan Dairy account around the member (lead AE): a creative and a producer."""
    creative = UserFactory(username="creative", title="creative", department="creative")
    producer = UserFactory(username="producer", title="producer", department="production")
    TeamMemberFactory(client=personas.client, user=creative, role="creative")
    TeamMemberFactory(client=personas.client, user=producer, role="ae")
    return type("Team", (), {"creative": creative, "producer": producer})


@pytest.fixture
def team_campaign(personas, team):
    brand = BrandFactory(client=personas.client, name="Pure Milk")
    return campaign_create(
        client=personas.client,
        brand=brand,
        name="Spring Festival",
        lead_ae=personas.member,
        team=[team.creative, team.producer],
        budget=500000,
        by=personas.member,
    )
