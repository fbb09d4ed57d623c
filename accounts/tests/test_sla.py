"""The complaint clocks: clock hours where the standard says hours (urgent: first answer within 24 h; complex:
handling plan within 48 h), the agency's working hours (09:00–18:00, working days of its calendar) where
its own rule counts working time."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from accounts import sla

SHANGHAI = ZoneInfo("Asia/Shanghai")
UTC = ZoneInfo("UTC")


def at(*args, tz=SHANGHAI):
    return datetime(*args, tzinfo=tz)


# The working-hours arithmetic, on two working-time clocks: one working day ("one") and two ("two").
WORKING_CLOCKS = {"one": ("working", 9), "two": ("working", 18)}


@pytest.fixture
def working_clocks(settings):
    settings.COMPLAINT_CLOCKS = WORKING_CLOCKS


@pytest.mark.parametrize(
    ("received", "priority", "due"),
    [
        # Friday 17:00: one working hour left on Friday, the rest on Monday.
        (at(2026, 11, 27, 17, 0), "one", at(2026, 11, 30, 17, 0)),
        (at(2026, 11, 27, 17, 0), "two", at(2026, 12, 1, 17, 0)),
        # The same moment written in UTC is the same deadline.
        (at(2026, 11, 27, 9, 0, tz=UTC), "one", at(2026, 11, 30, 17, 0)),
        # Received at the weekend or before opening: the clock starts at the next opening.
        (at(2026, 11, 28, 10, 0), "one", at(2026, 11, 30, 18, 0)),
        (at(2026, 11, 30, 7, 30), "one", at(2026, 11, 30, 18, 0)),
        # After closing on Friday evening: from Monday 09:00.
        (at(2026, 11, 27, 19, 0), "two", at(2026, 12, 1, 18, 0)),
        # National Day week (1–7 October 2026) is skipped.
        (at(2026, 9, 30, 17, 0), "one", at(2026, 10, 8, 17, 0)),
        (at(2026, 9, 30, 17, 0), "two", at(2026, 10, 9, 17, 0)),
        # Saturday 10 October 2026 is a make-up working day: the clock runs on it.
        (at(2026, 10, 9, 17, 0), "one", at(2026, 10, 10, 17, 0)),
    ],
)
def test_it_computes_a_working_time_deadline_in_working_hours(working_clocks, received, priority, due):
    assert sla.respond_by(received, priority) == due


def test_it_warns_when_three_quarters_of_the_working_time_are_gone(working_clocks):
    # 9 working hours × 3/4 = 6 h 45 min: 1 h on Friday, 5 h 45 min on Monday.
    assert sla.warn_at(at(2026, 11, 27, 17, 0), "one") == at(2026, 11, 30, 14, 45)


FRIDAY_6PM = at(2026, 11, 27, 18, 0)


def test_an_urgent_complaint_is_answered_within_24_clock_hours_over_the_weekend():
    assert sla.respond_by(FRIDAY_6PM, "urgent") == at(2026, 11, 28, 18, 0)  # Saturday 18:00
    assert sla.warn_at(FRIDAY_6PM, "urgent") == at(2026, 11, 28, 12, 0)  # 18 of the 24 hours gone
    assert sla.time_left("urgent", at(2026, 11, 28, 10, 0), sla.respond_by(FRIDAY_6PM, "urgent")) == timedelta(hours=8)
    assert sla.plan_due(FRIDAY_6PM, "urgent") is None


def test_a_complex_complaint_needs_a_handling_plan_within_48_clock_hours():
    assert sla.plan_due(FRIDAY_6PM, "complex") == at(2026, 11, 29, 18, 0)  # Sunday 18:00
    assert sla.respond_by(FRIDAY_6PM, "complex") == at(2026, 11, 29, 18, 0)


def test_basic_and_long_term_problems_count_the_agencys_working_hours():
    # Friday 18:00 is after closing: two working days from Monday 09:00, five from Monday 09:00.
    assert sla.respond_by(FRIDAY_6PM, "basic") == at(2026, 12, 1, 18, 0)
    assert sla.respond_by(FRIDAY_6PM, "long_term") == at(2026, 12, 4, 18, 0)
    assert sla.plan_due(FRIDAY_6PM, "basic") is None


def test_the_clocks_are_set_in_settings(settings):
    settings.COMPLAINT_CLOCKS = {"basic": ("clock", 72)}
    settings.COMPLAINT_PLAN_CLOCKS = {"long_term": ("working", 27)}
    assert sla.respond_by(FRIDAY_6PM, "basic") == at(2026, 11, 30, 18, 0)
    assert sla.respond_by(FRIDAY_6PM, "urgent") == at(2026, 11, 28, 18, 0)  # not named: the standard's
    assert sla.plan_due(FRIDAY_6PM, "long_term") == at(2026, 12, 2, 18, 0)  # three working days
    assert sla.plan_due(FRIDAY_6PM, "complex") is None


def test_it_counts_only_working_time_between_two_moments():
    assert sla.working_time_between(at(2026, 11, 27, 17, 0), at(2026, 11, 30, 10, 0)) == timedelta(hours=2)
    assert sla.working_time_between(at(2026, 11, 30, 10, 0), at(2026, 11, 27, 17, 0)) == -timedelta(hours=2)
    assert sla.working_time_between(at(2026, 11, 28, 10, 0), at(2026, 11, 29, 20, 0)) == timedelta(0)


def test_working_time_between_is_the_sum_of_each_working_days_overlap():
    """Against the plain definition: for every business day, the part of [start, end] inside 09:00–18:00."""
    import random
    from datetime import time

    from agency.core.calendar import is_business_day

    tz = ZoneInfo("Asia/Shanghai")

    def by_definition(start, end):
        total, day = timedelta(0), start.astimezone(tz).date()
        while day <= end.astimezone(tz).date():
            if is_business_day(day):
                opening, closing = datetime.combine(day, time(9), tz), datetime.combine(day, time(18), tz)
                total += max(min(end, closing) - max(start, opening), timedelta(0))
            day += timedelta(days=1)
        return total

    rng = random.Random(7)
    origin = datetime(2026, 9, 25, 12, 0, tzinfo=tz)  # across the National Day week and its make-up days
    for _ in range(2000):
        start = origin + timedelta(minutes=rng.randrange(-40_000, 40_000))
        end = start + timedelta(minutes=rng.randrange(0, 200_000))
        assert sla.working_time_between(start, end) == by_definition(start, end), (start, end)
        assert sla.working_time_between(end, start) == -by_definition(start, end)
