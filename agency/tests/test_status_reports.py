"""Weekly status reports: drafted with exactly the week's facts, edited and sent by the AE,
acknowledged by the client's link."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client as BrowserClient

from accounts.models import StatusReport
from accounts.services.status_reports import status_report_draft, status_report_drafts
from accounts.tests.factories import ContactFactory, ContactReportFactory
from agency.core import decisions, outbox
from agency.core.models import OutboxMessage
from briefs.models import ChecklistStep
from briefs.tests.factories import CampaignFactory, make_brief
from briefs.workflow import campaign_cancel, campaign_hold, campaign_resume
from media.tests.factories import satisfy_media_gate

SHANGHAI = ZoneInfo("Asia/Shanghai")
FRIDAY_9AM = datetime(2026, 6, 26, 9, 0, tzinfo=SHANGHAI)  # the week of Monday 22 June 2026


@pytest.fixture
def week(personas, time_machine):
    """A seeded week for Tianshan Dairy, with facts just outside it on every side."""
    p = personas

    def on(*args):
        time_machine.move_to(datetime(*args, tzinfo=SHANGHAI), tick=False)

    on(2026, 6, 15, 10, 0)
    contact = ContactFactory(client=p.client, name="Liu Yang", email="liu.yang@tianshan.example", language="en")
    campaign = dict(client=p.client, brand__client=p.client, lead_ae=p.member)
    launch = CampaignFactory(job_number="TSD-2026-001", name="Summer launch", budget=500000, **campaign)
    yoghurt = CampaignFactory(job_number="TSD-2026-002", name="Yoghurt", **campaign)
    media = CampaignFactory(job_number="TSD-2026-003", name="Pure Milk TV", budget=3000000, stage="media", **campaign)
    satisfy_media_gate(media, contact=contact, by=p.member)  # one TV line from 1 July, booked
    other = CampaignFactory(client=p.other_client, brand__client=p.other_client, lead_ae=p.outsider)
    on(2026, 6, 18, 11, 0)  # last week
    campaign_hold(campaign=launch, reason="Waiting for the price", by=p.member)
    ContactReportFactory(client=p.client, created_by=p.member, meeting_date=date(2026, 6, 18), subject="Old news")
    on(2026, 6, 22, 10, 0)  # this week
    campaign_cancel(campaign=yoghurt, reason="Budget moved to Q4", by=p.member)
    campaign_hold(campaign=other, reason="Not ours", by=p.outsider)
    on(2026, 6, 24, 15, 0)
    campaign_resume(campaign=launch, by=p.member)
    brief = make_brief(launch, by=p.member)
    decisions.request_decision(document=brief.versions.get(number=1), contact=contact, by=p.member)
    ContactReportFactory(
        client=p.client, created_by=p.member, meeting_date=date(2026, 6, 24), subject="Weekly status meeting",
        summary="Agreed the TV flight.",
    )  # fmt: skip
    for name, due, done in (("Send the key visual", date(2026, 7, 2), False), ("Far away", date(2026, 7, 20), False),
                            ("Already done", date(2026, 6, 30), True)):  # fmt: skip
        ChecklistStep.objects.create(
            campaign=launch, stage="brief", name=name, due_date=due, owner=p.member,
            done_at=FRIDAY_9AM if done else None,
        )  # fmt: skip
    on(2026, 6, 26, 9, 0)
    return contact


def test_the_draft_holds_exactly_the_weeks_facts(personas, week):
    report, created = status_report_draft(client=personas.client)
    assert created and (report.period_start, report.period_end) == (date(2026, 6, 22), date(2026, 6, 28))
    assert report.contact == week
    assert report.facts == {
        "stage_changes": [
            {"campaign": "TSD-2026-002 Yoghurt", "from": "Creative brief", "to": "Cancelled", "date": "2026-06-22"},
            {"campaign": "TSD-2026-001 Summer launch", "from": "On hold", "to": "Creative brief", "date": "2026-06-24"},
        ],
        "decisions_pending": [
            {"document": report.facts["decisions_pending"][0]["document"], "contact": "Liu Yang", "sent": "2026-06-24"}
        ],
        "deadlines": [{"what": "Send the key visual", "campaign": "TSD-2026-001 Summer launch", "date": "2026-07-02"}],
        "air_dates": [{"what": "CCTV-1 (TV)", "campaign": "TSD-2026-003 Pure Milk TV", "date": "2026-07-01"}],
        "budget": [
            {"campaign": "TSD-2026-001 Summer launch", "currency": "CNY", "budget": "500000.00", "booked": "0.00",
             "percent": 0},
            {"campaign": "TSD-2026-003 Pure Milk TV", "currency": "CNY", "budget": "3000000.00",
             "booked": "2305625.00", "percent": 77},
        ],
        "meetings": [{"subject": "Weekly status meeting", "date": "2026-06-24", "summary": "Agreed the TV flight."}],
    }  # fmt: skip
    assert "TSD-2026-001" in report.facts["decisions_pending"][0]["document"]
    assert "- 24 Jun 2026 TSD-2026-001 Summer launch: On hold → Creative brief" in report.body
    assert "2305625.00 of 3000000.00 CNY booked (77%)" in report.body
    assert "Old news" not in report.body and "Far away" not in report.body


def test_the_friday_run_drafts_once_per_client(personas, week):
    assert status_report_drafts() == 2  # both clients have an account team
    assert status_report_drafts() == 0
    assert StatusReport.objects.filter(kind="weekly").count() == 2


def test_the_ae_edits_sends_and_the_client_acknowledges_once(client, personas, week):
    client.force_login(personas.member)
    response = client.post(f"/clients/{personas.client.pk}/status-reports/", {"kind": "weekly"})
    report = StatusReport.objects.get()
    assert response["Location"] == f"/clients/{personas.client.pk}/status-reports/{report.pk}/"
    url = response["Location"]
    assert "Weekly status meeting" in client.get(url).content.decode()
    edited = report.body + "\nWe look forward to the TV launch.\n"
    assert client.post(url, {"body": edited}).status_code == 302
    assert client.post(f"{url}send/", {"contact": week.pk}).status_code == 302
    message = OutboxMessage.objects.get(template="status_report")
    assert message.to_email == week.email and "We look forward to the TV launch." in message.body_text
    assert client.post(url, {"body": "Rewritten after sending"}).status_code == 400  # sent: frozen

    link = re.search(r"(/r/[A-Za-z0-9_-]+/)", outbox.as_sent(message).text).group(1)
    browser = BrowserClient()
    page = browser.get(link).content.decode()
    assert "We look forward to the TV launch." in page
    report.refresh_from_db()
    assert report.acknowledged_at is None  # opening the link acknowledges nothing
    browser.post(link)
    report.refresh_from_db()
    first = report.acknowledged_at
    assert first is not None
    browser.post(link)
    report.refresh_from_db()
    assert report.acknowledged_at == first
    assert "acknowledged" in client.get(url).content.decode().lower()


def test_two_people_editing_the_same_report_do_not_overwrite_each_other(client, personas, week):
    from django.test import Client as Browser

    client.force_login(personas.member)
    url = client.post(f"/clients/{personas.client.pk}/status-reports/", {"kind": "weekly"})["Location"]

    def seen_on(page):  # the hidden mark of what the editor opened (no value before the first save)
        return re.search(r'<input[^>]*name="seen"(?:[^>]*value="([^"]*)")?', page.content.decode()).group(1) or ""

    seen = seen_on(client.get(url))
    colleague = Browser()
    colleague.force_login(personas.supervisor)
    seen_by_colleague = seen_on(colleague.get(url))

    assert client.post(url, {"body": "The AE's version.", "seen": seen}).status_code == 302
    refused = colleague.post(url, {"body": "The supervisor's version.", "seen": seen_by_colleague})
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "saved this report after you opened it" in page
    assert "The supervisor&#x27;s version." in page  # what they typed is still in the form
    assert StatusReport.objects.get().body == "The AE's version.\n"  # nothing overwritten


def test_the_quarterly_report_counts_complaints_and_scores(personas, week):
    report, _ = status_report_draft(client=personas.client, kind="quarterly")
    assert (report.period_start, report.period_end) == (date(2026, 4, 1), date(2026, 6, 30))
    assert report.facts["complaints"] == {"received": 0, "answered_in_time": 0, "closed": 0}
    assert "Satisfaction: no answers this quarter." in report.body


def test_outsiders_find_no_status_report(client, personas, week):
    report, _ = status_report_draft(client=personas.client)
    client.force_login(personas.outsider)
    assert client.get(f"/clients/{personas.client.pk}/status-reports/{report.pk}/").status_code == 404
    assert client.post(f"/clients/{personas.client.pk}/status-reports/", {"kind": "weekly"}).status_code == 404


def test_the_report_page_takes_a_fixed_number_of_queries(client, personas, week, django_assert_max_num_queries):
    report, _ = status_report_draft(client=personas.client)
    client.force_login(personas.member)
    with django_assert_max_num_queries(8):
        assert client.get(f"/clients/{personas.client.pk}/status-reports/{report.pk}/").status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get(f"/clients/{personas.client.pk}/status-reports/").status_code == 200


def test_the_quarterly_report_drafted_as_a_quarter_begins_is_about_the_quarter_just_ended(personas, week, time_machine):
    time_machine.move_to(datetime(2026, 10, 5, 9, 0, tzinfo=SHANGHAI), tick=False)
    assert status_report_drafts(kind="quarterly") == 2  # both clients with an account team
    report = StatusReport.objects.get(kind="quarterly", client=personas.client)
    assert (report.period_start, report.period_end) == (date(2026, 7, 1), date(2026, 9, 30))
    assert status_report_drafts(kind="quarterly") == 0  # a second run drafts nothing more
