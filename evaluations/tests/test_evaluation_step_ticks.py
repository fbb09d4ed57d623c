"""The media and evaluation checklists' last steps tick from the work: the post-analysis sent, the
evaluation started from the brief's objectives, completed and shared with the client."""

from accounts.tests.factories import BrandFactory
from briefs.models import Action, Campaign, ChecklistStep, Stage
from briefs.tests.factories import CampaignFactory, approve_brief_with_objectives
from evaluations.services import analysis
from evaluations.services import campaign as services
from evaluations.tests.factories import complete_evaluation
from evaluations.tests.test_campaign_evaluation import media_delivered


def done(campaign):
    return {s.key: s for s in ChecklistStep.objects.filter(campaign=campaign, done_at__isnull=False)}


def test_the_post_analysis_and_the_evaluation_tick_their_steps(personas, contact):
    campaign = CampaignFactory(
        client=personas.client, brand=BrandFactory(client=personas.client), lead_ae=personas.member,
        stage=Stage.MEDIA, checklist=True,
    )  # fmt: skip
    post_analysis = media_delivered(campaign, contact=contact, by=personas.member)
    assert "post_analysis" not in done(campaign)
    analysis.post_analysis_send(analysis=post_analysis, contact=contact, by=personas.member)
    assert done(campaign)["post_analysis"].done_action == Action.POST_ANALYSIS_SENT

    approve_brief_with_objectives(campaign, contact=contact, by=personas.member)
    Campaign.objects.filter(pk=campaign.pk).update(stage=Stage.EVALUATION)
    campaign.refresh_from_db()
    evaluation = complete_evaluation(campaign, by=personas.member)
    ticked = done(campaign)
    assert ticked["objectives_recorded"].done_action == Action.EVALUATION_STARTED
    assert ticked["results_collected"].done_by == personas.member
    assert "evaluation_shared" not in ticked
    services.evaluation_share(evaluation=evaluation, contact=contact, by=personas.member)
    assert done(campaign)["evaluation_shared"].done_action == Action.EVALUATION_SHARED
