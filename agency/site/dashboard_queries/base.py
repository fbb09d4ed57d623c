"""The dashboard's building blocks: the scope every section reads, tables, sections and charts."""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from briefs.models import Stage
from briefs.models.campaign import WORKING_STAGES
from media.models import Booking

ROW_LIMIT = 100  # rows shown on the page per table; the CSV has them all
DECISIONS_SHOWN = 100
LONGEST_WAITING = 10
ALL_STAGES = [*WORKING_STAGES, Stage.ON_HOLD, Stage.CLOSED, Stage.CANCELLED]
RUNNING = [*WORKING_STAGES, Stage.ON_HOLD]
ESCALATION_LABELS = {
    0: _("Not yet reminded"),
    1: _("Client reminded"),
    2: _("AE told"),
    3: _("Escalated to the supervisor"),
}
LIVE_BOOKINGS = [s for s in Booking.Status.values if s != Booking.Status.CANCELLED]
MOVE_ACTIONS = ("campaign.advanced", "campaign.held", "campaign.resumed", "campaign.cancelled")


@dataclass
class Scope:
    user: object
    clients: object  # queryset of visible, filtered clients
    campaigns: object  # queryset of their campaigns, filtered
    since: date | None
    now: datetime
    filtered_by_person: bool = False
    full: bool = False  # every row (for a CSV), not only what a page shows


@dataclass
class Table:
    slug: str
    title: str
    header: list
    rows: list
    limit: int = ROW_LIMIT

    @property
    def shown(self):
        return self.rows[: self.limit]

    @property
    def numeric(self):
        """Which columns hold numbers (right-aligned), judged from the first row."""
        if not self.rows:
            return [False] * len(self.header)
        return [isinstance(v, int | float | Decimal) and not isinstance(v, bool) for v in self.rows[0]]

    @property
    def columns(self):
        return list(zip(self.header, self.numeric, strict=True))


@dataclass
class Section:
    slug: str
    title: str
    tables: list
    chart: dict | None = None
    note: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def chart_id(self):
        return f"chart-{self.slug}"


def person_name(first, last, username):
    return get_user_model()(first_name=first or "", last_name=last or "", username=username or "").__str__()


def chart(kind, labels, datasets, *, stacked=False, horizontal=False):
    """A Chart.js configuration; numbers as floats, since JSON has no decimals."""
    options = {"responsive": True, "maintainAspectRatio": False, "plugins": {"legend": {"position": "bottom"}}}
    if stacked:
        options["scales"] = {"x": {"stacked": True}, "y": {"stacked": True}}
    if horizontal:
        options["indexAxis"] = "y"
    return {
        "type": kind,
        "data": {
            "labels": [str(label) for label in labels],
            "datasets": [{"label": str(label), "data": [float(v or 0) for v in data]} for label, data in datasets],
        },
        "options": options,
    }
