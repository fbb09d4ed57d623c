"""The agency's calendar: business days with the country's holidays and make-up days, and whose clock a
reader's times are shown on."""

from datetime import date

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
