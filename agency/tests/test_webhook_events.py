"""Each agency event an outside system can ask for is announced once, with ids and facts and no secret.
Rule: "Outside systems hear by signed webhook" (docs/practice.md).

What is sent, and how, is agency/tests/test_webhooks.py's; here the services of every app write the
delivery with the change that caused it."""

import json
from datetime import UTC, date, timedelta

import pytest
from django.utils import timezone

from accounts.models import Complaint
from accounts.services.complaints import complaint_record
from agency.core import reminders, webhooks
from agency.core.models import WebhookDelivery
from agency.tests.reminder_fixtures import at, make_step
from briefs.services.brief import brief_send_for_approval
from briefs.tests.factories import CampaignFactory, approve_brief_with_objectives
from briefs.workflow import campaign_advance
from evaluations.tests.factories import complete_evaluation
from media.services import bookings
from media.tests.conftest import confirmed_plan, draft_plan, first_line, media_campaign  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def endpoint(personas):
    endpoint, _secret = webhooks.endpoint_create(
        name="Client portal", url="https://portal.example/hooks", events=list(webhooks.EVENTS), by=personas.management
    )
    return endpoint


def announced(event):
    return [json.loads(d.body) for d in WebhookDelivery.objects.filter(event_type=event).order_by("id")]


def test_a_document_sent_to_the_client_is_announced_without_its_link(endpoint, draft, contact, personas):
    sent = brief_send_for_approval(version=draft, contact=contact, by=personas.member)
    [event] = announced("document.sent")
    assert event["data"]["decision_request"] == sent.pk and event["data"]["contact"] == contact.pk
    assert event["data"]["version"] == sent.version_label
    assert sent.token not in json.dumps(event)


def test_a_confirmed_booking_is_announced(endpoint, confirmed_plan, personas):  # noqa: F811
    booking = bookings.booking_create(line=first_line(confirmed_plan), by=personas.management, over_budget_reason="ok")
    assert announced("booking.confirmed") == []
    bookings.booking_confirm(booking=booking, vendor_reference="CCTV-88", by=personas.management)
    [event] = announced("booking.confirmed")
    assert event["data"]["booking"] == booking.pk and event["data"]["vendor_reference"] == "CCTV-88"
    assert event["data"]["client"] == personas.client.pk


def test_a_closed_campaign_is_announced(endpoint, personas, contact):
    campaign = CampaignFactory(
        client=personas.client, brand__client=personas.client, lead_ae=personas.member, stage="evaluation"
    )
    approve_brief_with_objectives(campaign, contact=contact, by=personas.member)
    complete_evaluation(campaign, by=personas.member)
    campaign_advance(campaign=campaign, by=personas.member)
    [event] = announced("campaign.closed")
    assert event["data"]["campaign"] == campaign.pk and event["data"]["stage"] == "closed"
    assert event["data"]["job_number"] == campaign.job_number


def test_a_step_is_announced_overdue_once(endpoint, campaign, personas):
    step = make_step(campaign, owner=personas.member, due=date(2026, 6, 12))  # a Friday
    reminders.sweep(at(2026, 6, 12, 10))
    assert announced("step.overdue") == []  # due today is not late
    reminders.sweep(at(2026, 6, 15, 9))  # the next business day
    reminders.sweep(at(2026, 6, 15, 9, 5))
    reminders.sweep(at(2026, 6, 16, 9))  # still overdue: the owner is chased, outside systems already know
    [event] = announced("step.overdue")
    assert event["data"] == {
        "step": step.pk,
        "campaign": campaign.pk,
        "client": personas.client.pk,
        "due_date": "2026-06-12",
        "owner": personas.member.pk,
    }


def test_a_complaint_is_announced_when_opened_and_once_when_its_clock_runs_out(endpoint, personas):
    complaint = complaint_record(
        client=personas.client, by=personas.member, channel=Complaint.Channel.EMAIL,
        received_at=timezone.now() - timedelta(days=5), description="Wrong price in the flyer",
        category=Complaint.Category.SERVICE,
    )  # fmt: skip
    [opened] = announced("complaint.opened")
    assert opened["data"]["complaint"] == complaint.pk and "flyer" not in json.dumps(opened)
    assert announced("complaint.breached") == []
    reminders.sweep(timezone.now(), rules=["complaint-sla"])
    reminders.sweep(timezone.now(), rules=["complaint-sla"])
    [breached] = announced("complaint.breached")
    assert breached["data"]["complaint"] == complaint.pk
    respond_by = breached["data"]["respond_by"]
    assert respond_by == complaint.respond_by.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S") + "Z"


def test_an_endpoint_hears_only_the_events_it_asked_for(personas, draft, contact):
    webhooks.endpoint_create(
        name="ERP", url="https://erp.example/h", events=["booking.confirmed"], by=personas.management
    )
    brief_send_for_approval(version=draft, contact=contact, by=personas.member)
    assert not WebhookDelivery.objects.exists()
