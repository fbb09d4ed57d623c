"""The agency's calendar: business days, public holidays and time zones. The one copy; every deadline,
reminder and answer clock counts on it.

Business days are the agency's: weekends and the public holidays of settings.AGENCY_HOLIDAY_COUNTRY off,
that country's make-up working days on (the `holidays` package, e.g. the Saturdays China works to bridge a
festival). Deadlines are dates on this calendar; the agency's own clock is settings.TIME_ZONE.

A reader sees a moment in their own time zone: a staff member's (User.time_zone); a client contact's,
where contacts carry one, else their client's, where clients carry one; else the agency's.

    from agency.core.calendar import add_business_days, local_date, reader_tz
    add_business_days(date(2026, 6, 18), 1)  # Mon 22 June: the Dragon Boat Festival and a weekend skipped
    local_date(now, reader_tz(user))          # "today" for that person
"""

from datetime import datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings
from django.utils import timezone


@cache
def _holidays(country):
    return holidays.country_holidays(country)


@cache
def _zone(name):
    return ZoneInfo(name)


def agency_tz():
    return _zone(settings.TIME_ZONE)


def reader_tz(reader=None):
    """The time zone `reader` (a staff member or a client contact, or None) reads times in."""
    for who in (reader, getattr(reader, "client", None)):
        name = getattr(who, "time_zone", "")
        if name:
            return _zone(name)
    return agency_tz()


def local_date(moment, tz=None):
    """The date `moment` falls on in `tz` (the agency's time zone by default)."""
    return timezone.localtime(moment, tz or agency_tz()).date()


def at_local(day, at, tz=None):
    """`day` at the wall-clock time `at` in `tz` (the agency's by default)."""
    return datetime.combine(day, at, tzinfo=tz or agency_tz())


def start_of_day(day, tz=None):
    """The first moment of `day` in `tz`: where a date filter on a moment column begins."""
    return at_local(day, time.min, tz)


def is_business_day(day):
    """A working day in the agency's country: weekends and public holidays off, make-up Saturdays on."""
    return _is_working_day(settings.AGENCY_HOLIDAY_COUNTRY, day)


@cache
def _is_working_day(country, day):
    # A sweep asks about the same few dozen days thousands of times; the calendar of a country is fixed.
    return _holidays(country).is_working_day(day)


def add_business_days(day, n):
    """The n-th business day after `day` (before it for negative n). `day` itself need not be one."""
    step = 1 if n >= 0 else -1
    remaining = abs(n)
    while remaining:
        day += timedelta(days=step)
        if is_business_day(day):
            remaining -= 1
    return day


def business_days_between(start, end):
    """How many business days d with start < d <= end."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        count += is_business_day(day)
    return count
