"""The one document lifecycle (briefs/services/documents.py): send, new version, supersede."""

import pytest

from agency.core.models import AuditEvent, DecisionRequest
from briefs.models import Campaign, Stage
from briefs.services import creative
from briefs.tests.factories import EstimateFactory, EstimateLineFactory, FinalAdFactory
from briefs.workflow import WorkflowError


@pytest.fixture
def creative_campaign(team_campaign):
    Campaign.objects.filter(pk=team_campaign.pk).update(stage=Stage.CREATIVE)
    team_campaign.refresh_from_db()
    return team_campaign


def test_a_new_estimate_version_copies_the_lines_and_the_old_link_stops_deciding(personas, creative_campaign, contact):
    first = EstimateFactory(campaign=creative_campaign, version=1, notes="Shoot in Urumqi.")
    EstimateLineFactory(estimate=first, vendor="Shanghai Film Co.", quantity=2, unit_cost="15000.00")
    EstimateLineFactory(estimate=first, vendor="Sound Lab", quantity=1, unit_cost="8000.00")
    creative.estimate_send(estimate=first, contact=contact, by=personas.member)
    link = DecisionRequest.objects.get()

    second = creative.estimate_new_version(campaign=creative_campaign, by=personas.member)

    assert (second.version, second.status, second.notes) == (2, "draft", "Shoot in Urumqi.")
    assert [(line.vendor, line.amount) for line in second.lines.order_by("id")] == [
        ("Shanghai Film Co.", 30000),
        ("Sound Lab", 8000),
    ]
    first.refresh_from_db()
    link.refresh_from_db()
    assert first.status == "superseded" and link.status == "superseded"
    assert first.lines.count() == 2  # what the client was sent stays readable
    [created] = AuditEvent.objects.filter(action="estimate.version_created")
    assert created.data == {"version": 2} and created.object_id == str(second.pk)

    with pytest.raises(WorkflowError, match="Version 2 is still a draft: edit it instead."):
        creative.estimate_new_version(campaign=creative_campaign, by=personas.member)


def test_the_first_final_ad_is_named_after_the_campaign_and_a_title_given_wins(personas, creative_campaign):
    first = creative.final_ad_new_version(campaign=creative_campaign, title="", by=personas.member)
    assert (first.version, first.title) == (1, "Spring Festival")
    type(first).objects.filter(pk=first.pk).update(status="changes")
    second = creative.final_ad_new_version(campaign=creative_campaign, title="Spring Festival 15s", by=personas.member)
    assert (second.version, second.title) == (2, "Spring Festival 15s")
    first.refresh_from_db()
    assert first.status == "superseded"


def test_a_document_sent_from_another_tab_is_not_sent_twice(personas, creative_campaign, contact, media_root):
    final_ad = FinalAdFactory(campaign=creative_campaign, compliance_note="Claims checked.")
    stale = type(final_ad).objects.get(pk=final_ad.pk)  # the page the second person still has open
    final_ad.assets.create(original_name="tvc.png", content_type="image/png", size=1, file="x.png")
    creative.final_ad_send(final_ad=final_ad, contact=contact, by=personas.member)

    with pytest.raises(WorkflowError, match="is Awaiting client decision and can no longer be changed"):
        creative.final_ad_send(final_ad=stale, contact=contact, by=personas.supervisor)
    assert DecisionRequest.objects.filter(status="open").count() == 1
    assert AuditEvent.objects.filter(action="final_ad.sent_to_client").count() == 1


def test_a_contact_who_may_not_decide_gets_no_link(personas, creative_campaign, contact):
    contact.may_approve = False
    contact.save()
    estimate = EstimateFactory(campaign=creative_campaign, version=1)
    EstimateLineFactory(estimate=estimate)
    with pytest.raises(WorkflowError, match="may not decide for this client"):
        creative.estimate_send(estimate=estimate, contact=contact, by=personas.member)
    estimate.refresh_from_db()
    assert estimate.status == "draft" and not DecisionRequest.objects.exists()
