"""Complaint response clocks in the agency's working hours.

The agency works 09:00–18:00 in its own time zone (settings.TIME_ZONE) on the business days of its
calendar (agency/core/calendar.py: weekends and public holidays off, make-up working days on).

An urgent complaint is answered within 24 h, a complex one within 48 h (docs/practice.md, "Complaint
answer clocks"). Here 24 h means one working day and 48 h two: the clock runs only while the agency
works, 9 working hours a day, so a complaint received on Friday at 17:00 is due on Monday at 17:00, and
one received on Saturday is due on Monday (urgent) or Tuesday (complex) at 18:00.
"""

from datetime import time, timedelta

from django.utils import timezone

from agency.core.calendar import add_business_days, agency_tz, at_local, is_business_day

DAY_START = time(9, 0)
DAY_END = time(18, 0)
WORKING_DAY = timedelta(hours=9)

URGENT, COMPLEX = "urgent", "complex"
# The promised answer time, in working days (one working day per 24 clock hours promised).
SLA_WORKING_DAYS = {URGENT: 1, COMPLEX: 2}
# The owner hears when this share of the response time has gone.
WARN_SHARE = 0.75


def _opening(day, tz):
    return at_local(day, DAY_START, tz)


def _closing(day, tz):
    return at_local(day, DAY_END, tz)


def clock_start(moment):
    """The first working moment at or after `moment`, in the agency's time zone."""
    tz = agency_tz()
    local = timezone.localtime(moment, tz)
    day = local.date()
    if is_business_day(day):
        if local < _opening(day, tz):
            return _opening(day, tz)
        if local < _closing(day, tz):
            return local
    return _opening(add_business_days(day, 1), tz)


def add_working_time(start, duration):
    """The moment when `duration` of working time has passed after `start`.

    A deadline that lands exactly on closing time stays there (18:00), not at the next opening.
    """
    tz = agency_tz()
    current = clock_start(start)
    remaining = duration
    while True:
        left_today = _closing(current.date(), tz) - current
        if remaining <= left_today:
            return current + remaining
        remaining -= left_today
        current = clock_start(_closing(current.date(), tz))


def working_time_between(start, end):
    """Working time from `start` to `end` (negative when `end` is earlier).

    Whole days in between count nine hours each, so a complaint overdue for months costs a day count,
    not a walk through every opening and closing.
    """
    if end < start:
        return -working_time_between(end, start)
    tz = agency_tz()
    current = clock_start(start)
    if current >= end:
        return timedelta(0)
    first, last = current.date(), timezone.localtime(end, tz).date()
    if first == last:
        return min(_closing(first, tz), end) - current
    total = _closing(first, tz) - current
    day = first + timedelta(days=1)
    while day < last:
        if is_business_day(day):
            total += WORKING_DAY
        day += timedelta(days=1)
    if is_business_day(last):
        total += min(max(end - _opening(last, tz), timedelta(0)), WORKING_DAY)
    return total


def sla_duration(priority):
    return WORKING_DAY * SLA_WORKING_DAYS[priority]


def respond_by(received_at, priority):
    """When the first answer to the client is due."""
    return add_working_time(received_at, sla_duration(priority))


def warn_at(received_at, priority):
    """When the owner is told the answer is nearly due."""
    return add_working_time(received_at, sla_duration(priority) * WARN_SHARE)
