"""Satisfaction surveys sent once a quarter, their links and results (the survey sent when a campaign
closes, and what follows its answer, is a system test: agency/tests/test_surveys.py)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from accounts.models import SatisfactionSurvey
from accounts.services.surveys import surveys_send_quarterly
from accounts.tests.factories import ContactFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def contact(personas):
    return ContactFactory(client=personas.client, name="王芳", email="wang.fang@tianshan.example", language="zh-hans")


def test_an_unknown_survey_link_is_a_polite_404(client, db):
    assert client.get("/s/not-a-real-token-at-all-abcdefgh/").status_code == 404


def test_the_quarterly_round_asks_each_contact_once(personas, contact, time_machine):
    time_machine.move_to(datetime(2026, 10, 1, 10, 0, tzinfo=SHANGHAI), tick=False)
    ContactFactory(client=personas.client, may_approve=False)  # not a decision maker: not asked
    assert surveys_send_quarterly() == 1
    assert surveys_send_quarterly() == 0
    assert SatisfactionSurvey.objects.get().period == "2026-Q4"


@pytest.mark.parametrize("size", [1, 8])
def test_survey_results_take_a_fixed_number_of_queries(client, personas, size, django_assert_max_num_queries):
    from accounts.services.surveys import survey_answer, survey_send

    for n in range(size):
        contact = ContactFactory(client=personas.client)
        survey_answer(survey=survey_send(contact=contact, reason="manual"), score=1 + n % 5)
    client.force_login(personas.member)
    with django_assert_max_num_queries(9):
        assert client.get(f"/clients/{personas.client.pk}/surveys/").status_code == 200
