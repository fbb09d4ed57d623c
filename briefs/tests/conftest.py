import pytest

from briefs.tests.fixtures import (  # noqa: F401
    _no_bad_token_throttle,
    brief,
    campaign,
    contact,
    draft,
    other_campaign,
    other_contact,
    team,
    team_campaign,
)


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"
    return settings.MEDIA_ROOT
