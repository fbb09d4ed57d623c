"""Notifications, preferences, calendar feeds and the reminders overview, per persona."""

import csv
import io
import threading
from datetime import date

import icalendar
import pytest
from django.db import connection

from accounts.models import AccountTeamMember
from agency import reminders
from agency.models import Notification, OutboxMessage, ReminderLedger
from agency.tests.reminder_fixtures import at, make_step


@pytest.fixture
def reminded(campaign, personas, time_machine):
    time_machine.move_to(at(2026, 6, 18, 9, 1), tick=False)
    step = make_step(campaign, owner=personas.member, due=date(2026, 6, 22), name='=HYPERLINK("http://evil")')
    reminders.sweep(at(2026, 6, 18, 9))
    return step


def test_it_shows_the_unread_count_and_marks_as_read(client, personas, reminded):
    client.force_login(personas.member)
    assert 'data-unread="1"' in client.get("/notifications/badge/").content.decode()
    page = client.get("/notifications/").content.decode()
    assert "HYPERLINK" in page and "Open and mark as read" in page
    notification = Notification.objects.get(user=personas.member)
    client.force_login(personas.outsider)
    assert client.post(f"/notifications/{notification.pk}/read/").status_code == 404
    client.force_login(personas.member)
    response = client.post(f"/notifications/{notification.pk}/read/")
    assert response.status_code == 302 and response["Location"] == f"/campaigns/{reminded.campaign_id}/"
    assert "data-unread" not in client.get("/notifications/badge/").content.decode()
    assert client.get(f"/notifications/{notification.pk}/read/").status_code == 405


def test_the_overview_shows_what_was_sent_and_what_waits_to_the_team_only(client, personas, reminded, time_machine):
    time_machine.move_to(at(2026, 6, 24, 12), tick=False)
    client.force_login(personas.supervisor)  # the member's supervisor sees the member's client
    page = client.get("/reminders/").content.decode()
    assert "member@agency.example" in page and "HYPERLINK" in page
    assert "Nothing overdue." not in page  # the step is overdue on the 24th
    client.force_login(personas.outsider)
    page = client.get("/reminders/").content.decode()
    assert "member@agency.example" not in page and "HYPERLINK" not in page and "Nothing overdue." in page


def test_the_csv_export_is_scoped_and_formula_safe(client, personas, reminded):
    client.force_login(personas.management)
    response = client.get("/reminders/export.csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == 2
    subject = rows[1][5]
    assert "HYPERLINK" in subject and not subject.startswith(("=", "+", "-", "@"))
    client.force_login(personas.outsider)
    rows = list(csv.reader(io.StringIO(b"".join(client.get("/reminders/export.csv").streaming_content).decode())))
    assert len(rows) == 1


def test_the_overview_costs_the_same_queries_for_more_reminders(
    client, personas, campaign, django_assert_max_num_queries
):
    client.force_login(personas.management)
    for n in (1, 20):
        for i in range(n):
            make_step(campaign, owner=personas.member, due=date(2026, 6, 10), name=f"Step {n}-{i}")
        reminders.sweep(at(2026, 6, 15, 9, n))
        with django_assert_max_num_queries(14):  # 12 + overdue action items + plans near their cut-off
            assert client.get("/reminders/").status_code == 200


def _feed(client, url):
    response = client.get(url.replace("http://127.0.0.1:8000", ""))
    return response.status_code, (
        icalendar.Calendar.from_ical(response.content) if response.status_code == 200 else None
    )


def test_a_private_calendar_lists_my_due_dates_and_can_be_regenerated(client, personas, reminded):
    client.force_login(personas.member)
    page = client.post("/reminders/calendar/new/", {"client": ""}).context
    first = page["new_feed_url"]
    client.logout()
    status, cal = _feed(client, first)
    assert status == 200
    events = [str(e.get("summary")) for e in cal.walk("VEVENT")]
    assert any("HYPERLINK" in s for s in events)
    client.force_login(personas.member)
    second = client.post("/reminders/calendar/new/", {"client": ""}).context["new_feed_url"]
    client.logout()
    assert _feed(client, first)[0] == 404
    assert _feed(client, second)[0] == 200


def test_a_client_calendar_is_for_the_team_and_closes_when_they_leave(client, personas, reminded):
    client.force_login(personas.outsider)
    assert client.post("/reminders/calendar/new/", {"client": personas.client.pk}).status_code == 404
    client.force_login(personas.member)
    url = client.post("/reminders/calendar/new/", {"client": personas.client.pk}).context["new_feed_url"]
    assert _feed(client, url)[0] == 200
    AccountTeamMember.objects.filter(user=personas.member, client=personas.client).delete()
    assert _feed(client, url)[0] == 404


def test_a_revoked_calendar_stops_at_once(client, personas, reminded):
    client.force_login(personas.member)
    url = client.post("/reminders/calendar/new/", {"client": ""}).context["new_feed_url"]
    feed = personas.member.calendar_feeds.get()
    client.force_login(personas.outsider)
    assert client.post(f"/reminders/calendar/{feed.pk}/revoke/").status_code == 404
    assert _feed(client, url)[0] == 200
    client.force_login(personas.member)
    client.post(f"/reminders/calendar/{feed.pk}/revoke/")
    assert _feed(client, url)[0] == 404


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_send_each_reminder_once(personas, campaign):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent sweeps need PostgreSQL")
    for i in range(30):
        make_step(campaign, owner=personas.member, due=date(2026, 6, 22), name=f"Step {i}")
    barrier = threading.Barrier(3)
    errors = []

    def run():
        try:
            barrier.wait()
            reminders.sweep(at(2026, 6, 18, 9))
        except Exception as exc:  # reported below; a thread's exception would otherwise vanish
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert ReminderLedger.objects.filter(rule="checklist").count() == 30
    assert OutboxMessage.objects.filter(template="reminder_due_soon").count() == 30
    assert Notification.objects.count() == 30
