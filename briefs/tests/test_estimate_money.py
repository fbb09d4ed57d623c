"""A production estimate and an overrun show the client their total against the campaign's approved
budget; an estimate over the budget goes only with a reason the client reads.

Rule: "Money committed counts" (docs/practice.md).
"""

import re

import pytest
from django.test import Client as Browser
from django.urls import reverse

from agency.core import outbox
from agency.core.models import DecisionRequest, OutboxMessage
from briefs.models import Campaign, ClientStatus, Stage
from briefs.services import creative
from briefs.tests.factories import EstimateFactory, EstimateLineFactory


@pytest.fixture
def creative_campaign(team_campaign):  # budget 500,000.00 CNY
    Campaign.objects.filter(pk=team_campaign.pk).update(stage=Stage.CREATIVE)
    team_campaign.refresh_from_db()
    return team_campaign


def client_page(to_email):
    message = OutboxMessage.objects.filter(template="decision_request", to_email=to_email).order_by("-id").first()
    path = re.search(r"https?://[^/]+(/d/[^/\s]+/)", outbox.as_sent(message).text).group(1)
    page = Browser().get(path, follow=True)
    assert page.status_code == 200
    return page.content.decode()


def estimate_of(campaign, *amounts):
    estimate = EstimateFactory(campaign=campaign, version=1)
    for amount in amounts:
        EstimateLineFactory(estimate=estimate, quantity=1, unit_cost=amount)
    return estimate


def test_the_client_sees_the_estimate_total_the_budget_and_what_remains(client, personas, creative_campaign, contact):
    estimate = estimate_of(creative_campaign, "120000.00", "30000.50")
    client.force_login(personas.member)
    staff_page = client.get(reverse("estimate_detail", args=[estimate.pk])).content.decode()
    assert 'id="money-remaining">349,999.50 CNY<' in staff_page  # seen before sending

    response = client.post(
        reverse("estimate_send", args=[estimate.pk]), {"contact": contact.pk, "revision": estimate.revision}
    )
    assert response.status_code == 302

    page = client_page(contact.email)
    assert 'id="money-total">150,000.50 CNY<' in page
    assert 'id="money-budget">500,000.00 CNY<' in page
    assert 'id="money-remaining">349,999.50 CNY<' in page
    assert "Over budget" not in page


def test_an_over_budget_estimate_is_refused_without_a_reason_and_sent_with_one(
    client, personas, creative_campaign, contact
):
    estimate = estimate_of(creative_campaign, "450000.00", "80000.00")
    client.force_login(personas.member)
    url = reverse("estimate_send", args=[estimate.pk])

    refused = client.post(url, {"contact": contact.pk, "revision": estimate.revision, "over_budget_reason": "  "})
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "This takes the campaign over its approved budget of 500,000.00 CNY by 30,000.00 CNY." in page
    assert f'<option value="{contact.pk}" selected>' in page
    assert not DecisionRequest.objects.exists()
    estimate.refresh_from_db()
    assert estimate.status == ClientStatus.DRAFT

    reason = "Two extra shoot days in Kashgar, asked for by the brand manager."
    sent = client.post(url, {"contact": contact.pk, "revision": estimate.revision, "over_budget_reason": reason})
    assert sent.status_code == 302
    estimate.refresh_from_db()
    assert estimate.status == ClientStatus.SENT and estimate.over_budget_reason == reason

    page = client_page(contact.email)
    assert 'id="money-total">530,000.00 CNY<' in page
    assert 'id="money-remaining">-30,000.00 CNY<' in page
    assert "Over budget: this takes the campaign 30,000.00 CNY over its approved budget." in page
    assert reason in page


def test_the_reason_is_part_of_what_the_client_approves(personas, creative_campaign, contact):
    """The reason is in the content the link is bound to; a within-budget estimate hashes as it always did."""
    estimate = estimate_of(creative_campaign, "600000.00")
    creative.estimate_send(estimate=estimate, contact=contact, by=personas.member, over_budget_reason="Rush fee.")
    estimate.refresh_from_db()
    assert "Over the approved budget because:\nRush fee." in estimate.decision_content()
    within = EstimateFactory(campaign=creative_campaign, version=2)
    assert "Over the approved budget" not in within.decision_content()


def test_a_campaign_without_a_budget_shows_the_total_and_says_so(client, personas, creative_campaign, contact):
    Campaign.objects.filter(pk=creative_campaign.pk).update(budget=0)
    estimate = estimate_of(creative_campaign, "80000.00")
    creative.estimate_send(estimate=estimate, contact=contact, by=personas.member)
    page = client_page(contact.email)
    assert 'id="money-total">80,000.00 CNY<' in page
    assert 'id="money-no-budget"' in page and "money-remaining" not in page


def test_an_overrun_page_shows_the_overrun_against_the_budget(client, personas, creative_campaign, contact):
    estimate = estimate_of(creative_campaign, "400000.00")
    creative.estimate_send(estimate=estimate, contact=contact, by=personas.member)
    request = DecisionRequest.objects.get()
    from agency.core import decisions

    decisions.decide(decision_request=request, outcome="approved")
    estimate.refresh_from_db()
    creative.actual_cost_record(
        estimate=estimate,
        vendor="Film Co.",
        description="Shoot",
        amount="460000.00",
        incurred_on="2026-06-01",
        by=personas.member,
    )
    creative.overrun_send(estimate=estimate, reason="Rain day.", contact=contact, by=personas.member)
    page = client_page(contact.email)
    assert 'id="money-total">60,000.00 CNY<' in page
    assert 'id="money-committed">400,000.00 CNY<' in page
    assert 'id="money-remaining">40,000.00 CNY<' in page
