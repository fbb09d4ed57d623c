"""The media post-analysis: planned vs delivered, written by the team, acknowledged by the client by link.
Its pages kept their /media/ addresses when it moved to this app."""

import datetime
import re

import pytest
from django.test import Client as Browser
from django.urls import reverse

from accounts.tests.factories import BrandFactory
from agency.core import outbox
from agency.core.models import AuditEvent, DecisionRequest, OutboxMessage
from agency.core.tests.decision_flow import decide_by_link
from briefs.models import Stage
from briefs.tests.factories import CampaignFactory
from evaluations.models import PostAnalysis
from media.services import bookings
from media.tests.factories import satisfy_media_gate


@pytest.fixture
def campaign(personas):
    brand = BrandFactory(client=personas.client, name="Tianshan Yoghurt")
    return CampaignFactory(
        client=personas.client, brand=brand, name="Southern launch", lead_ae=personas.member, stage=Stage.MEDIA
    )


@pytest.fixture
def monitored(campaign, contact, personas):
    """A one-line plan of 31 TV spots, confirmed, booked and monitored: 30 aired."""
    version = satisfy_media_gate(campaign, contact=contact, by=personas.member)
    bookings.monitoring_record(
        booking=version.lines.get().bookings.get(), period_start=datetime.date(2026, 7, 1),
        period_end=datetime.date(2026, 7, 31), scheduled=31, aired=30, notes="", proofs=[], by=personas.member,
    )  # fmt: skip
    return version


def client_acknowledges(to_email):
    """The contact opens the newest link emailed to them and approves what it shows."""
    message = OutboxMessage.objects.filter(template="decision_request", to_email=to_email).order_by("-id").first()
    path = re.search(r"https?://[^/]+(/d/[^/\s]+/)", outbox.as_sent(message).text).group(1)
    browser = Browser()
    page = browser.get(path, follow=True)
    response = decide_by_link(browser, page.redirect_chain[-1][0], outcome="approved", follow=True)
    assert response.status_code == 200
    return page.content.decode()


def test_it_sends_the_post_analysis_for_the_clients_acknowledgement(client, personas, monitored, contact):
    campaign = monitored.campaign
    url = reverse("media_post_analysis", args=[campaign.pk])
    assert url == f"/media/campaigns/{campaign.pk}/post-analysis/"  # the address emails already carry
    client.force_login(personas.member)
    client.post(url, {"summary": "Prime time over-delivered reach."})
    page = client.get(url).content.decode()
    assert "2,231,250.00" in page  # 30 of 31 spots of 2,305,625.00 net
    analysis = campaign.post_analyses.get()

    client.post(reverse("media_post_analysis_send", args=[analysis.pk]), {"contact": contact.pk})
    seen = client_acknowledges(contact.email)

    assert "Media post-analysis" in seen and "Prime time over-delivered reach." in seen
    analysis.refresh_from_db()
    assert analysis.status == "approved"
    actions = list(AuditEvent.objects.for_object(analysis).values_list("action", flat=True))
    assert {"post_analysis.created", "post_analysis.sent_to_client", "post_analysis.client_approved"} <= set(actions)


def test_it_refuses_a_post_analysis_before_the_client_confirmed_a_plan(client, personas, campaign):
    client.force_login(personas.member)
    response = client.post(reverse("media_post_analysis", args=[campaign.pk]), {"summary": "Too early."})
    assert response.status_code == 400
    assert "There is no media plan confirmed by the client to analyse." in response.content.decode()
    assert not PostAnalysis.objects.exists()


def test_a_post_analysis_sent_once_is_not_sent_again(client, personas, monitored, contact):
    client.force_login(personas.member)
    client.post(reverse("media_post_analysis", args=[monitored.campaign_id]), {"summary": "Delivered."})
    analysis = PostAnalysis.objects.get()
    send = reverse("media_post_analysis_send", args=[analysis.pk])
    client.post(send, {"contact": contact.pk})
    page = client.post(send, {"contact": contact.pk}, follow=True).content.decode()
    assert "This post-analysis has already gone to the client; write a new one." in page
    assert DecisionRequest.objects.for_document(analysis).count() == 1


def test_outsiders_get_404_on_the_post_analysis_pages(client, personas, monitored):
    client.force_login(personas.member)
    client.post(reverse("media_post_analysis", args=[monitored.campaign_id]), {"summary": "Delivered."})
    analysis = PostAnalysis.objects.get()
    page = reverse("media_post_analysis", args=[monitored.campaign_id])
    client.force_login(personas.outsider)
    assert client.get(page).status_code == 404
    assert client.post(page, {"summary": "x"}).status_code == 404
    assert client.post(reverse("media_post_analysis_send", args=[analysis.pk]), {}).status_code == 404
    assert client.get(reverse("media_post_analysis_send", args=[analysis.pk])).status_code in (404, 405)
    assert PostAnalysis.objects.count() == 1


def test_a_new_post_analysis_closes_the_link_to_the_earlier_one(client, personas, monitored, contact):
    page = reverse("media_post_analysis", args=[monitored.campaign_id])
    client.force_login(personas.member)
    client.post(page, {"summary": "First week: on plan."})
    first = PostAnalysis.objects.get()
    client.post(reverse("media_post_analysis_send", args=[first.pk]), {"contact": contact.pk})
    message = OutboxMessage.objects.filter(template="decision_request", to_email=contact.email).order_by("-id").first()
    old_link = re.search(r"https?://[^/]+(/d/[^/\s]+/)", outbox.as_sent(message).text).group(1)

    client.post(page, {"summary": "Whole flight: 30 of 31 spots."})

    first.refresh_from_db()
    assert first.status == "superseded"
    assert DecisionRequest.objects.for_document(first).get().status == "superseded"
    assert "Whole flight: 30 of 31 spots." in client.get(page).content.decode()
    opened = Browser().get(old_link, follow=True).content.decode()
    assert "There is a newer version" in opened


def test_a_client_reading_another_language_can_acknowledge(client, personas, monitored, contact):
    """The text the client decides on is the same in every language: channel names are not translated in it."""
    contact.language = "zh-hant"
    contact.save()
    personas.member.language = "en"
    personas.member.save()
    client.force_login(personas.member)
    client.post(reverse("media_post_analysis", args=[monitored.campaign_id]), {"summary": "Delivered."})
    analysis = PostAnalysis.objects.get()
    client.post(reverse("media_post_analysis_send", args=[analysis.pk]), {"contact": contact.pk})

    seen = client_acknowledges(contact.email)

    assert "電視" in seen  # the page speaks the client's language
    analysis.refresh_from_db()
    assert analysis.status == "approved"
