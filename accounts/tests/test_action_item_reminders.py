"""Contact-report action items are chased like checklist steps: due soon and overdue, to the owner, once."""

from datetime import date

from accounts.tests.factories import ActionItemFactory, ContactReportFactory
from agency.core import deadlines, reminders
from agency.core.models import Notification, ReminderLedger
from agency.core.tests.reminder_fixtures import LONDON, at, mail_to


def make_item(personas, *, due, owner=None, description="Send the revised media schedule"):
    report = ContactReportFactory(client=personas.client, created_by=personas.member, subject="Monthly review")
    return ActionItemFactory(report=report, owner=owner or personas.member, due_date=due, description=description)


def test_the_action_item_kind_is_registered():
    assert deadlines.get("action-item").label == "Contact-report action items"


def test_it_reminds_the_owner_the_business_day_before_skipping_the_dragon_boat_festival(personas):
    # Due Monday 22 June 2026; Friday 19 June is the Dragon Boat Festival: the business day before is Thursday.
    item = make_item(personas, due=date(2026, 6, 22))
    assert reminders.sweep(at(2026, 6, 18, 8, 59), rules=["action-item"]).total == 0
    reminders.sweep(at(2026, 6, 18, 9, 0), rules=["action-item"])
    [message] = mail_to(personas.member.email)
    assert message.template == "reminder_due_soon"
    assert "Send the revised media schedule" in message.subject
    assert "Tianshan Dairy" in message.body_text
    assert f"/clients/{personas.client.pk}/contact-reports/{item.report_id}/" in message.body_text
    ledger = ReminderLedger.objects.get()
    assert ledger.key == f"action-item:action-item:{item.pk}:due-soon:u{personas.member.pk}"
    assert ledger.client == personas.client
    for day in (19, 20, 21):
        reminders.sweep(at(2026, 6, day, 10), rules=["action-item"])
    assert len(mail_to(personas.member.email)) == 1


def test_it_reminds_at_nine_in_the_owners_own_time_zone(personas):
    owner = personas.member
    owner.time_zone = "Europe/London"
    owner.save()
    make_item(personas, due=date(2026, 10, 8))  # after National Day week: the business day before is 30 Sep
    assert reminders.sweep(at(2026, 9, 30, 8, 59, tz=LONDON), rules=["action-item"]).total == 0
    assert reminders.sweep(at(2026, 9, 30, 9, 0, tz=LONDON), rules=["action-item"]).total == 1


def test_an_overdue_item_is_chased_each_business_day_and_the_reports_author_told_on_day_three(personas):
    owner = personas.supervisor  # the report was written by the member
    make_item(personas, owner=owner, due=date(2026, 6, 12))  # a Friday
    sent_on = []
    for day, hour in [(13, 10), (15, 8), (15, 9), (15, 17), (16, 9), (17, 9), (18, 9), (19, 9), (22, 9), (23, 9)]:
        before = len(mail_to(owner.email, "reminder_overdue"))
        reminders.sweep(at(2026, 6, day, hour), rules=["action-item"])
        if len(mail_to(owner.email, "reminder_overdue")) > before:
            sent_on.append(day)
    assert sent_on == [15, 16, 17, 18, 22]  # weekend and the festival skipped, five business days, then it waits
    [to_author] = mail_to(personas.member.email, "reminder_overdue_lead")
    assert str(owner) in to_author.subject


def test_a_done_item_is_not_chased_and_nothing_is_sent_twice(personas, client):
    done = make_item(personas, due=date(2026, 6, 12), description="Book the studio")
    open_item = make_item(personas, due=date(2026, 6, 12), description="Call the printer")
    client.force_login(personas.member)
    response = client.post(f"/clients/{personas.client.pk}/action-items/{done.pk}/done/")
    assert response.status_code == 302
    first = reminders.sweep(at(2026, 6, 15, 9), rules=["action-item"])
    second = reminders.sweep(at(2026, 6, 15, 9, 5), rules=["action-item"])
    assert (first.total, second.total, second.already) == (1, 0, 1)
    [message] = mail_to(personas.member.email)
    assert "Call the printer" in message.subject and open_item.pk
    assert Notification.objects.filter(user=personas.member).count() == 1


def test_the_reminders_overview_lists_overdue_items_to_the_clients_team_only(personas, client, time_machine):
    time_machine.move_to(at(2026, 6, 16, 10), tick=False)
    make_item(personas, due=date(2026, 6, 12), description="Call the printer")
    make_item(personas, due=date(2026, 6, 30), description="Book the studio")
    client.force_login(personas.supervisor)
    page = client.get("/reminders/").content.decode()
    start = page.index('id="due-action-item"')
    section = page[start : page.index("</section>", start)]
    assert "Call the printer" in section and "Book the studio" not in section
    client.force_login(personas.outsider)
    assert "Call the printer" not in client.get("/reminders/").content.decode()
