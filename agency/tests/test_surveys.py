"""Satisfaction surveys after a campaign closes (brief, evaluation and workflow from briefs and evaluations):
sent in the contact's language, answered once by link, a low score followed up by the AE's supervisor."""

import re

import pytest
from django.test import Client as BrowserClient

from accounts.models import SatisfactionSurvey
from accounts.tests.factories import ContactFactory
from agency.core import outbox, reminders
from agency.core.models import Notification, OutboxMessage, ReminderLedger
from briefs.tests.factories import CampaignFactory, approve_brief_with_objectives
from briefs.workflow import campaign_advance
from evaluations.tests.factories import complete_evaluation


@pytest.fixture
def contact(personas):
    return ContactFactory(client=personas.client, name="王芳", email="wang.fang@tianshan.example", language="zh-hans")


@pytest.fixture
def closed(personas, contact):
    """A campaign led by the team member, closed after its evaluation: the survey goes out."""
    campaign = CampaignFactory(
        client=personas.client, brand__client=personas.client, lead_ae=personas.member, stage="evaluation",
        name="Spring Festival",
    )  # fmt: skip
    approve_brief_with_objectives(campaign, contact=contact, by=personas.member)
    complete_evaluation(campaign, by=personas.member)  # closing needs a completed evaluation
    campaign_advance(campaign=campaign, by=personas.member)
    return campaign


def survey_link(contact):
    message = OutboxMessage.objects.get(template="satisfaction_survey", to_email=contact.email)
    return re.search(r"(/s/[A-Za-z0-9_-]+/)", outbox.as_sent(message).text).group(1)


def test_closing_a_campaign_sends_a_survey_in_the_contacts_language(closed, contact, personas):
    survey = SatisfactionSurvey.objects.get()
    assert (survey.contact, survey.campaign, survey.ae) == (contact, closed, personas.member)
    message = OutboxMessage.objects.get(template="satisfaction_survey")
    assert message.language == "zh-hans"
    page = BrowserClient().get(survey_link(contact))
    assert page.status_code == 200 and '<html lang="zh-hans">' in page.content.decode()
    assert "Spring Festival" in page.content.decode()
    assert page["Cache-Control"] == "no-store"


def test_a_survey_link_is_answered_once(closed, contact):
    browser = BrowserClient(enforce_csrf_checks=True)
    link = survey_link(contact)
    page = browser.get(link)
    browser.head(link)
    assert SatisfactionSurvey.objects.get().answered_at is None  # looking changes nothing
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    assert browser.post(link, {"score": "4", "comments": "Good work"}).status_code == 403  # no CSRF token
    answered = browser.post(link, {"score": "4", "comments": "Good work", "csrfmiddlewaretoken": token})
    assert answered.status_code == 200 and "4/5" in answered.content.decode()
    again = browser.post(link, {"score": "1", "comments": "Changed my mind", "csrfmiddlewaretoken": token})
    assert again.status_code == 409
    survey = SatisfactionSurvey.objects.get()
    assert (survey.score, survey.comments) == (4, "Good work")


def test_a_low_score_asks_the_aes_supervisor_to_follow_up_once(client, closed, contact, personas):
    BrowserClient().post(survey_link(contact), {"score": "2", "comments": "Too slow"})
    assert reminders.sweep(rules=["survey-follow-up"]).sent == {"survey-follow-up": 1}
    assert reminders.sweep(rules=["survey-follow-up"]).total == 0
    ledger = ReminderLedger.objects.get(rule="survey-follow-up")
    assert ledger.recipient_user == personas.supervisor
    assert "2/5" in Notification.objects.get(user=personas.supervisor).title

    client.force_login(personas.supervisor)
    page = client.get(f"/clients/{personas.client.pk}/surveys/").content.decode()
    assert "Too slow" in page and "Record follow-up" in page
    survey = SatisfactionSurvey.objects.get()
    client.post(f"/clients/{personas.client.pk}/surveys/{survey.pk}/follow-up/", {"note": "Called Ms Wang."})
    assert "Called Ms Wang." in client.get(f"/clients/{personas.client.pk}/surveys/").content.decode()


def test_a_good_score_needs_no_follow_up(closed, contact):
    BrowserClient().post(survey_link(contact), {"score": "5"})
    assert reminders.sweep(rules=["survey-follow-up"]).total == 0


def test_the_trend_averages_per_client_and_per_ae(personas, contact, closed):
    from accounts.models import Client
    from accounts.queries import satisfaction_trend
    from accounts.services.surveys import survey_answer, survey_send

    survey_answer(survey=SatisfactionSurvey.objects.get(), score=2)
    survey_answer(survey=survey_send(contact=contact, reason="manual", ae=personas.member), score=5)
    trend = satisfaction_trend(Client.objects.all())
    assert [(r["client"], r["answers"], r["average"]) for r in trend["by_client"]] == [("Tianshan Dairy", 2, 3.5)]
    assert [(r["ae_id"], r["average"]) for r in trend["by_ae"]] == [(personas.member.pk, 3.5)]


def test_outsiders_see_no_survey_results(client, personas, closed):
    client.force_login(personas.outsider)
    assert client.get(f"/clients/{personas.client.pk}/surveys/").status_code == 404
