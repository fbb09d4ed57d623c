"""A complaint about a campaign: offered on the complaint form with the client's other campaigns, and
listed on the campaign page with its answer clock."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.urls import reverse

from accounts.models import Complaint
from briefs.tests.factories import CampaignFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_the_form_offers_the_clients_campaigns_and_the_campaign_page_lists_its_complaints(
    client, personas, campaign, time_machine, django_assert_max_num_queries
):
    CampaignFactory(client=personas.other_client, name="Harbour winter blend")
    time_machine.move_to(datetime(2026, 11, 27, 18, 0, tzinfo=SHANGHAI), tick=False)
    client.force_login(personas.member)
    form = client.get(f"/complaints/new/?client={personas.client.pk}&campaign={campaign.pk}").content.decode()
    assert "Southern launch · Tianshan Dairy" in form and "Harbour winter blend" not in form
    assert f'<option value="{campaign.pk}" selected>' in form  # prefilled from the campaign page's link

    response = client.post(
        "/complaints/new/",
        {
            "client": personas.client.pk, "campaign": campaign.pk, "channel": "phone",
            "received_at": "2026-11-27T18:00", "category": "service", "priority": "urgent",
            "description": "The outdoor poster shows last season's pack.", "owner": personas.member.pk,
        },
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    complaint = Complaint.objects.get()
    assert complaint.campaign == campaign

    with django_assert_max_num_queries(21):
        page = client.get(reverse("campaign_detail", args=[campaign.pk])).content.decode()
    listed = page[page.index('id="campaign-complaints"') :]
    assert f'href="/complaints/{complaint.pk}/"' in listed and "Urgent problem" in listed
    assert "last season&#x27;s pack" in listed and 'data-state="running"' in listed


def test_a_complaint_cannot_be_about_another_clients_campaign(client, personas, campaign):
    elsewhere = CampaignFactory(client=personas.other_client, name="Harbour winter blend")
    client.force_login(personas.member)
    response = client.post(
        "/complaints/new/",
        {
            "client": personas.client.pk, "campaign": elsewhere.pk, "channel": "phone",
            "received_at": "2026-11-27T18:00", "category": "service", "priority": "basic",
            "description": "Wrong campaign.",
        },
    )  # fmt: skip
    assert response.status_code == 200 and not Complaint.objects.exists()


def test_a_campaign_without_complaints_says_so(client, personas, campaign):
    client.force_login(personas.member)
    page = client.get(reverse("campaign_detail", args=[campaign.pk])).content.decode()
    assert "No complaints about this campaign." in page
