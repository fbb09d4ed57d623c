"""The campaign list and page, stage changes that need no client decision, and the checklist."""

import pytest
from django.urls import reverse
from django.utils.html import escape, strip_tags

from agency.core.models import AuditEvent, OutboxMessage
from briefs.models import Campaign, ChecklistStep, Stage
from briefs.tests.factories import (
    CampaignFactory,
    ConceptFactory,
    EstimateFactory,
    EstimateLineFactory,
    FinalAdFactory,
    make_brief,
)


@pytest.fixture
def campaign(team_campaign):
    """Here every campaign has its team and checklist."""
    return team_campaign


def at_stage(campaign, stage):
    # Tests start a campaign part-way through, as the demo does; the walk test moves through the gates.
    Campaign.objects.filter(pk=campaign.pk).update(stage=stage)
    campaign.refresh_from_db()
    return campaign


def test_it_creates_a_campaign_with_the_default_checklist(client, personas, team):
    from accounts.tests.factories import BrandFactory

    brand = BrandFactory(client=personas.client, name="Yoghurt")
    client.force_login(personas.member)
    response = client.post(
        reverse("campaign_new") + f"?client={personas.client.pk}",
        {
            "name": "Yoghurt launch",
            "brand": brand.pk,
            "lead_ae": personas.member.pk,
            "team": [team.creative.pk],
            "budget": "800000.00",
            "currency": "CNY",
        },
    )
    campaign = Campaign.objects.get(name="Yoghurt launch")
    assert response.status_code == 302
    assert campaign.job_number.startswith("TSD-")
    assert list(campaign.team.all()) == [team.creative]
    page = client.get(reverse("campaign_detail", args=[campaign.pk])).content.decode()
    for step in ("Client briefing recorded", "Concepts presented", "Client written confirmation", "Post-analysis"):
        assert step in page
    assert ChecklistStep.objects.filter(campaign=campaign, stage=Stage.MEDIA).count() == 9


def test_it_puts_on_hold_and_resumes_where_it_was(client, personas, campaign):
    at_stage(campaign, Stage.MEDIA)
    client.force_login(personas.member)
    client.post(reverse("campaign_hold", args=[campaign.pk]), {"reason": "Client budget freeze"})
    campaign.refresh_from_db()
    assert (campaign.stage, campaign.resume_stage) == (Stage.ON_HOLD, Stage.MEDIA)
    page = client.get(reverse("campaign_detail", args=[campaign.pk])).content.decode()
    assert "On hold; resumes at Media." in page
    assert "Client budget freeze" in page
    # The team hears about it, the person who did it does not.
    held = OutboxMessage.objects.filter(template="campaign_stage_changed")
    assert {m.to_email for m in held} == {"creative@agency.example", "producer@agency.example"}
    assert "is now at On hold" in held.first().subject

    client.post(reverse("campaign_resume", args=[campaign.pk]))
    campaign.refresh_from_db()
    assert (campaign.stage, campaign.resume_stage) == (Stage.MEDIA, "")
    actions = list(AuditEvent.objects.for_object(campaign).values_list("action", flat=True))
    assert actions[:2] == ["campaign.resumed", "campaign.held"]


def test_it_cancels_only_with_a_reason(client, personas, campaign):
    client.force_login(personas.member)
    response = client.post(reverse("campaign_cancel", args=[campaign.pk]), {"reason": "  "}, follow=True)
    assert "Say why the campaign is cancelled." in response.content.decode()
    campaign.refresh_from_db()
    assert campaign.stage == Stage.BRIEF

    response = client.post(reverse("campaign_cancel", args=[campaign.pk]), {"reason": "Brand merged"}, follow=True)
    campaign.refresh_from_db()
    assert (campaign.stage, campaign.cancel_reason) == (Stage.CANCELLED, "Brand merged")
    assert "Cancelled: Brand merged" in response.content.decode()
    response = client.post(reverse("campaign_resume", args=[campaign.pk]), follow=True)
    assert "Only a campaign on hold can be resumed." in response.content.decode()


