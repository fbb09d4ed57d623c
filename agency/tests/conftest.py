from agency.tests.decision_fixtures import (  # noqa: F401
    _no_bad_token_throttle,
    brief,
    campaign,
    contact,
    draft,
    other_campaign,
    other_contact,
)
