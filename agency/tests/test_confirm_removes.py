"""Every delete asks first (issue 22): the Remove link opens a page that says what goes; only its button removes.

Each of the four removals (a checklist step, a line of a production estimate, a line of a media plan, someone on
the account team): the page that lists it links to the confirm page, opening that page removes nothing, Cancel
goes back, and pressing Remove removes it.
"""

import re

from django.urls import reverse

from accounts.models import AccountTeamMember
from accounts.tests.factories import TeamMemberFactory
from agency.core.tests.factories import UserFactory
from briefs.tests.factories import CampaignFactory, EstimateFactory, EstimateLineFactory
from media.models import PlanLine
from media.tests.factories import PlanVersionFactory, add_lines


def confirm_page(client, listing_url, remove_url):
    """Follow the Remove link from the listing page; returns the confirm page's text."""
    listing = client.get(listing_url).content.decode()
    assert f'href="{remove_url}"' in listing, "the list links to the confirm page"
    assert not re.search(rf'<form[^>]*action="{re.escape(remove_url)}"', listing), "no one-click remove form"
    page = client.get(remove_url)
    assert page.status_code == 200
    text = page.content.decode()
    assert f'<form method="post" action="{remove_url}"' in text and 'data-testid="confirm-remove"' in text
    assert f'href="{listing_url}"' in text  # Cancel and the back link go back
    return text


def test_removing_a_checklist_step_asks_first(client, personas):
    campaign = CampaignFactory(client=personas.client, lead_ae=personas.member, checklist=True)
    step = campaign.steps.order_by("pk").first()
    client.force_login(personas.member)
    page = confirm_page(client, reverse("campaign_detail", args=[campaign.pk]), reverse("step_remove", args=[step.pk]))
    assert str(step.label) in page and "cannot be undone" in page
    assert campaign.steps.filter(pk=step.pk).exists()
    client.post(reverse("step_remove", args=[step.pk]))
    assert not campaign.steps.filter(pk=step.pk).exists()


def test_removing_an_estimate_line_asks_first(client, personas):
    estimate = EstimateFactory(campaign=CampaignFactory(client=personas.client, lead_ae=personas.member))
    line = EstimateLineFactory(estimate=estimate, vendor="Pearl Film Co.", description="Shoot day")
    client.force_login(personas.member)
    url = reverse("estimate_line_remove", args=[line.pk])
    page = confirm_page(client, reverse("estimate_detail", args=[estimate.pk]), url)
    assert "Pearl Film Co.: Shoot day" in page
    client.post(url)
    assert not estimate.lines.exists()


def test_removing_a_media_plan_line_asks_first(client, personas):
    plan = PlanVersionFactory(campaign=CampaignFactory(client=personas.client, lead_ae=personas.member))
    add_lines(plan, 2)
    line = plan.lines.order_by("position").first()
    client.force_login(personas.member)
    url = reverse("media_line_remove", args=[line.pk])
    page = confirm_page(client, reverse("media_plan", args=[plan.pk]), url)
    assert f"Line {line.position}, {line.vendor}" in page
    assert PlanLine.objects.filter(pk=line.pk).exists()
    client.post(url)
    assert list(plan.lines.values_list("pk", flat=True)) != [] and not PlanLine.objects.filter(pk=line.pk).exists()


def test_removing_someone_from_the_account_team_asks_first(client, personas):
    planner = UserFactory(username="chen.hao", title="planner")
    member = TeamMemberFactory(client=personas.client, user=planner, role="planner")
    client.force_login(personas.management)
    team_url = reverse("accounts:team_edit", args=[personas.client.pk])
    page = client.get(team_url).content.decode()
    assert f'href="?remove={member.pk}"' in page and 'name="remove"' not in page
    confirm = client.get(team_url, {"remove": member.pk}).content.decode()
    assert f"{planner} (" in confirm and "leaves the account team of Tianshan Dairy" in confirm
    assert f'<input type="hidden" name="remove" value="{member.pk}">' in confirm
    assert AccountTeamMember.objects.filter(pk=member.pk).exists()
    client.post(team_url, {"remove": member.pk})
    assert not AccountTeamMember.objects.filter(pk=member.pk).exists()
