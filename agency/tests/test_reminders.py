"""Reminder rules fire at the right moment, in the right time zone, on the agency's business days, once."""

from datetime import date

import pytest
from django.core.management import call_command

from agency.core import deadlines, decisions, reminders
from agency.core.models import Notification, OutboxMessage, ReminderLedger
from agency.tests.reminder_fixtures import LONDON, at, mail_to, make_step


@pytest.fixture
def owner(personas):
    return personas.member


def test_it_reminds_the_day_before_skipping_a_weekend_and_the_dragon_boat_festival(campaign, owner):
    # Due Monday 22 June 2026; Friday 19 June is the Dragon Boat Festival: the business day before is Thursday.
    step = make_step(campaign, owner=owner, due=date(2026, 6, 22))
    assert reminders.sweep(at(2026, 6, 18, 8, 59)).total == 0
    reminders.sweep(at(2026, 6, 18, 9, 0))
    [message] = mail_to(owner.email)
    assert message.template == "reminder_due_soon"
    assert "Media master plan" in message.subject
    assert f"/campaigns/{campaign.pk}/" in message.body_text
    assert ReminderLedger.objects.get().key == f"checklist:step:{step.pk}:due-soon:u{owner.pk}"
    # Over the long weekend nothing more is sent.
    for day in (19, 20, 21):
        reminders.sweep(at(2026, 6, day, 10))
    assert len(mail_to(owner.email)) == 1


def test_it_reminds_at_nine_in_the_owners_own_time_zone(campaign, owner):
    owner.time_zone = "Europe/London"
    owner.save()
    # Due Thursday 8 October, after the National Day week: the business day before is Wednesday 30 September.
    make_step(campaign, owner=owner, due=date(2026, 10, 8))
    assert reminders.sweep(at(2026, 9, 30, 8, 59, tz=LONDON)).total == 0  # 15:59 in Shanghai
    assert reminders.sweep(at(2026, 9, 30, 9, 0, tz=LONDON)).total == 1
    assert mail_to(owner.email)[0].template == "reminder_due_soon"


def test_it_chases_an_overdue_step_every_business_day_and_tells_the_lead_on_day_three(campaign, personas):
    owner = personas.supervisor  # owner differs from the campaign's lead AE (member)
    lead = campaign.lead_ae
    make_step(campaign, owner=owner, due=date(2026, 6, 12))  # a Friday
    sent_on = {}
    for day, hour in [(13, 10), (14, 10), (15, 8), (15, 9), (15, 17), (16, 9), (17, 9), (18, 9), (19, 9), (22, 9)]:
        before = len(mail_to(owner.email, "reminder_overdue"))
        reminders.sweep(at(2026, 6, day, hour))
        if len(mail_to(owner.email, "reminder_overdue")) > before:
            sent_on[(day, hour)] = mail_to(owner.email, "reminder_overdue")[-1].subject
    # Weekend and the festival (19th) skipped; never before nine; five business days, then it waits.
    assert list(sent_on) == [(15, 9), (16, 9), (17, 9), (18, 9), (22, 9)]
    assert "3 business days" in sent_on[(17, 9)]
    reminders.sweep(at(2026, 6, 23, 9))
    assert len(mail_to(owner.email, "reminder_overdue")) == 5
    [to_lead] = mail_to(lead.email, "reminder_overdue_lead")
    assert str(owner) in to_lead.subject


def test_it_stops_when_the_step_is_done_or_the_campaign_is_on_hold(campaign, owner):
    step = make_step(campaign, owner=owner, due=date(2026, 6, 12))
    step.done_at = at(2026, 6, 12, 18)
    step.save()
    other = make_step(campaign, owner=owner, due=date(2026, 6, 12), name="Booking")
    campaign.stage, campaign.resume_stage = "on_hold", "brief"
    campaign.save()
    assert reminders.sweep(at(2026, 6, 15, 9)).total == 0
    assert other.pk and not mail_to(owner.email)


def test_it_never_sends_twice_when_the_sweep_runs_again(campaign, owner):
    make_step(campaign, owner=owner, due=date(2026, 6, 22))
    first = reminders.sweep(at(2026, 6, 18, 9))
    second = reminders.sweep(at(2026, 6, 18, 9, 5))
    # The second sweep does not even read the step: due after tomorrow, its due-soon reminder recorded.
    assert (first.total, second.total, second.already) == (1, 0, 0)
    assert len(mail_to(owner.email)) == 1
    assert Notification.objects.filter(user=owner).count() == 1


def test_a_step_left_out_once_reminded_is_chased_again_when_it_falls_overdue(campaign, owner, personas):
    step = make_step(campaign, owner=owner, due=date(2026, 6, 22))
    reminders.sweep(at(2026, 6, 18, 9))
    kind = deadlines.get("checklist")
    rows = kind.select(now=at(2026, 6, 18, 10))
    assert list(reminders.without_reminded_upcoming(kind, rows, now=at(2026, 6, 18, 10))) == []
    # Handed to someone else before the due date: the new owner is reminded too.
    step.owner = personas.supervisor
    step.save()
    assert reminders.sweep(at(2026, 6, 18, 10)).total == 1
    assert [m.template for m in mail_to(personas.supervisor.email)] == ["reminder_due_soon"]
    # The day after it was due (Tuesday 23 June, 9:00), the overdue reminder goes as before.
    assert reminders.sweep(at(2026, 6, 23, 9)).total == 1
    assert [m.template for m in mail_to(personas.supervisor.email)][-1] == "reminder_overdue"
    assert len(mail_to(owner.email)) == 1