def test_it_renames_and_assigns_a_step(client, personas, team, campaign):
    step = ChecklistStep.objects.get(campaign=campaign, key="shoot")
    client.force_login(personas.member)
    client.post(
        reverse("step_edit", args=[step.pk]),
        {"name": "Shoot in Urumqi", "owner": team.producer.pk, "due_date": "2027-01-15", "required": "on"},
    )
    page = client.get(reverse("campaign_detail", args=[campaign.pk])).content.decode()
    assert "Shoot in Urumqi" in page
    assert str(team.producer) in page
    event = AuditEvent.objects.for_object(campaign).filter(action="checklist.step_changed").get()
    assert event.data["name"] == ["Shoot", "Shoot in Urumqi"]


def test_it_filters_and_searches_the_list(client, personas, campaign):
    other = CampaignFactory(brand__client=personas.client, name="Mid-Autumn", lead_ae=personas.supervisor)
    at_stage(other, Stage.MEDIA)
    client.force_login(personas.member)
    url = reverse("campaign_list")
    assert "Mid-Autumn" not in client.get(url, {"stage": "brief"}).content.decode()
    page = client.get(url, {"q": other.job_number}).content.decode()
    assert "Mid-Autumn" in page and "Spring Festival" not in page
    page = client.get(url, {"lead_ae": personas.member.pk}).content.decode()
    assert "Spring Festival" in page and "Mid-Autumn" not in page


def test_it_never_lists_another_clients_campaigns(client, personas, campaign):
    CampaignFactory(brand__client=personas.other_client, name="Cold Brew Summer")
    client.force_login(personas.member)
    page = client.get(reverse("campaign_list")).content.decode()
    assert "Spring Festival" in page and "Cold Brew Summer" not in page


def grow(personas, n):
    for _ in range(n):
        campaign = CampaignFactory(brand__client=personas.client, lead_ae=personas.member, checklist=True)
        at_stage(campaign, Stage.MEDIA)
        for _ in range(2):
            ConceptFactory(campaign=campaign)
        estimate = EstimateFactory(campaign=campaign)
        EstimateLineFactory.create_batch(3, estimate=estimate)
        FinalAdFactory(campaign=campaign)


@pytest.mark.parametrize("size", [3, 30])
def test_it_lists_campaigns_in_a_fixed_number_of_queries(client, personas, django_assert_max_num_queries, size):
    grow(personas, size)
    client.force_login(personas.member)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("campaign_list"))
    assert response.content.decode().count("JOB-2026-") == min(size, 25)


@pytest.mark.parametrize("size", [1, 10])
def test_it_shows_the_campaign_page_in_a_fixed_number_of_queries(
    client, personas, campaign, django_assert_max_num_queries, size
):
    at_stage(campaign, Stage.MEDIA)
    make_brief(campaign, by=personas.member)  # the brief row: its versions and the contacts to send it to
    for _ in range(size):
        concept = ConceptFactory(campaign=campaign)
        estimate = EstimateFactory(campaign=campaign)
        EstimateLineFactory.create_batch(3, estimate=estimate)
        FinalAdFactory(campaign=campaign)
        client.force_login(personas.member)
        manual = next((s for s in campaign.steps.filter(done_at__isnull=True) if not s.action), None)
        manual = manual or ChecklistStep.objects.create(campaign=campaign, stage=Stage.MEDIA, name="Call the owner")
        client.post(reverse("step_done", args=[manual.pk]), {"done": "1", "note": "Done in the meeting"})
    client.force_login(personas.member)
    # 16 + the media gate: a media plan, the approved brief with KPIs; + the brief row's 2; + its complaints
    with django_assert_max_num_queries(21):
        response = client.get(reverse("campaign_detail", args=[campaign.pk]))
    page = response.content.decode()
    assert concept.title in page
    assert f"v{estimate.version}" in page
    # The timeline says what happened in words, not as the audit code.
    assert "Timeline" in page and f"{escape(personas.member)} ticked “" in strip_tags(page)
    assert "checklist.step_done" not in page
    assert "Send to client" in page
