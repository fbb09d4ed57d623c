"""One deadline registry: the sweep, the reminders page, the home page and the calendars show the same items.

Around Thursday 18 June 2026 (Friday is the Dragon Boat Festival), one item of every registered kind is
open for the account team of Tianshan Dairy. A kind registered without an item here fails the first test.
"""

from datetime import date

import pytest
from django.utils.html import escape

from accounts.services.complaints import complaint_record
from accounts.services.surveys import survey_answer, survey_send
from accounts.tests.factories import ActionItemFactory, ContactReportFactory
from agency.core import deadlines, reminders
from agency.core.models import ReminderLedger
from agency.site.home_queries import today_and_soon
from agency.tests.reminder_fixtures import at, feed_events, make_step, sent_plan

NOW = at(2026, 6, 18, 10)
DUE = date(2026, 6, 22)  # the Monday after the festival


@pytest.fixture
def due_world(personas, campaign, contact, time_machine):
    from accounts.models import Complaint, SatisfactionSurvey
    from briefs.models import Stage
    from evaluations.services import reviews as review_services

    member = personas.member
    time_machine.move_to(at(2026, 6, 1, 10), tick=False)
    review_services.cycle_create(
        name="2026 H1", period_start=date(2026, 1, 1), period_end=date(2026, 6, 30), feedback_deadline=DUE,
        titles=["AE"], people=[member], by=personas.management,
    )  # fmt: skip
    campaign.stage = Stage.MEDIA
    campaign.save()
    make_step(campaign, owner=member, due=DUE, name="Media master plan")
    report = ContactReportFactory(client=personas.client, created_by=member, subject="Monthly review")
    ActionItemFactory(report=report, owner=member, due_date=DUE, description="Send the revised schedule")
    time_machine.move_to(at(2026, 6, 12, 10), tick=False)
    sent_plan(campaign, contact=contact, by=member, cutoff=DUE)  # the plan, and the client's link to confirm it
    time_machine.move_to(at(2026, 6, 16, 10), tick=False)
    complaint_record(
        client=personas.client, by=member, channel=Complaint.Channel.PHONE, received_at=at(2026, 6, 16, 10),
        description="Wrong cut aired", category=Complaint.Category.SERVICE, priority=Complaint.Priority.URGENT,
    )  # fmt: skip
    # Complex: its handling plan (and its first answer) are due 48 clock hours later, at NOW.
    complaint_record(
        client=personas.client, by=member, channel=Complaint.Channel.EMAIL, received_at=at(2026, 6, 16, 10),
        description="Screens dark in Pudong", category=Complaint.Category.TECHNICAL,
        priority=Complaint.ProblemClass.COMPLEX,
    )  # fmt: skip
    survey_answer(survey=survey_send(contact=contact, reason=SatisfactionSurvey.Reason.MANUAL), score=2)
    time_machine.move_to(NOW, tick=False)
    return deadlines.due_items(now=NOW)


def test_every_kind_is_reminded_and_on_its_owners_reminders_page_home_page_and_calendar(client, personas, due_world):
    assert {item.kind for item in due_world} == {kind.name for kind in deadlines.kinds()}
    reminders.sweep(NOW)
    keys = list(ReminderLedger.objects.values_list("key", flat=True))
    owners = {item.owner for item in due_world}
    assert owners == {personas.member, personas.supervisor}  # the supervisor: their own 360° feedback, a low score
    calendars = {owner: feed_events(client, owner) for owner in owners}
    for owner in owners:
        client.force_login(owner)
        overview, home = (client.get(url).content.decode() for url in ("/reminders/", "/"))
        _today, soon = today_and_soon(owner, NOW)
        for item in (item for item in due_world if item.owner == owner):
            assert any(key.startswith(f"{item.kind}:{item.key}:") for key in keys), item
            assert f"{item.uid}@127.0.0.1:8000" in calendars[owner], item
            what = escape(str(item.what))
            page = overview[overview.index(f'id="due-{item.kind}"') :]
            assert what in page[: page.index("</section>")], item
            if item.due_date <= soon:  # the link to confirm the plan is due when it expires, in July
                assert what in home[home.index('id="my-due"') :], item


def test_the_clients_calendar_has_the_teams_items_and_nobodys_360_feedback(client, personas, due_world):
    events = feed_events(client, personas.member, personas.client.pk)
    for item in due_world:
        assert (f"{item.uid}@127.0.0.1:8000" in events) == (item.kind != "review-feedback"), item
    complaint = next(item for item in due_world if item.kind == "complaint-sla")
    event = events[f"{complaint.uid}@127.0.0.1:8000"]
    assert event.decoded("dtstart") == at(2026, 6, 17, 10)  # urgent: 24 clock hours after it came in
    assert str(event["summary"]) == f"Answer due: complaint #{complaint.row.pk} (Tianshan Dairy)"
    assert str(event["description"]) == f"Owner: {personas.member}"


def test_the_home_page_lists_my_items_overdue_first_with_their_kind(client, personas, due_world):
    client.force_login(personas.member)
    home = client.get("/").content.decode()
    mine = home[home.index('id="my-due"') : home.index("</ul>", home.index('id="my-due"'))]
    # The unanswered complaint was due yesterday; the rest is due on Monday.
    assert mine.index("Complaint #") < mine.index("Media master plan") < mine.index("Send the revised schedule")
    assert "1 overdue" in mine and "Complaints waiting for their first answer" in mine
    assert "Low satisfaction scores to follow up" not in mine  # that is the supervisor's
    client.force_login(personas.outsider)
    home = client.get("/").content.decode()
    assert "Media master plan" not in home and "Nothing overdue or due soon." in home


def test_the_teams_overdue_counts_name_each_items_own_owner_for_every_kind(due_world, time_machine):
    """The team home counts overdue items by person in the database (owner_field): the same person the item
    itself names as its owner, for every kind."""
    from collections import Counter

    from agency.core.models import User

    later = at(2026, 7, 20, 10)  # everything is overdue by now, the plan's link included
    time_machine.move_to(later, tick=False)
    for kind in deadlines.kinds():
        items = [item for item in kind.items(now=later, until=later.date()) if item.is_overdue(later, later.date())]
        assert items or kind.name == "decision-ladder", kind.name  # an expired link leaves the ladder
        counted = kind.overdue_by_owner(now=later, today=later.date(), owners=User.objects.all())
        assert {row["person"]: row["n"] for row in counted} == Counter(item.owner.pk for item in items), kind.name
    everyone = deadlines.overdue_by_owner(now=later, today=later.date(), owners=User.objects.all())
    assert sum(everyone.values()) == len([i for i in deadlines.due_items(now=later) if i.is_overdue(later)])
