import pytest

from accounts.tests.factories import BrandFactory, TeamMemberFactory
from agency.core.tests.factories import UserFactory
from agency.tests.decision_fixtures import (  # noqa: F401
    _no_bad_token_throttle,
    brief,
    campaign,
    contact,
    draft,
    other_campaign,
    other_contact,
)
from briefs.services.campaigns import campaign_create


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


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"
    return settings.MEDIA_ROOT
