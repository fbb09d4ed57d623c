"""The answer clock: the agency's working hours (09:00–18:00), working days of its calendar."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from accounts import sla

SHANGHAI = ZoneInfo("Asia/Shanghai")
UTC = ZoneInfo("UTC")


def at(*args, tz=SHANGHAI):
    return datetime(*args, tzinfo=tz)


@pytest.mark.parametrize(
    ("received", "priority", "due"),
    [
        # Friday 17:00: one working hour left on Friday, the rest on Monday.
        (at(2026, 11, 27, 17, 0), "urgent", at(2026, 11, 30, 17, 0)),
        (at(2026, 11, 27, 17, 0), "complex", at(2026, 12, 1, 17, 0)),
        # The same moment written in UTC is the same deadline.
        (at(2026, 11, 27, 9, 0, tz=UTC), "urgent", at(2026, 11, 30, 17, 0)),
        # Received at the weekend or before opening: the clock starts at the next opening.
        (at(2026, 11, 28, 10, 0), "urgent", at(2026, 11, 30, 18, 0)),
        (at(2026, 11, 30, 7, 30), "urgent", at(2026, 11, 30, 18, 0)),
        # After closing on Friday evening: from Monday 09:00.
        (at(2026, 11, 27, 19, 0), "complex", at(2026, 12, 1, 18, 0)),
        # National Day week (1–7 October 2026) is skipped.
        (at(2026, 9, 30, 17, 0), "urgent", at(2026, 10, 8, 17, 0)),
        (at(2026, 9, 30, 17, 0), "complex", at(2026, 10, 9, 17, 0)),
        # Saturday 10 October 2026 is a make-up working day: the clock runs on it.
        (at(2026, 10, 9, 17, 0), "urgent", at(2026, 10, 10, 17, 0)),
    ],
)
def test_it_computes_the_answer_deadline_in_working_hours(received, priority, due):
    assert sla.respond_by(received, priority) == due


def test_it_warns_when_three_quarters_of_the_time_are_gone():
    # 9 working hours × 3/4 = 6 h 45 min: 1 h on Friday, 5 h 45 min on Monday.
    assert sla.warn_at(at(2026, 11, 27, 17, 0), "urgent") == at(2026, 11, 30, 14, 45)


def test_it_counts_only_working_time_between_two_moments():
    assert sla.working_time_between(at(2026, 11, 27, 17, 0), at(2026, 11, 30, 10, 0)) == timedelta(hours=2)
    assert sla.working_time_between(at(2026, 11, 30, 10, 0), at(2026, 11, 27, 17, 0)) == -timedelta(hours=2)
    assert sla.working_time_between(at(2026, 11, 28, 10, 0), at(2026, 11, 29, 20, 0)) == timedelta(0)
