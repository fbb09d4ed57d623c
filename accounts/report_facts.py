"""Facts a status report gathers from the apps that build on accounts.

Accounts drafts the weekly and quarterly reports (accounts/services/status_reports.py), but campaigns
and media build on accounts, so briefs and media add what they know about the period from their
AppConfig.ready(). Each fact is a function of a ReportPeriod returning plain data (it is stored on the
report as JSON and rendered by templates/accounts/status_report_body.txt under its name):

    register_report_fact("air_dates", air_dates_for_report)   # MediaConfig.ready()
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

LOOK_AHEAD_DAYS = 14  # "coming up": deadlines and air dates in the next two weeks


@dataclass(frozen=True)
class ReportPeriod:
    client: object
    start: date
    end: date
    now: datetime

    @property
    def since(self):
        """The period's first moment."""
        return _start_of(self.start)

    @property
    def until(self):
        """The period's end, or now if it has not ended yet."""
        return min(_start_of(self.end + timedelta(days=1)), self.now)

    @property
    def today(self):
        return timezone.localdate(self.now)

    @property
    def horizon(self):
        """The last day that is coming up."""
        return self.today + timedelta(days=LOOK_AHEAD_DAYS)


def _start_of(day):
    return timezone.make_aware(datetime.combine(day, time.min))


_facts = {}


def register_report_fact(name, fact):
    """`fact(period)` returns the plain data the report shows under `name`."""
    _facts[name] = fact


def gather(period):
    return {name: fact(period) for name, fact in _facts.items()}
