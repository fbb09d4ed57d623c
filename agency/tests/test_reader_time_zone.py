"""Times are shown in the reader's time zone: the contact's, else their client's, else the agency's; a staff
member's own."""

import re
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from accounts.tests.factories import ContactFactory
from agency.core import calendar, decisions, outbox
from agency.core.models import OutboxMessage
from agency.core.tests.decision_flow import decide_by_link
from briefs.services.brief import brief_send_for_approval

pytestmark = pytest.mark.django_db


def test_a_reader_sees_times_in_their_own_time_zone_else_their_clients_else_the_agencys(settings, personas):
    member = personas.member
    member.time_zone = "Europe/London"
    assert calendar.reader_tz(member) == ZoneInfo("Europe/London")
    contact = ContactFactory(client=personas.client)
    assert calendar.reader_tz(contact) == ZoneInfo("Asia/Shanghai") == calendar.agency_tz()
    personas.client.time_zone = "Asia/Taipei"
    assert calendar.reader_tz(contact) == ZoneInfo("Asia/Taipei")
    contact.time_zone = "Asia/Hong_Kong"
    assert calendar.reader_tz(contact) == ZoneInfo("Asia/Hong_Kong")
    settings.TIME_ZONE = "Europe/Berlin"
    assert calendar.reader_tz(None) == ZoneInfo("Europe/Berlin")
    # Half past eleven at night in Berlin is the next morning in Shanghai.
    moment = datetime(2026, 6, 18, 23, 30, tzinfo=ZoneInfo("Europe/Berlin"))
    assert calendar.local_date(moment) == date(2026, 6, 18)
    assert calendar.local_date(moment, ZoneInfo("Asia/Shanghai")) == date(2026, 6, 19)


def test_a_receipt_gives_the_time_in_the_contacts_zone(draft, contact, personas, time_machine):
    contact.time_zone = "Asia/Hong_Kong"
    contact.save()
    personas.member.time_zone = "Europe/London"
    personas.member.save()
    time_machine.move_to(datetime(2026, 6, 10, 9, 0, tzinfo=UTC))
    sent = brief_send_for_approval(version=draft, contact=contact, by=personas.member)
    time_machine.move_to(datetime(2026, 6, 11, 17, 0, tzinfo=UTC))  # already 12 June in Hong Kong

    decisions.decide(decision_request=sent, outcome="approved", comment="")

    receipt = outbox.as_sent(OutboxMessage.objects.get(template="decision_receipt")).text
    assert "12 Jun 2026, 01:00 (Asia/Hong_Kong)" in receipt
    assert "11 Jun" not in receipt
    # The AE reads the same moment in London.
    told = outbox.as_sent(OutboxMessage.objects.get(template="decision_outcome")).text
    assert "11 Jun 2026, 18:00 (Europe/London)" in told


def test_the_receipt_page_and_its_link_give_the_date_in_the_contacts_zone(draft, contact, personas, time_machine):
    contact.time_zone = "Asia/Hong_Kong"
    contact.save()
    time_machine.move_to(datetime(2026, 6, 10, 9, 0, tzinfo=UTC))
    sent = brief_send_for_approval(version=draft, contact=contact, by=personas.member)
    time_machine.move_to(datetime(2026, 6, 11, 17, 0, tzinfo=UTC))  # already 12 June in Hong Kong
    browser = Client()
    browser.get(f"/d/{sent.token}/")

    receipt = browser.get(decide_by_link(browser, sent, outcome="approved")["Location"]).content.decode()

    assert "12 Jun 2026, 01:00 (Asia/Hong_Kong)" in receipt and "11 Jun" not in receipt
    text = outbox.as_sent(OutboxMessage.objects.get(template="decision_receipt")).text
    link = re.search(r"https?://[^/]+(/receipt/[A-Za-z0-9_-]+/)", text).group(1)
    copy = Client().get(link).content.decode()
    assert "12 Jun 2026, 01:00 (Asia/Hong_Kong)" in copy and "11 Jun" not in copy
