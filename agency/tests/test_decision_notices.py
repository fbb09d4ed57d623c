"""Nobody has to look to learn that a client decided: the person who asked gets an in-app notice and an email;
for a money document so do the client's account managers."""

import pytest

from accounts.tests.factories import TeamMemberFactory
from agency.core import decisions, outbox
from agency.core.models import DecisionRequest, Notification, OutboxMessage
from briefs.models import Campaign, Stage
from briefs.services import creative
from briefs.services.brief import brief_send_for_approval
from briefs.tests.factories import EstimateFactory, EstimateLineFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(personas):
    """The client's account manager (AM on the account team)."""
    TeamMemberFactory(client=personas.client, user=personas.supervisor, role="am")
    return personas.supervisor


def mail_to(user):
    return [outbox.as_sent(m) for m in OutboxMessage.objects.filter(template="decision_outcome", to_email=user.email)]


def test_the_requester_is_told_of_a_brief_decision_in_the_app_and_by_email(draft, contact, personas, manager):
    sent = brief_send_for_approval(version=draft, contact=contact, by=personas.member)
    decisions.decide(decision_request=sent, outcome="changes_requested", comment="A warmer headline, please.")

    [notice] = Notification.objects.filter(user=personas.member)
    assert notice.title.startswith("Chen Hui decided: Changes requested")
    assert notice.body == "A warmer headline, please."
    assert notice.url == draft.get_absolute_url()
    [mail] = mail_to(personas.member)
    assert "Chen Hui answered" in mail.text
    # A brief is not a money document: the account manager is not told.
    assert not Notification.objects.filter(user=manager).exists()
    assert mail_to(manager) == []


def test_the_account_manager_is_told_of_a_money_decision_too(team_campaign, contact, personas, manager):
    Campaign.objects.filter(pk=team_campaign.pk).update(stage=Stage.CREATIVE)
    team_campaign.refresh_from_db()
    estimate = EstimateFactory(campaign=team_campaign, version=1)
    EstimateLineFactory(estimate=estimate, vendor="Shanghai Film Co.", quantity=2, unit_cost="15000.00")
    creative.estimate_send(estimate=estimate, contact=contact, by=personas.member)
    request = DecisionRequest.objects.for_document(estimate).get()
    request.requires_code = False
    request.save(update_fields=["requires_code"])
    decisions.decide(decision_request=request, outcome="approved")

    for user in (personas.member, manager):
        [notice] = Notification.objects.filter(user=user)
        assert notice.title.startswith("Chen Hui decided: Approved")
        assert notice.client == personas.client
        assert len(mail_to(user)) == 1
    assert decisions.notice_recipients(request, document=estimate, kind=request.kind) == [personas.member, manager]
