"""Complaints handled to the end, through the pages and the client's emailed link."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client as BrowserClient

from accounts.models import Complaint
from accounts.tests.factories import ContactFactory
from agency.core import outbox, reminders
from agency.core.models import Notification, OutboxMessage, ReminderLedger
from agency.core.tests.decision_flow import decide_by_link

SHANGHAI = ZoneInfo("Asia/Shanghai")
FRIDAY_5PM = datetime(2026, 11, 27, 17, 0, tzinfo=SHANGHAI)


@pytest.fixture
def contact(personas):
    return ContactFactory(client=personas.client, name="Liu Yang", email="liu.yang@tianshan.example", language="en")


@pytest.fixture
def complaint(client, personas, contact, time_machine):
    """An urgent complaint recorded through the page on Friday at 17:05 about Friday 17:00."""
    time_machine.move_to(datetime(2026, 11, 27, 17, 5, tzinfo=SHANGHAI), tick=False)
    client.force_login(personas.member)
    response = client.post(
        "/complaints/new/",
        {
            "client": personas.client.pk,
            "contact": contact.pk,
            "channel": "phone",
            "received_at": "2026-11-27T17:00",
            "category": "service",
            "priority": "urgent",
            "description": "The TVC aired with last year's price.",
            "owner": personas.member.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return Complaint.objects.get()


def link_in(message, prefix):
    return re.search(rf"(/{prefix}/[A-Za-z0-9_-]+/)", outbox.as_sent(message).text).group(1)


def test_it_records_a_complaint_with_its_answer_deadline(client, complaint):
    assert complaint.respond_by == datetime(2026, 11, 28, 17, 0, tzinfo=SHANGHAI)  # 24 clock hours
    page = client.get(f"/complaints/{complaint.pk}/").content.decode()
    assert "The TVC aired with last year&#x27;s price." in page
    listing = client.get("/complaints/").content.decode()
    assert f"/complaints/{complaint.pk}/" in listing
    assert 'data-state="running"' in listing and "23:55 h left" in listing  # Friday 17:05 → Saturday 17:00


def test_the_clock_shows_a_breach_on_every_list(client, personas, complaint, time_machine):
    time_machine.move_to(datetime(2026, 11, 28, 18, 0, tzinfo=SHANGHAI), tick=False)
    client.force_login(personas.member)
    listing = client.get("/complaints/").content.decode()
    assert 'data-state="breached"' in listing and "breached · 1:00 h over" in listing
    assert 'data-state="breached"' in client.get(f"/clients/{personas.client.pk}/").content.decode()


def test_it_walks_a_founded_complaint_to_the_clients_acceptance(client, personas, contact, complaint):
    url = f"/complaints/{complaint.pk}"
    assert client.post(f"{url}/answer/", {"text": "We are looking into it today."}).status_code == 302
    assert client.post(f"{url}/route/", {"department": "media", "note": "Check the tape."}).status_code == 302
    routed = OutboxMessage.objects.get(template="complaint_routed")
    assert routed.to_email == "media@agency.example" and "last year's price" in routed.body_text
    founded = {"founded": "1", "cause": "Old tape sent to the station.", "responsible_party": "Traffic desk"}
    assert client.post(f"{url}/investigation/", founded).status_code == 302

    # A founded complaint cannot be closed while the client has not accepted a remedy, unless a reason is given.
    refused = client.post(f"{url}/close/", {"lesson_learned": "Check the tape label before dispatch."})
    assert refused.status_code == 400
    assert "record why the complaint is closed anyway" in refused.content.decode()

    assert client.post(f"{url}/remedy/", {"remedy": "Two free make-good spots in prime time."}).status_code == 302
    request_email = OutboxMessage.objects.get(template="decision_request", to_email=contact.email)
    contact_browser = BrowserClient()
    landing = contact_browser.get(link_in(request_email, "d"))
    page = contact_browser.get(landing["Location"]).content.decode()
    assert "Two free make-good spots in prime time." in page and "last year&#x27;s price" in page

    # The client asks for more: the negotiation goes on with a second round; the first link is dead.
    decide_by_link(contact_browser, landing["Location"], outcome="changes_requested", comment="Three spots.")
    complaint.refresh_from_db()
    assert complaint.status == "investigating"
    assert OutboxMessage.objects.filter(template="complaint_remedy_decided", to_email=personas.member.email).exists()
    assert client.post(f"{url}/remedy/", {"remedy": "Three make-good spots in prime time."}).status_code == 302
    second = OutboxMessage.objects.filter(template="decision_request").latest("id")
    first_round = contact_browser.get(contact_browser.get(link_in(request_email, "d"))["Location"])
    assert 'name="outcome"' not in first_round.content.decode()  # answered once; cannot be approved now
    landing = contact_browser.get(link_in(second, "d"))
    decide_by_link(contact_browser, landing["Location"], outcome="approved", comment="")
    complaint.refresh_from_db()
    assert complaint.status == "accepted" and complaint.accepted_at is not None and complaint.remedy_round == 2

    closed = client.post(f"{url}/close/", {"lesson_learned": "Check the tape label before dispatch."})
    assert closed.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == "closed" and complaint.close_reason == ""
    page = client.get(f"{url}/").content.decode()
    assert "Check the tape label before dispatch." in page and 'data-state="met"' in page


def test_a_founded_complaint_closes_without_acceptance_only_with_a_reason(client, complaint):
    url = f"/complaints/{complaint.pk}"
    client.post(f"{url}/investigation/", {"founded": "1", "cause": "Late tape.", "responsible_party": ""})
    response = client.post(
        f"{url}/close/", {"lesson_learned": "Earlier tapes.", "close_reason": "Client left the agency; no answer."}
    )
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == "closed" and complaint.accepted_at is None


def test_an_unfounded_complaint_closes_with_the_lesson(client, complaint):
    url = f"/complaints/{complaint.pk}"
    client.post(f"{url}/investigation/", {"founded": "0", "cause": "", "responsible_party": ""})
    assert client.post(f"{url}/close/", {"lesson_learned": "Explain price dates."}).status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == "closed"


def test_nearing_the_deadline_tells_the_owner_and_a_breach_the_supervisor_once(personas, complaint, time_machine):
    def sweep(*args):
        moment = datetime(*args, tzinfo=SHANGHAI)
        time_machine.move_to(moment, tick=False)
        return reminders.sweep(moment, rules=["complaint-sla"])

    # 24 clock hours from Friday 17:00: warned at 3/4 (Saturday 11:00), breached at Saturday 17:00.
    assert sweep(2026, 11, 28, 10, 0).total == 0
    assert sweep(2026, 11, 28, 11, 5).sent == {"complaint-sla": 1}
    assert Notification.objects.get(user=personas.member).title.startswith(f"Complaint #{complaint.pk}")
    assert sweep(2026, 11, 28, 17, 1).sent == {"complaint-sla": 1}
    breach = ReminderLedger.objects.get(occurrence="sla-breached")
    assert breach.recipient_user == personas.supervisor
    assert OutboxMessage.objects.filter(template="reminder_complaint_breached", to_email=personas.supervisor.email)
    # Later sweeps, and a sweep that runs twice, send nothing more.
    assert sweep(2026, 11, 28, 17, 6).total == 0
    assert sweep(2026, 12, 1, 10, 0).total == 0
    assert ReminderLedger.objects.filter(rule="complaint-sla").count() == 2


def test_an_answer_in_time_stops_the_reminders(client, complaint):
    client.post(f"/complaints/{complaint.pk}/answer/", {"text": "Called back."})
    moment = datetime(2026, 12, 1, 10, 0, tzinfo=SHANGHAI)
    assert reminders.sweep(moment, rules=["complaint-sla"]).total == 0


def test_outsiders_find_no_complaint(client, personas, complaint):
    client.force_login(personas.outsider)
    assert client.get(f"/complaints/{complaint.pk}/").status_code == 404
    assert client.post(f"/complaints/{complaint.pk}/close/", {"lesson_learned": "x"}).status_code == 404
    assert f"/complaints/{complaint.pk}/" not in client.get("/complaints/").content.decode()


@pytest.mark.parametrize("size", [2, 12])
def test_it_lists_complaints_in_a_fixed_number_of_queries(
    client, personas, contact, complaint, size, django_assert_max_num_queries
):
    from accounts.services.complaints import complaint_record

    for _ in range(size):
        complaint_record(
            client=personas.client, by=personas.member, channel="email", received_at=FRIDAY_5PM,
            description="Late proof.", category="process", priority="complex", contact=contact,
        )  # fmt: skip
    with django_assert_max_num_queries(6):
        assert client.get("/complaints/").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(f"/complaints/{complaint.pk}/").status_code == 200


def test_the_list_shows_fifty_a_page_most_urgent_first(client, personas, contact, complaint):
    from accounts.services.complaints import complaint_record
    from accounts.views.service import COMPLAINTS_PER_PAGE

    for _ in range(COMPLAINTS_PER_PAGE):  # received later than the fixture's, so due later
        complaint_record(
            client=personas.client, by=personas.member, channel="email", received_at=datetime(2026, 11, 27, 17, 4,
            tzinfo=SHANGHAI), description="Late proof.", category="process", priority="complex", contact=contact,
        )  # fmt: skip
    first = client.get("/complaints/").content.decode()
    assert first.count('class="sla-clock"') == COMPLAINTS_PER_PAGE
    assert f'href="/complaints/{complaint.pk}/"' in first  # the urgent one, due first
    assert "Page 1 of 2" in first
    second = client.get("/complaints/?page=2").content.decode()
    assert second.count('class="sla-clock"') == 1


def test_the_new_complaint_form_offers_only_visible_clients(client, personas, contact):
    client.force_login(personas.outsider)
    form = client.get(f"/complaints/new/?client={personas.client.pk}").content.decode()
    assert "Harbour Line Coffee" in form and "Tianshan Dairy" not in form and "Liu Yang" not in form
    response = client.post(
        "/complaints/new/",
        {"client": personas.client.pk, "channel": "phone", "received_at": "2026-11-27T17:00", "category": "service",
         "priority": "urgent", "description": "Not my client."},
    )  # fmt: skip
    assert response.status_code == 200 and not Complaint.objects.exists()


def test_sla_performance_counts_in_time_late_and_breached_per_client(
    personas, contact, complaint, time_machine, django_assert_num_queries
):
    from accounts.models import Client
    from accounts.queries import complaint_sla_performance
    from accounts.services.complaints import complaint_record, complaint_respond

    complaint_respond(complaint=complaint, text="Called back.", by=personas.member)  # in time (Friday 17:05)
    late = complaint_record(
        client=personas.client, by=personas.member, channel="email", received_at=FRIDAY_5PM,
        description="Proof missing.", category="process", priority="urgent",
    )  # fmt: skip
    time_machine.move_to(datetime(2026, 12, 1, 10, 0, tzinfo=SHANGHAI), tick=False)
    complaint_record(
        client=personas.client, by=personas.member, channel="email", received_at=datetime(2026, 12, 1, 9, 30,
        tzinfo=SHANGHAI), description="Wrong logo.", category="technical", priority="complex",
    )  # fmt: skip
    with django_assert_num_queries(1):
        (row,) = complaint_sla_performance(Client.objects.visible_to(personas.member))
    assert (row["client"], row["total"], row["open"]) == ("Tianshan Dairy", 3, 3)
    assert (row["answered_in_time"], row["answered_late"], row["breached"], row["waiting"]) == (1, 0, 1, 2)
    assert row["in_time_rate"] == 50
    assert late.respond_by < datetime(2026, 12, 1, 10, 0, tzinfo=SHANGHAI)
