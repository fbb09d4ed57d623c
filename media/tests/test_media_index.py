"""The Media section (/media/): the plans and bookings the reader may see, each linking to its campaign."""

import pytest
from django.urls import reverse

from accounts.tests.factories import BrandFactory
from briefs.tests.factories import CampaignFactory
from media.services import plans

from .conftest import first_line
from .test_pages import count_queries


def test_the_menu_leads_to_the_media_index_with_the_teams_plans_and_bookings(client, personas, confirmed_plan):
    client.force_login(personas.member)
    client.post(reverse("media_line_book", args=[first_line(confirmed_plan).pk]))
    booking = first_line(confirmed_plan).bookings.get()
    home = client.get(reverse("home")).content.decode()
    assert f'<a class="nav-link" href="{reverse("media_index")}">Media</a>' in home
    page = client.get(reverse("media_index")).content.decode()
    campaign = confirmed_plan.campaign
    assert f'<a href="{reverse("media_plan", args=[confirmed_plan.pk])}">Media plan v1</a>' in page
    assert f'<a href="{reverse("media_home", args=[campaign.pk])}">{campaign.job_number} {campaign.name}</a>' in page
    assert f'<a href="{reverse("media_booking", args=[booking.pk])}">{booking.reference}</a>' in page
    assert f'<a href="{reverse("accounts:client_detail", args=[personas.client.pk])}">Tianshan Dairy</a>' in page


def test_someone_off_the_team_sees_none_of_the_clients_media(client, personas, draft_plan):
    client.force_login(personas.outsider)
    page = client.get(reverse("media_index")).content.decode()
    assert "Tianshan Dairy" not in page and "No media plan yet." in page


@pytest.mark.parametrize("extra", [1, 12])
def test_the_media_index_runs_a_fixed_number_of_queries(client, personas, media_campaign, extra):
    client.force_login(personas.member)
    counts = []
    for n in (extra, extra * 3):
        for _ in range(n):
            campaign = CampaignFactory(client=personas.client, brand=BrandFactory(client=personas.client))
            plans.plan_new_version(campaign=campaign, by=personas.member)
        counts.append(count_queries(client, reverse("media_index"))[0])
    assert counts[0] == counts[1] <= 8
