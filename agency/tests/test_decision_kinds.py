"""The registry of decision kinds: every kind a link was ever sent for is registered once, with what the
decision pages, emails and services read from it; who may decide is one rule for every kind."""

import re

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.template.loader import get_template
from django.urls import reverse

from accounts.tests.factories import ContactFactory
from agency.core import decisions, outbox
from agency.core.models import Decision, DecisionRequest, OutboxMessage
from agency.core.tests.decision_flow import decide_by_link
from briefs.models import BriefVersion, Campaign, Stage
from briefs.services.brief import brief_send_for_approval
from briefs.tests.factories import approve_brief_with_objectives
from evaluations.models import CampaignEvaluation
from evaluations.services import campaign as evaluation_services
from evaluations.tests.factories import complete_evaluation

# The codes stored on DecisionRequest rows of running installations: each must keep opening.
STORED_CODES = {
    "brief",
    "concept",
    "estimate",
    "estimate_overrun",
    "final_ad",
    "media_plan",
    "airing_proof",
    "media_recommendation",
    "monthly_media_plan",
    "post_analysis",
    "complaint_remedy",
    "campaign_evaluation",
    "review_feedback",
}


def test_every_stored_kind_is_registered_once_with_a_template_that_renders():
    kinds = decisions.all_kinds()
    assert {kind.code for kind in kinds} == STORED_CODES
    assert len({kind.model for kind in kinds}) == len(kinds)
    for kind in kinds:
        assert decisions.kind_for_model(kind.model) is kind
        get_template(kind.template)
        if kind.is_answer:
            get_template(kind.answer_template)
    assert decisions.private_kinds() == {"review_feedback"}


def test_a_kind_cannot_be_registered_twice():
    brief = decisions.kind_named("brief")
    again = decisions.DecisionKind(code="brief", model=Campaign, label="x", template="x.html", title=str, content=str)
    with pytest.raises(ImproperlyConfigured, match="registered twice"):
        decisions.register(again)
    other_code = decisions.DecisionKind(
        code="brief_again", model=BriefVersion, label="x", template="x.html", title=str, content=str
    )
    with pytest.raises(ImproperlyConfigured, match="already has the decision kind 'brief'"):
        decisions.register(other_code)
    assert decisions.kind_named("brief") is brief and decisions.kind_for_model(BriefVersion) is brief


def test_a_kind_reads_what_the_document_says_of_itself_unless_told_otherwise(draft):
    brief = decisions.kind_named("brief")
    assert brief.title(draft) == draft.decision_title() and brief.content(draft) == draft.decision_content()
    assert decisions.version_label(draft) == "v1"
    unsaid = decisions.DecisionKind(code="campaign", model=Campaign, label="x", template="x.html")
    with pytest.raises(ImproperlyConfigured, match="decision_title"):
        decisions.register(unsaid)
    assert "campaign" not in {kind.code for kind in decisions.all_kinds()}


def test_the_request_and_its_document_name_the_same_kind(draft, contact, personas):
    request = brief_send_for_approval(version=draft, contact=contact, by=personas.member)
    assert request.decision_kind == "brief"
    assert decisions.kind_for(request) is decisions.kind_of(draft) is request.kind
    assert request.document_title == f"Creative brief v1 · {draft.brief.campaign.job_number} Southern launch"


def test_the_decision_page_names_the_kind_in_the_contacts_language(client, draft, contact, personas):
    contact.language = "zh-hans"
    contact.save()
    request = brief_send_for_approval(version=draft, contact=contact, by=personas.member)
    page = client.get(f"/d/{request.token}/", follow=True).content.decode()
    assert "创意简报" in page and "Fresh from the pasture to your table in 48 hours." in page
    assert 'value="approved"' in page and 'value="changes_requested"' in page


def test_a_contact_who_may_not_approve_is_neither_offered_nor_accepted_for_an_approval(
    client, draft, personas, contact
):
    observer = ContactFactory(client=personas.client, name="Observer Wu", may_approve=False)
    ContactFactory(client=personas.client, name="Former Li", is_active=False)
    client.force_login(personas.member)
    page = client.get(reverse("brief_detail", args=[draft.brief.campaign_id])).content.decode()
    assert "Chen Hui" in page and "Observer Wu" not in page and "Former Li" not in page
    with pytest.raises(decisions.DecisionError, match="may not make decisions"):
        decisions.request_decision(document=draft, contact=observer, by=personas.member)
    assert not DecisionRequest.objects.exists()


def test_any_active_contact_may_acknowledge_an_evaluation(client, campaign, contact, personas):
    observer = ContactFactory(client=personas.client, name="Observer Wu", may_approve=False)
    ContactFactory(client=personas.client, name="Former Li", is_active=False)
    approve_brief_with_objectives(campaign, contact=contact, by=personas.member)
    Campaign.objects.filter(pk=campaign.pk).update(stage=Stage.EVALUATION)
    campaign.refresh_from_db()
    evaluation = complete_evaluation(campaign, by=personas.member)
    client.force_login(personas.member)
    page = client.get(reverse("campaign_evaluation", args=[campaign.pk])).content.decode()
    assert "Observer Wu" in page and "Former Li" not in page
    client.post(reverse("campaign_evaluation_share", args=[campaign.pk]), {"contact": observer.pk})
    message = OutboxMessage.objects.get(template="decision_request", to_email=observer.email)
    assert message.subject.startswith("For your acknowledgement:")
    token = re.search(r"/d/([A-Za-z0-9_-]+)/", outbox.as_sent(message).text).group(1)
    client.logout()  # the observer opens the link in their own browser: a staff session could only preview
    page = client.get(f"/d/{token}/", follow=True).content.decode()
    assert "Campaign evaluation" in page and 'value="acknowledged"' in page and 'value="approved"' not in page
    decide_by_link(client, DecisionRequest.objects.get(contact=observer), outcome="acknowledged")
    evaluation.refresh_from_db()
    assert evaluation.status == CampaignEvaluation.Status.ACKNOWLEDGED
    assert Decision.objects.get(contact=observer).outcome == "acknowledged"


def test_a_reminder_says_what_the_link_asks(campaign, contact, personas):
    approve_brief_with_objectives(campaign, contact=contact, by=personas.member)
    Campaign.objects.filter(pk=campaign.pk).update(stage=Stage.EVALUATION)
    campaign.refresh_from_db()
    evaluation = complete_evaluation(campaign, by=personas.member)
    evaluation_services.evaluation_share(evaluation=evaluation, contact=contact, by=personas.member)
    decisions.remind_request(decision_request=DecisionRequest.objects.for_document(evaluation).get())
    reminder = OutboxMessage.objects.get(template="decision_reminder")
    assert reminder.subject.startswith("Reminder: for your acknowledgement: Campaign evaluation")
