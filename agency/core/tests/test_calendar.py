"""The agency's calendar: business days with the country's holidays and make-up days, and whose clock a
reader's times are shown on."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from agency.core import calendar


def test_business_days_skip_weekends_and_festivals_and_count_make_up_saturdays():
    # Thursday 18 June 2026; Friday is the Dragon Boat Festival.
    assert calendar.add_business_days(date(2026, 6, 18), 1) == date(2026, 6, 22)
    assert calendar.add_business_days(date(2026, 6, 22), -1) == date(2026, 6, 18)
    # National Day week is off; Saturday 10 October 2026 is worked to make up for it.
    assert calendar.add_business_days(date(2026, 9, 30), 1) == date(2026, 10, 8)
    assert calendar.is_business_day(date(2026, 10, 10))
    assert calendar.business_days_between(date(2026, 9, 30), date(2026, 10, 12)) == 4  # 8, 9, 10, 12


def test_the_holidays_are_the_configured_countrys(settings):
    settings.AGENCY_HOLIDAY_COUNTRY = "GB"
    assert calendar.is_business_day(date(2026, 10, 1))  # an ordinary Thursday in London
    assert not calendar.is_business_day(date(2026, 12, 25))


def test_a_reader_sees_times_in_their_own_time_zone_else_the_agencys(settings, personas):
    from accounts.tests.factories import ContactFactory

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
