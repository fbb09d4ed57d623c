"""Notifications, preferences, calendar feeds and the reminders overview, per persona."""

import csv
import io
import threading
from datetime import date

import icalendar
import pytest
from django.db import connection

from accounts.models import AccountTeamMember
from accounts.tests.factories import ContactFactory, TeamMemberFactory
from agency.core import deadlines, reminders
from agency.core.models import Notification, OutboxMessage, ReminderLedger
from agency.tests.reminder_fixtures import at, make_step, sent_plan


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


def _section(page, kind):
    start = page.index(f'id="due-{kind}"')
    return page[start : page.index("</section>", start)]


def test_the_overview_shows_what_was_sent_and_what_waits_to_the_team_only(client, personas, reminded, time_machine):
    time_machine.move_to(at(2026, 6, 24, 12), tick=False)
    client.force_login(personas.supervisor)  # the member's supervisor sees the member's client
    page = client.get("/reminders/").content.decode()
    assert "member@agency.example" in page
    steps = _section(page, "checklist")  # the step is overdue on the 24th
    assert "HYPERLINK" in steps and "table-danger" in steps and "Nothing overdue or due soon." not in steps
    client.force_login(personas.outsider)
    page = client.get("/reminders/").content.decode()
    assert "member@agency.example" not in page and "HYPERLINK" not in page
    assert "Nothing overdue or due soon." in _section(page, "checklist")


