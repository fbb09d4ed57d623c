"""Rule: "Who may do what" (docs/practice.md): Django admin cannot move a campaign past a gate, and the
support screens (bookings, make-goods, decisions, complaints, reviews) look without changing."""

import pytest
from django.urls import reverse

from accounts.tests.factories import ClientFactory
from agency.core.models import AuditEvent
from agency.core.tests.factories import UserFactory
from briefs.models import Campaign, Stage
from briefs.tests.factories import CampaignFactory


@pytest.fixture
def superuser(db):
    return UserFactory(username="support", is_staff=True, is_superuser=True, title="management")


def test_the_admin_change_form_cannot_change_the_stage(client, superuser):
    campaign = CampaignFactory(client=ClientFactory(), stage=Stage.BRIEF, name="Southern launch")
    client.force_login(superuser)
    url = reverse("admin:briefs_campaign_change", args=[campaign.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="stage"' not in page.content.decode()  # shown, not editable

    form = {
        "name": "Southern launch 2",
        "brand": campaign.brand_id,
        "lead_ae": campaign.lead_ae_id,
        "budget": "5000000",
        "currency": campaign.currency,
        "campaign_type": campaign.campaign_type,
        "stage": Stage.CLOSED,
    }
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:3000]
    campaign.refresh_from_db()
    assert campaign.stage == Stage.BRIEF
    assert campaign.name == "Southern launch 2"  # the particulars changed, through the audited service
    assert AuditEvent.objects.filter(action="campaign.changed").exists()


def test_admin_cannot_add_a_campaign(client, superuser):
    client.force_login(superuser)
    assert client.get(reverse("admin:briefs_campaign_add")).status_code == 403
    assert not Campaign.objects.exists()


READ_ONLY = [
    "media_booking",
    "media_makegood",
    "agency_decisionrequest",
    "agency_decision",
    "accounts_complaint",
    "evaluations_review",
]


@pytest.mark.parametrize("screen", READ_ONLY)
def test_the_support_screens_open_and_refuse_changes(client, superuser, screen):
    client.force_login(superuser)
    assert client.get(reverse(f"admin:{screen}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:{screen}_add")).status_code == 403
    assert client.post(reverse(f"admin:{screen}_add"), {}).status_code == 403


def test_a_complaint_opens_read_only_and_a_change_post_is_refused(client, superuser, personas):
    from accounts.tests.factories import ContactFactory

    contact = ContactFactory(client=personas.client, name="Liu Yang", email="liu.yang@tianshan.example")
    client.force_login(personas.member)
    created = client.post(
        "/complaints/new/",
        {
            "client": personas.client.pk,
            "contact": contact.pk,
            "channel": "phone",
            "received_at": "2026-11-27T17:00",
            "category": "service",
            "priority": "basic",
            "description": "The TVC aired with last year's price.",
            "owner": personas.member.pk,
        },
    )
    assert created.status_code == 302
    from accounts.models import Complaint

    complaint = Complaint.objects.get()
    client.force_login(superuser)
    url = reverse("admin:accounts_complaint_change", args=[complaint.pk])
    page = client.get(url)
    assert page.status_code == 200 and "The TVC aired with last year" in page.content.decode()
    assert client.post(url, {"description": "Nothing happened", "status": "closed"}).status_code == 403
    complaint.refresh_from_db()
    assert complaint.description == "The TVC aired with last year's price."
    assert (
        client.post(reverse("admin:accounts_complaint_delete", args=[complaint.pk]), {"post": "yes"}).status_code == 403
    )
