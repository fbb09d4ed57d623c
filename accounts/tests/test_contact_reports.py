"""Contact reports: minutes with action items, emailed to client contacts in their language."""

from datetime import date

from accounts.models import ActionItem, ContactReport
from accounts.tests.factories import ActionItemFactory, ContactFactory
from agency.core.models import OutboxMessage


def report_data(personas, contacts=(), email_to=(), items=()):
    data = {
        "meeting_date": "2026-11-20",
        "subject": "Monthly status meeting",
        "staff_attendees": [personas.member.pk],
        "client_attendees": [c.pk for c in contacts],
        "other_attendees": "CCTV sales rep",
        "summary": "Reviewed the Spring Festival brief.",
        "decisions": "Go with concept B.",
        "email_to": [c.pk for c in email_to],
        "items-TOTAL_FORMS": "3",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "30",
    }
    for i, (description, owner, due) in enumerate(items):
        data.update({f"items-{i}-description": description, f"items-{i}-owner": owner.pk, f"items-{i}-due_date": due})
    return data


def test_it_records_a_meeting_with_action_items_and_shows_them_on_the_client_page(client, personas, time_machine):
    time_machine.move_to("2026-11-21 10:00 +08:00", tick=False)
    liu = ContactFactory(client=personas.client, name="Liu Yang")
    client.force_login(personas.member)
    response = client.post(
        f"/clients/{personas.client.pk}/contact-reports/new/",
        report_data(personas, contacts=[liu], items=[("Send revised concept B", personas.member, "2026-11-28")]),
    )
    assert response.status_code == 302
    report = ContactReport.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert "Go with concept B." in page and "Liu Yang" in page and "CCTV sales rep" in page
    assert "Send revised concept B" in page

    client_page = client.get(f"/clients/{personas.client.pk}/").content.decode()
    assert "Monthly status meeting" in client_page
    assert "Send revised concept B" in client_page

    item = report.action_items.get()
    assert item.client == personas.client and item.due_date == date(2026, 11, 28)
    client.post(f"/clients/{personas.client.pk}/action-items/{item.pk}/done/")
    item.refresh_from_db()
    assert item.done_at is not None and item.done_by == personas.member
    assert "Send revised concept B" not in client.get(f"/clients/{personas.client.pk}/").content.decode()


def test_it_refuses_a_new_action_item_due_in_the_past_and_keeps_what_was_typed(client, personas, time_machine):
    time_machine.move_to("2026-11-21 10:00 +08:00", tick=False)
    client.force_login(personas.member)
    response = client.post(
        f"/clients/{personas.client.pk}/contact-reports/new/",
        report_data(personas, items=[("Book the TVC shoot", personas.member, "2026-11-20")]),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "The due date is in the past. Choose today or a later day." in page
    assert 'value="Book the TVC shoot"' in page
    assert 'value="2026-11-20"' in page
    assert "Reviewed the Spring Festival brief." in page
    assert not ContactReport.objects.exists() and not ActionItem.objects.exists()


def test_it_emails_the_report_to_chosen_contacts_in_each_ones_language(client, personas, time_machine):
    time_machine.move_to("2026-11-21 10:00 +08:00", tick=False)
    liu = ContactFactory(client=personas.client, name="刘洋", email="liu@tianshan.example", language="zh-hans")
    anna = ContactFactory(client=personas.client, name="Anna Berger", email="anna@tianshan.example", language="en")
    ContactFactory(client=personas.client, name="Not chosen", email="nobody@tianshan.example")
    client.force_login(personas.member)
    client.post(
        f"/clients/{personas.client.pk}/contact-reports/new/",
        report_data(
            personas, contacts=[liu], email_to=[liu, anna], items=[("Send the plan", personas.member, "2026-11-30")]
        ),
    )
    messages = {m.to_email: m for m in OutboxMessage.objects.all()}
    assert set(messages) == {"liu@tianshan.example", "anna@tianshan.example"}
    english, chinese = messages["anna@tianshan.example"], messages["liu@tianshan.example"]
    assert english.subject.startswith("Contact report: Monthly status meeting")
    assert "Dear Anna Berger," in english.body_text and "Send the plan" in english.body_text
    assert chinese.language == "zh-hans"
    assert chinese.subject.startswith("会议记录") and "Monthly status meeting" in chinese.subject
    assert english.client == personas.client
    # The report page says where it went.
    report = ContactReport.objects.get()
    page = client.get(f"/clients/{personas.client.pk}/contact-reports/{report.pk}/").content.decode()
    assert "anna@tianshan.example" in page


def test_it_refuses_another_clients_contact_as_recipient(client, personas):
    ContactFactory(client=personas.client, name="Liu Yang")
    theirs = ContactFactory(client=personas.other_client, email="secret@harbour.example")
    client.force_login(personas.member)
    response = client.post(
        f"/clients/{personas.client.pk}/contact-reports/new/", report_data(personas, email_to=[theirs])
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not OutboxMessage.objects.exists()


def test_it_keeps_an_overdue_item_open_and_marks_it(client, personas, account, time_machine):
    time_machine.move_to("2026-11-21 10:00 +08:00", tick=False)
    ActionItemFactory(report=account.report, description="Chase the signed estimate", due_date=date(2026, 11, 1))
    client.force_login(personas.member)
    page = client.get(f"/clients/{account.client.pk}/").content.decode()
    assert "Chase the signed estimate" in page and "overdue" in page