@pytest.fixture
def sent_link(draft, contact, personas, time_machine):
    # Thursday 24 September 2026, 10:00 in Shanghai; Friday is the Mid-Autumn Festival, then National Day week.
    time_machine.move_to(at(2026, 9, 24, 10), tick=False)
    personas.client.tier = "high"
    personas.client.save()
    return decisions.request_decision(document=draft, contact=contact, by=personas.member, expires_in_days=30)


def _sweep_at(time_machine, moment):
    time_machine.move_to(moment, tick=False)
    return reminders.sweep(moment)


def test_it_climbs_the_escalation_ladder_of_a_high_value_client_in_business_days(
    sent_link, contact, personas, time_machine
):
    # Business days after Thu 24 Sep: Mon 28 (1), Tue 29 (2), Wed 30 (3), Oct 1-7 off, Thu 8 (4), Fri 9 (5).
    assert _sweep_at(time_machine, at(2026, 9, 29, 9, 59)).total == 0
    _sweep_at(time_machine, at(2026, 9, 29, 10, 0))
    [reminder] = mail_to(contact.email, "decision_reminder")
    sent_link.refresh_from_db()
    assert sent_link.reminder_count == 1  # the same request, with a fresh link
    assert decisions.find_by_token(sent_link.token) == sent_link  # and the first email's link still works
    assert _sweep_at(time_machine, at(2026, 9, 30, 9, 59)).total == 0
    _sweep_at(time_machine, at(2026, 9, 30, 10, 0))
    [to_ae] = mail_to(personas.member.email, "reminder_decision_waiting")
    assert "Still waiting for Tianshan Dairy" in to_ae.subject
    assert _sweep_at(time_machine, at(2026, 10, 8, 12)).total == 0
    _sweep_at(time_machine, at(2026, 10, 9, 10, 0))
    [to_supervisor] = mail_to(personas.supervisor.email, "reminder_decision_waiting")
    assert to_supervisor.subject.startswith("Escalation")
    assert _sweep_at(time_machine, at(2026, 10, 12, 10)).total == 0
    assert len(mail_to(contact.email, "decision_reminder")) == 1


def test_a_low_value_client_is_chased_more_slowly(sent_link, contact, personas, time_machine):
    personas.client.tier = "low"
    personas.client.save()
    assert _sweep_at(time_machine, at(2026, 9, 30, 12)).total == 0  # 3 business days: nothing yet
    _sweep_at(time_machine, at(2026, 10, 12, 10))  # 5 business days: Mon 28 .. Fri 9 is 5 on Fri 9
    assert len(mail_to(contact.email, "decision_reminder")) == 1
    assert not mail_to(personas.member.email, "reminder_decision_waiting")


def test_a_decided_request_leaves_the_ladder(sent_link, contact, time_machine):
    time_machine.move_to(at(2026, 9, 28, 15), tick=False)
    decisions.decide(decision_request=sent_link, outcome="approved")
    assert _sweep_at(time_machine, at(2026, 10, 12, 10)).total == 0
    assert not mail_to(contact.email, "decision_reminder")


def test_a_digest_person_gets_notifications_and_one_email_a_day(client, campaign, owner):
    client.force_login(owner)
    response = client.post("/reminders/settings/", {"mode": "digest"})
    assert response.status_code == 302
    make_step(campaign, owner=owner, due=date(2026, 6, 22))
    make_step(campaign, owner=owner, due=date(2026, 6, 12), name="Booking")
    reminders.sweep(at(2026, 6, 18, 9))
    reminders.sweep(at(2026, 6, 18, 9, 5))
    mine = ReminderLedger.objects.filter(rule="checklist", recipient_user=owner)
    assert set(mine.values_list("delivery", flat=True)) == {"digest"}
    [digest] = mail_to(owner.email)
    assert digest.template == "reminder_digest"
    assert "Media master plan" in digest.body_text and "Booking" in digest.body_text
    assert Notification.objects.filter(user=owner, read_at=None).count() == 2
    # The next business day: the overdue step again, in the next day's digest only.
    reminders.sweep(at(2026, 6, 22, 9))
    assert [m.template for m in mail_to(owner.email)] == ["reminder_digest", "reminder_digest"]


def test_the_management_command_sweeps_at_a_given_moment(campaign, owner, capsys):
    make_step(campaign, owner=owner, due=date(2026, 6, 12))  # overdue on Monday 15 June
    call_command("run_reminder_sweep", "--now", "2026-06-15T09:00+08:00")
    call_command("run_reminder_sweep", "--now", "2026-06-15T09:00+08:00")
    out = capsys.readouterr().out
    assert "checklist: 1 sent" in out and "0 sent, 1 already sent earlier" in out
    assert OutboxMessage.objects.filter(template="reminder_overdue").count() == 1


def test_a_batch_racing_another_sweep_keeps_nothing_and_the_key_decides_each_reminder(campaign, owner, personas):
    # Two steps due; another sweep recorded the first one's reminder between our look-up and our insert.
    first = make_step(campaign, owner=owner, due=date(2026, 6, 22))
    make_step(campaign, owner=owner, due=date(2026, 6, 22))
    now = at(2026, 6, 18, 9)
    dues = list(reminders.kind_dues(reminders.deadlines.get("checklist"), now))
    for due in dues:
        due.rule = "checklist"
    raced = next(due for due in dues if due.object_key == f"step:{first.pk}")
    reminders.deliver_once(raced, now)
    assert reminders.deliver_batch(dues, now, set()) is False  # the whole batch refused: nothing kept twice
    assert len(mail_to(owner.email)) == 1
    # The sweep itself then sends only the other step's reminder, once.
    result = reminders.sweep(now)  # the raced step, due after tomorrow and reminded, is not read again
    assert (result.total, result.already) == (1, 0)
    assert len(mail_to(owner.email)) == 2
    assert Notification.objects.filter(user=owner).count() == 2
