"""Read-side queries for the manager dashboard, a fixed number of SQL queries whatever the data size.

Everything starts from a Scope: the clients the viewer may see (Client.objects.visible_to), narrowed
by the filters, and the campaigns of those clients. Each section is a function `fn(scope)` returning a
Section (tables, and a chart drawn from the first table); every table is also a CSV download.

Other apps add sections by appending to EXTRA_SECTIONS (e.g. complaints and satisfaction, in their
AppConfig.ready()): a function `fn(scope)` returning a Section or None. `scope.clients` is the visible,
filtered clients queryset; use it as a subquery (`client__in=scope.clients`), never as a list.
"""

from datetime import timedelta

from django.utils import timezone

from .base import Scope, Section, Table
from .campaigns import bottlenecks_section, stages_section
from .decisions_and_people import decisions_section, reviews_section, workload_section
from .delivery import media_section
from .money import money_section

EXTRA_SECTIONS = []

SECTIONS = [
    stages_section,
    bottlenecks_section,
    decisions_section,
    money_section,
    media_section,
    workload_section,
    reviews_section,
]


def sections(scope, only=None):
    """Every section for this scope (or only the one whose slug is `only`), built-in then EXTRA_SECTIONS."""
    built = []
    for fn in [*SECTIONS, *EXTRA_SECTIONS]:
        if only and fn in SECTIONS and fn.__name__ != f"{only}_section":
            continue
        section = fn(scope)
        if section is not None and (not only or section.slug == only):
            built.append(section)
    return built


def period_start(period, now):
    """The first day of the chosen period (last N days), or None for all time."""
    if not period:
        return None
    return timezone.localdate(now) - timedelta(days=int(period))


__all__ = ["EXTRA_SECTIONS", "SECTIONS", "Scope", "Section", "Table", "period_start", "sections"]
