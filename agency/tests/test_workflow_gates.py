"""The media and evaluation gates of the workflow (briefs/workflow.py) on the facts media and evaluations
report (briefs/gate_facts.py): the required checklist steps, the confirmed media plan and schedule, the
brief's objectives and the completed evaluation."""

import pytest
from django.urls import reverse

from briefs.models import Campaign, ChecklistStep, Stage
from briefs.tests.factories import approve_brief_with_objectives
from briefs.tests.test_walk import tick_by_hand, waive_open_steps
from evaluations.tests.factories import complete_evaluation
from media.tests.factories import satisfy_media_gate


@pytest.fixture
def campaign(team_campaign):
    """A campaign with its team and checklist."""
    return team_campaign


def at_stage(campaign, stage):
    # Tests start a campaign part-way through, as the demo does.
    Campaign.objects.filter(pk=campaign.pk).update(stage=stage)
    campaign.refresh_from_db()
    return campaign


def test_it_gates_media_and_evaluation_on_the_required_checklist_steps(client, personas, campaign, contact):
    at_stage(campaign, Stage.MEDIA)
    client.force_login(personas.member)
    response = client.post(reverse("campaign_advance", args=[campaign.pk]), follow=True)
    page = response.content.decode()
    assert "The campaign cannot move on yet." in page
    assert "Checklist step done: Client written confirmation" in page
    assert "A media plan has been written." in page  # briefs.workflow.media_plan_missing
    assert "The client has approved a creative brief with the campaign&#x27;s objectives." in page
    campaign.refresh_from_db()
    assert campaign.stage == Stage.MEDIA
    satisfy_media_gate(campaign, contact=contact, by=personas.member)
    approve_brief_with_objectives(campaign, contact=contact, by=personas.member)

    steps = ChecklistStep.objects.filter(campaign=campaign, stage=Stage.MEDIA)
    optional = steps.get(key="monitoring_report")
    client.post(reverse("step_edit", args=[optional.pk]), {"name": "Monitoring report", "required": ""})
    tick_by_hand(client, campaign, Stage.MEDIA)
    waive_open_steps(client, campaign, Stage.MEDIA, manager=personas.supervisor, back_to=personas.member)
    client.post(reverse("campaign_advance", args=[campaign.pk]))
    campaign.refresh_from_db()
    assert campaign.stage == Stage.EVALUATION

    # Evaluation: a step added by the agency counts too; removing it lets the campaign close.
    client.post(
        reverse("step_add", args=[campaign.pk]), {"stage": "evaluation", "name": "Case study", "required": "on"}
    )
    page = client.post(reverse("campaign_advance", args=[campaign.pk]), follow=True).content.decode()
    assert "Checklist step done: Case study" in page
    added = ChecklistStep.objects.get(campaign=campaign, name="Case study")
    client.post(reverse("step_remove", args=[added.pk]))
    page = client.post(reverse("campaign_advance", args=[campaign.pk]), follow=True).content.decode()
    assert "The campaign evaluation has been written against the brief&#x27;s objectives." in page
    complete_evaluation(campaign, by=personas.member)  # ticks "Objectives recorded" and "Results collected"
    page = client.post(reverse("campaign_advance", args=[campaign.pk]), follow=True).content.decode()
    assert "Checklist step done: Evaluation shared with client" in page
    waive_open_steps(client, campaign, Stage.EVALUATION, manager=personas.supervisor, back_to=personas.member)
    client.post(reverse("campaign_advance", args=[campaign.pk]))
    campaign.refresh_from_db()
    assert campaign.stage == Stage.CLOSED
