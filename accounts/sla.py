"""Complaint clocks: when the first answer, and for some classes a handling plan, is due.

Rule: "Complaint answer clocks" (docs/practice.md). Each class of problem has its clocks in settings:

    COMPLAINT_CLOCKS = {class: (kind, hours)}        the first answer to the client
    COMPLAINT_PLAN_CLOCKS = {class: (kind, hours)}   a handling plan (a class without one has no plan clock)

A clock of kind "clock" counts clock hours, day and night, weekends and holidays included: an urgent
complaint received on Friday at 18:00 is overdue on Saturday at 18:00. A clock of kind "working" counts
the agency's working hours: 09:00–18:00 in its own time zone (settings.TIME_ZONE) on the business days
of its calendar (agency/core/calendar.py: weekends and public holidays off, make-up working days on),
9 working hours a day; a deadline that lands on closing time stays at 18:00.
"""

from datetime import time, timedelta

from django.conf import settings
from django.utils import timezone

from agency.core.calendar import add_business_days, agency_tz, at_local, is_business_day

DAY_START = time(9, 0)
DAY_END = time(18, 0)
WORKING_DAY = timedelta(hours=9)

BASIC, COMPLEX, URGENT, LONG_TERM = "basic", "complex", "urgent", "long_term"
CLOCK, WORKING = "clock", "working"
# The defaults of settings.COMPLAINT_CLOCKS and settings.COMPLAINT_PLAN_CLOCKS.
ANSWER_CLOCKS = {URGENT: (CLOCK, 24), COMPLEX: (CLOCK, 48), BASIC: (WORKING, 18), LONG_TERM: (WORKING, 45)}
PLAN_CLOCKS = {COMPLEX: (CLOCK, 48)}
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


def answer_clock(problem_class):
    """(kind, hours) of the first-answer clock of a class of problem."""
    clocks = {**ANSWER_CLOCKS, **getattr(settings, "COMPLAINT_CLOCKS", {})}
    return clocks.get(problem_class, clocks[BASIC])


def plan_clock(problem_class):
    """(kind, hours) of the handling-plan clock of a class of problem, or None when it has none."""
    return getattr(settings, "COMPLAINT_PLAN_CLOCKS", PLAN_CLOCKS).get(problem_class)


def _after(start, clock, share=1):
    kind, hours = clock
    duration = timedelta(hours=hours) * share
    return start + duration if kind == CLOCK else add_working_time(start, duration)


def respond_by(received_at, problem_class):
    """When the first answer to the client is due."""
    return _after(received_at, answer_clock(problem_class))


def warn_at(received_at, problem_class):
    """When the owner is told the answer is nearly due."""
    return _after(received_at, answer_clock(problem_class), WARN_SHARE)


def plan_due(received_at, problem_class):
    """When the handling plan is due, or None when the class needs none."""
    clock = plan_clock(problem_class)
    return None if clock is None else _after(received_at, clock)


def time_left(problem_class, now, due):
    """Time left on a class's answer clock until `due` (negative when overdue), in the clock's own hours."""
    kind, _hours = answer_clock(problem_class)
    return due - now if kind == CLOCK else working_time_between(now, due)
