"""The campaign page's brief row sends the brief to the client; a client approval ticks its checklist step."""

from django.urls import reverse

from agency.core import decisions
from agency.core.models import AuditEvent
from briefs.models import ChecklistStep
from briefs.tests.factories import CampaignFactory, FinalAdFactory, make_brief
from briefs.tests.test_walk import client_decides
from briefs.workflow import STEP_DONE_BY_CLIENT_APPROVAL


def step(campaign, key):
    return ChecklistStep.objects.get(campaign=campaign, key=key)


def brief_row(page):
    start = page.index('id="brief-row"')
    return page[start : page.index("</tr>", start)]


def test_the_campaign_page_shows_the_brief_and_sends_it_to_the_client(client, personas, contact):
    campaign = CampaignFactory(client=personas.client, lead_ae=personas.member, checklist=True, name="Spring")
    client.force_login(personas.member)
    page = client.get(reverse("campaign_detail", args=[campaign.pk])).content.decode()
    assert "Start the brief" in brief_row(page)
    make_brief(campaign, by=personas.member)
    row = brief_row(client.get(reverse("campaign_detail", args=[campaign.pk])).content.decode())
    assert "Draft" in row and "v1" in row and "Send to client" in row
    assert f'<option value="{contact.pk}">Chen Hui</option>' in row
    response = client.post(reverse("brief_send", args=[campaign.pk, 1]), {"contact": contact.pk}, follow=True)
    assert "emailed to Chen Hui for approval" in response.content.decode()
    row = brief_row(client.get(reverse("campaign_detail", args=[campaign.pk])).content.decode())
    assert "Sent to client" in row

    client_decides(contact.email, "approved")
    row = brief_row(client.get(reverse("campaign_detail", args=[campaign.pk])).content.decode())
    assert "Approved" in row and "Send to client" not in row
    done = step(campaign, "brief_approved")
    assert done.is_done and done.done_by is None
    event = AuditEvent.objects.get(action="checklist.step_done", object_id=str(campaign.pk), actor_label="Chen Hui")
    assert event.data["client_approved"] == "brief"
    # Sending it ticked "Brief written"; the rest of the brief checklist is the team's.
    assert step(campaign, "brief_written").is_done and step(campaign, "brief_written").done_by == personas.member
    assert not step(campaign, "client_briefing").is_done


def test_an_approved_final_ad_ticks_its_step_and_changes_requested_tick_nothing(personas, contact):
    campaign = CampaignFactory(client=personas.client, lead_ae=personas.member, checklist=True, stage="creative")
    first = FinalAdFactory(campaign=campaign, status="sent")
    decisions.request_decision(document=first, contact=contact, by=personas.member)
    client_decides(contact.email, "changes_requested", comment="Warmer colours")
    assert not step(campaign, "final_ad_approved").is_done
    second = FinalAdFactory(campaign=campaign, status="sent")
    decisions.request_decision(document=second, contact=contact, by=personas.member)
    client_decides(contact.email, "approved")
    assert step(campaign, "final_ad_approved").is_done
    assert not step(campaign, "production_cost_confirmed").is_done


def test_every_mapped_step_exists_in_the_default_checklist():
    from briefs.models.checklist import DEFAULT_LABELS

    assert set(STEP_DONE_BY_CLIENT_APPROVAL.values()) <= set(DEFAULT_LABELS)
