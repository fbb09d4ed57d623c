"""Times are shown in the reader's time zone: the contact's, the user's, else the agency's."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from accounts.tests.factories import ContactFactory
from agency.core import calendar


def test_a_reader_sees_times_in_their_own_time_zone_else_the_agencys(settings, personas):
    member = personas.member
    member.time_zone = "Europe/London"
    assert calendar.reader_tz(member) == ZoneInfo("Europe/London")
    contact = ContactFactory(client=personas.client)  # contacts and clients carry no time zone yet
    assert calendar.reader_tz(contact) == ZoneInfo("Asia/Shanghai") == calendar.agency_tz()
    settings.TIME_ZONE = "Europe/Berlin"
    assert calendar.reader_tz(contact) == calendar.reader_tz(None) == ZoneInfo("Europe/Berlin")
    # Half past eleven at night in Berlin is the next morning in Shanghai.
    moment = datetime(2026, 6, 18, 23, 30, tzinfo=ZoneInfo("Europe/Berlin"))
    assert calendar.local_date(moment) == date(2026, 6, 18)
    assert calendar.local_date(moment, ZoneInfo("Asia/Shanghai")) == date(2026, 6, 19)