def test_the_csv_export_is_scoped_and_formula_safe(client, personas, reminded):
    client.force_login(personas.management)
    response = client.get("/reminders/export.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 2
    assert rows[1][1] == "Checklist steps"  # the kind's name, not the rule's code
    subject = rows[1][5]
    assert "HYPERLINK" in subject and not subject.startswith(("=", "+", "-", "@"))
    client.force_login(personas.outsider)
    rows = list(csv.reader(io.StringIO(client.get("/reminders/export.csv").content.decode("utf-8-sig"))))
    assert len(rows) == 1


def test_the_overview_costs_the_same_queries_for_more_reminders(
    client, personas, campaign, django_assert_max_num_queries
):
    client.force_login(personas.management)
    for n in (1, 20):
        for i in range(n):
            make_step(campaign, owner=personas.member, due=date(2026, 6, 10), name=f"Step {n}-{i}")
        reminders.sweep(at(2026, 6, 15, 9, n))
        # session, user, the ledger's count and page, one query per deadline kind
        with django_assert_max_num_queries(4 + len(deadlines.kinds())):
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


# --- what a calendar shows: action items, booking cut-offs, decision deadlines --------------------------


def _events(client, url):
    status, cal = _feed(client, url)
    assert status == 200
    return {str(e["uid"]): e for e in cal.walk("VEVENT")}


def _feed_url(client, user, client_pk=""):
    client.force_login(user)
    url = client.post("/reminders/calendar/new/", {"client": client_pk}).context["new_feed_url"]
    client.logout()
    return url


def _action_item(client, *, owner, due, description, written_by):
    from accounts.tests.factories import ActionItemFactory, ContactReportFactory

    report = ContactReportFactory(client=client, created_by=written_by, subject="Monthly review")
    return ActionItemFactory(report=report, owner=owner, due_date=due, description=description)


@pytest.fixture
def dated(personas, campaign, other_campaign, contact, other_contact, time_machine):
    """Around 10 June 2026: the member's action item, another person's, and plans with the client."""
    from agency.core.tests.factories import UserFactory
    from briefs.models import Stage
    from briefs.tests.factories import CampaignFactory

    time_machine.move_to(at(2026, 6, 10, 11), tick=False)
    planner = UserFactory(username="planner", title="media_planner", supervisor=personas.management)
    TeamMemberFactory(client=personas.client, user=planner, role="media")
    mine = _action_item(
        personas.client, owner=personas.member, due=date(2026, 6, 19), description="Send the revised schedule",
        written_by=personas.member,
    )  # fmt: skip
    theirs = _action_item(
        personas.client, owner=planner, due=date(2026, 6, 24), description="Book the Tianhe LED",
        written_by=personas.member,
    )  # fmt: skip
    done = _action_item(
        personas.client, owner=personas.member, due=date(2026, 6, 12), description="Already done",
        written_by=personas.member,
    )  # fmt: skip
    done.done_at = at(2026, 6, 9)
    done.save()
    elsewhere = _action_item(
        personas.other_client, owner=personas.outsider, due=date(2026, 6, 15), description="Harbour item",
        written_by=personas.outsider,
    )  # fmt: skip
    for c in (campaign, other_campaign):
        c.stage = Stage.MEDIA
        c.save()
    led = sent_plan(campaign, contact=contact, by=personas.member, cutoff=date(2026, 6, 22))
    # A campaign the planner leads, with the member only on its team.
    teamed = CampaignFactory(
        client=personas.client, brand=campaign.brand, name="Northern launch", lead_ae=planner, stage=Stage.MEDIA
    )
    teamed.team.add(personas.member)
    colleague = ContactFactory(client=personas.client, name="Wang Fang", email="wang.fang@tianshan.example")
    on_team = sent_plan(teamed, contact=colleague, by=planner, cutoff=date(2026, 6, 26))
    # The planner's own campaign without the member: only the client's team calendar shows it.
    alone = CampaignFactory(
        client=personas.client, brand=campaign.brand, name="Western launch", lead_ae=planner, stage=Stage.MEDIA
    )
    not_mine = sent_plan(alone, contact=colleague, by=planner, cutoff=date(2026, 6, 29))
    other = sent_plan(other_campaign, contact=other_contact, by=personas.outsider, cutoff=date(2026, 6, 23))
    return type("Dated", (), locals() | {"planner": planner})


def test_my_calendar_shows_my_action_items_and_the_cutoffs_of_my_campaigns(client, personas, dated):
    events = _events(client, _feed_url(client, personas.member))
    item = events[f"action-item-{dated.mine.pk}@127.0.0.1:8000"]
    assert item.decoded("dtstart") == date(2026, 6, 19)
    assert str(item["summary"]) == "Action due: Send the revised schedule · Tianshan Dairy"
    assert str(item["url"]) == (
        f"http://127.0.0.1:8000/clients/{personas.client.pk}/contact-reports/{dated.mine.report_id}/"
    )
    led = events[f"plan-cutoff-{dated.led.pk}@127.0.0.1:8000"]
    assert led.decoded("dtstart") == date(2026, 6, 22)
    assert str(led["summary"]).startswith("Booking cut-off, client confirmation needed: Media plan v1 · JOB-")
    assert "Southern launch" in str(led["summary"])
    assert str(led["url"]) == f"http://127.0.0.1:8000/media/plans/{dated.led.pk}/"
    assert events[f"plan-cutoff-{dated.on_team.pk}@127.0.0.1:8000"].decoded("dtstart") == date(2026, 6, 26)
    summaries = " ".join(str(e["summary"]) for e in events.values())
    for absent in ("Book the Tianhe LED", "Already done", "Harbour item", "Western launch", "Winter blend"):
        assert absent not in summaries
    # The planner's calendar: their own item and the plans they made or lead, not the member's item.
    planner = _events(client, _feed_url(client, dated.planner))
    assert f"action-item-{dated.theirs.pk}@127.0.0.1:8000" in planner
    assert f"action-item-{dated.mine.pk}@127.0.0.1:8000" not in planner
    assert {f"plan-cutoff-{p.pk}@127.0.0.1:8000" for p in (dated.on_team, dated.not_mine)} <= set(planner)


def test_a_moved_cutoff_updates_the_same_event_and_a_confirmed_plan_or_done_item_leaves(
    client, personas, dated, contact
):
    from accounts.services import contact_reports
    from media.services import plans
    from media.tests.conftest import client_decides

    url = _feed_url(client, personas.member)
    uid = f"plan-cutoff-{dated.led.pk}@127.0.0.1:8000"
    first = _events(client, url)
    plans.plan_set_booking_cutoff(version=dated.led, cutoff=date(2026, 6, 25), by=personas.member)
    second = _events(client, url)
    assert set(second) == set(first)  # the calendar app updates, nothing is duplicated
    assert second[uid].decoded("dtstart") == date(2026, 6, 25)
    # Chen Hui confirms the Southern plan by her link, and the member ticks their item off.
    contact_reports.action_item_complete(item=dated.mine, by=personas.member)
    client_decides(contact.email, "approved")
    dated.led.refresh_from_db()
    assert dated.led.status == "approved"
    third = _events(client, url)
    assert uid not in third and f"action-item-{dated.mine.pk}@127.0.0.1:8000" not in third
    assert f"plan-cutoff-{dated.on_team.pk}@127.0.0.1:8000" in third


def test_the_client_calendar_shows_the_teams_items_with_their_owner_and_every_cutoff(client, personas, dated):
    events = _events(client, _feed_url(client, personas.member, personas.client.pk))
    theirs = events[f"action-item-{dated.theirs.pk}@127.0.0.1:8000"]
    assert str(theirs["summary"]) == "Action due: Book the Tianhe LED · Tianshan Dairy"
    assert str(theirs["description"]) == f"Owner: {dated.planner}"
    assert f"action-item-{dated.mine.pk}@127.0.0.1:8000" in events
    cutoffs = {uid for uid in events if uid.startswith("plan-cutoff-")}
    assert cutoffs == {f"plan-cutoff-{p.pk}@127.0.0.1:8000" for p in (dated.led, dated.on_team, dated.not_mine)}
    summaries = " ".join(str(e["summary"]) for e in events.values())
    assert "Harbour item" not in summaries and "Winter blend" not in summaries


def test_titles_are_in_the_calendar_owners_language(client, personas, dated):
    personas.member.language = "zh-hans"
    personas.member.save()
    events = _events(client, _feed_url(client, personas.member))
    item = str(events[f"action-item-{dated.mine.pk}@127.0.0.1:8000"]["summary"])
    cutoff = str(events[f"plan-cutoff-{dated.led.pk}@127.0.0.1:8000"]["summary"])
    assert "Send the revised schedule" in item and not item.startswith("Action due")
    assert "v1" in cutoff and not cutoff.startswith("Booking cut-off") and "Media plan" not in cutoff


def test_an_evaluation_acknowledgement_deadline_shows_and_private_feedback_links_stay_out(
    client, personas, campaign, contact, time_machine
):
    from briefs.models import Campaign, Stage
    from briefs.tests.factories import approve_brief_with_objectives
    from evaluations.services import campaign as evaluation_services
    from evaluations.services import reviews as review_services
    from evaluations.tests.factories import complete_evaluation

    time_machine.move_to(at(2026, 10, 8, 11), tick=False)
    approve_brief_with_objectives(campaign, contact=contact, by=personas.member)
    Campaign.objects.filter(pk=campaign.pk).update(stage=Stage.EVALUATION)
    campaign.refresh_from_db()
    evaluation = complete_evaluation(campaign, by=personas.member)
    evaluation_services.evaluation_share(evaluation=evaluation, contact=contact, by=personas.member)
    cycle = review_services.cycle_create(
        name="2026 H2", period_start=date(2026, 7, 1), period_end=date(2026, 12, 31),
        feedback_deadline=date(2027, 1, 15), titles=["AE"], people=[personas.member], by=personas.management,
    )  # fmt: skip
    asked = ContactFactory(client=personas.client, name="Liu Yang", may_approve=False, language="en")
    review_services.review_add_reviewer(
        review=cycle.reviews.get(), relationship="client", contact=asked, by=personas.supervisor
    )
    from agency.core.models import DecisionRequest

    acknowledgement = DecisionRequest.objects.get(decision_kind="campaign_evaluation")
    private = DecisionRequest.objects.get(decision_kind="review_feedback")
    for url in (_feed_url(client, personas.member), _feed_url(client, personas.member, personas.client.pk)):
        events = _events(client, url)
        event = events[f"decision-{acknowledgement.pk}@127.0.0.1:8000"]
        assert event.decoded("dtstart") == acknowledgement.expires_at
        assert "Campaign evaluation" in str(event["summary"]) and "Chen Hui" in str(event["summary"])
        assert f"decision-{private.pk}@127.0.0.1:8000" not in events
        assert "Liu Yang" not in " ".join(str(e["summary"]) for e in events.values())
    # The supervisor who asked for the client's feedback keeps it on their own calendar, as before.
    assert f"decision-{private.pk}@127.0.0.1:8000" in _events(client, _feed_url(client, personas.supervisor))


def test_a_calendar_costs_the_same_queries_for_more_items(
    client, personas, campaign, contact, time_machine, django_assert_max_num_queries
):
    from briefs.models import Stage
    from briefs.tests.factories import CampaignFactory

    time_machine.move_to(at(2026, 6, 10, 11), tick=False)
    personal = _feed_url(client, personas.member)
    team = _feed_url(client, personas.member, personas.client.pk)
    for n in (1, 15):
        for i in range(n):
            make_step(campaign, owner=personas.member, due=date(2026, 6, 20), name=f"Step {n}-{i}")
            _action_item(
                personas.client, owner=personas.member, due=date(2026, 6, 20), description=f"Item {n}-{i}",
                written_by=personas.member,
            )  # fmt: skip
            on_air = CampaignFactory(
                client=personas.client, brand=campaign.brand, lead_ae=personas.member, stage=Stage.MEDIA
            )
            sent_plan(on_air, contact=contact, by=personas.member, cutoff=date(2026, 6, 25))
        # feed, (team check), fetched-at, one per deadline kind (360° feedback is on no client's calendar)
        kinds = len(deadlines.kinds())
        for url, budget in ((personal, 2 + kinds), (team, 3 + kinds - 1)):
            with django_assert_max_num_queries(budget):
                events = _events(client, url)
            assert sum(uid.startswith("plan-cutoff-") for uid in events) == (1 if n == 1 else 16)


def test_a_client_feedback_link_about_a_team_member_stays_off_their_reminders_page(
    client, personas, contact, time_machine
):
    from evaluations.services import reviews as review_services

    time_machine.move_to(at(2026, 10, 8, 11), tick=False)
    cycle = review_services.cycle_create(
        name="2026 H2", period_start=date(2026, 7, 1), period_end=date(2026, 12, 31),
        feedback_deadline=date(2027, 1, 15), titles=["AE"], people=[personas.member], by=personas.management,
    )  # fmt: skip
    asked = ContactFactory(client=personas.client, name="Liu Yang", may_approve=False, language="en")
    review_services.review_add_reviewer(
        review=cycle.reviews.get(), relationship="client", contact=asked, by=personas.supervisor
    )
    time_machine.move_to(at(2026, 10, 26, 11), tick=False)  # well up the ladder
    client.force_login(personas.member)  # the reviewed person, on the client's team
    assert "Liu Yang" not in _section(client.get("/reminders/").content.decode(), "decision-ladder")
    client.force_login(personas.supervisor)  # who asked, and chases it
    assert "Liu Yang" in _section(client.get("/reminders/").content.decode(), "decision-ladder")
