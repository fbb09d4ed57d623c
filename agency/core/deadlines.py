"""The deadline registry: what is due, written once per kind by the app that owns it.

An app describes each kind of due item once and registers it in its AppConfig.ready():

    CHECKLIST = deadlines.DeadlineKind(
        name="checklist",                    # also the reminder rule: ledger keys start with it
        label=_("Checklist steps"),
        rows=open_steps,                     # rows(now): the open rows, with what item() reads joined in
        due_field="due_date",                # a DateField or DateTimeField of those rows
        item=step_item,                      # item(row, now) -> DueItem(what=..., where=..., owner=...)
        key="step",                          # item keys "step:42", calendar UIDs "step-42"
        owned_by=lambda user: Q(owner=user),  # the default
        client_field="campaign__client",
    )
    deadlines.register(CHECKLIST)

The kind fills in what every item has the same way: `kind`, `key`, `uid`, `due` (the row's due_field)
and `row`; `item` says the rest.

Everything that asks "what is due" reads the same DueItems from here, one SQL query per kind whatever
the number of rows (select_related in `rows`, never a query per row in `item`):
- the reminder sweep (agency/core/reminders.py): by default the engine's ladder (due soon, overdue each
  business day, the lead told) over the items in its window; or the kind's own `remind(now)`;
- the reminders overview and its CSV export: what needs attention on the clients a person may see;
- the home page ("my day"): a person's own items, overdue or due soon;
- the private calendar feeds (agency/core/reminder_calendar.py): an event per item, UID `item.uid`.

Scopes: `owner` (a person's own items: `owned_by`), `client` (one client's: `client_field`, or
`of_client`), `viewer` (what a person may see: the rows' `visible_to`, or the kind's own rule).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, DateTimeField, F, Q

from .calendar import add_business_days, local_date, start_of_day


@dataclass
class DueItem:
    """One thing that is due, as every page, feed and reminder shows it."""

    kind: str = ""  # the kind's name
    key: str = ""  # stable, e.g. "step:42": running installations hold reminder-ledger keys built from it
    due: date | datetime | None = None  # a date on the agency's calendar, or a moment (a link's expiry, a clock)
    what: Any = ""  # e.g. the step's label (may be lazy: shown in the reader's language)
    where: Any = ""  # e.g. the campaign
    owner: Any = None  # who is reminded
    lead: Any = None  # who hears when the owner is late (the engine's ladder), if not the owner
    client: Any = None  # None keeps the item off client calendars and the client's communication log
    related: Any = None  # what the reminder ledger files it under
    url: str = ""  # where to act on it (a path)
    uid: str = ""  # the calendar event's UID before "@domain", e.g. "step-42": calendar apps know these
    title: str = ""  # the calendar event's title, in the language active when the item was built
    note: str = ""  # a short status for the overview, e.g. how far up its ladder a decision has gone
    row: Any = None  # the model row, for the kind's own reminders
    overdue: bool = False  # as of the moment the registry read it

    @property
    def due_date(self):
        """The due date on the agency's calendar (a moment's date in the agency's time zone)."""
        return local_date(self.due) if isinstance(self.due, datetime) else self.due

    @property
    def kind_label(self):
        return label(self.kind)

    @property
    def has_time(self):
        return isinstance(self.due, datetime)

    def is_overdue(self, now, today=None):
        if self.has_time:
            return self.due < now
        return self.due < (today or local_date(now))

    @property
    def due_moment(self):
        """For ordering dates and moments together: a date counts from the start of its day."""
        return self.due if self.has_time else start_of_day(self.due)


def _owner(user):
    return Q(owner=user)


@dataclass(frozen=True)
class DeadlineKind:
    """A kind of due item: how to find its open rows, scope them, turn one into a DueItem, remind of it."""

    name: str
    label: Any  # plural, translated: "Checklist steps"
    rows: Callable  # rows(now) -> QuerySet of the open rows
    due_field: str
    item: Callable  # item(row, now) -> DueItem; the kind fills in kind, key, uid, due and row
    # Item keys are "<key>:<pk>" (reminder-ledger keys of running installations are built from them) and
    # calendar UIDs "<uid>-<pk>" (calendar apps know them): never change either.
    key: str
    uid: str = ""  # default: key
    owned_by: Callable = _owner  # owned_by(user) -> Q
    # The id of the item's owner as SQL sees it (a path or an expression on the rows): what item().owner is,
    # so that the team's overdue items are counted by person in the database, and a sweep can leave out rows
    # whose one reminder before the due date is recorded (reminders.without_reminded_upcoming).
    owner_field: Any = "owner"
    client_field: str | None = "client"  # None: no client; the kind is on no client calendar
    of_client: Callable | None = None  # of_client(rows, client) -> rows; default: filter on client_field
    visible_to: Callable | None = None  # visible_to(rows, user) -> rows; default: rows.visible_to(user)
    # What the overview lists: default, due within this many business days or overdue.
    warn_business_days: int = 1
    attention: Callable | None = None  # attention(rows, now) -> rows, instead of the default
    remind: Callable | None = None  # remind(now) -> Dues, instead of the engine's ladder
    order: int = 100  # where its section comes on the pages

    def __str__(self):
        return str(self.label)

    def _due_on_moments(self, model):
        """Whether due_field is a moment (DateTimeField) rather than a date."""
        for part in self.due_field.split("__"):
            model_field = model._meta.get_field(part)
            model = model_field.related_model or model
        return isinstance(model_field, DateTimeField)

    def _due_between(self, rows, since, until):
        """Rows due from `since` to `until` (dates, both included; either may be None). On a moment column
        a date is its whole day in the agency's time zone."""
        moments = self._due_on_moments(rows.model)
        if since is not None:
            rows = rows.filter(**{f"{self.due_field}__gte": start_of_day(since) if moments else since})
        if until is not None and moments:
            rows = rows.filter(**{f"{self.due_field}__lt": start_of_day(until + timedelta(days=1))})
        elif until is not None:
            rows = rows.filter(**{f"{self.due_field}__lte": until})
        return rows

    def select(self, *, now, since=None, until=None, owner=None, client=None, viewer=None, attention=False):
        """The open rows due from `since` to `until`, in the scopes given, by due date; with `attention`,
        only what the kind's reminders chase now (by default: overdue, or due within warn_business_days)."""
        rows = self._due_between(self.rows(now), since, until)
        if owner is not None:
            rows = rows.filter(self.owned_by(owner))
        if client is not None and self.of_client is not None:
            rows = self.of_client(rows, client)
        elif client is not None:
            rows = rows.none() if self.client_field is None else rows.filter(**{self.client_field: client})
        if viewer is not None:
            rows = self.visible_to(rows, viewer) if self.visible_to is not None else rows.visible_to(viewer)
        if attention and self.attention is not None:
            rows = self.attention(rows, now)
        elif attention:
            rows = self._due_between(rows, None, add_business_days(local_date(now), self.warn_business_days))
        return rows.order_by(self.due_field, "pk")

    def overdue_by_owner(self, *, now, today, owners, **scope):
        """How many of select(until=today, ...) are overdue (DueItem.is_overdue(now, today)), per owner id
        among `owners` (a queryset of users): a grouped query, as a values queryset of (person, n)."""
        rows = self.select(now=now, until=today, **scope)
        overdue = now if self._due_on_moments(rows.model) else today
        owner = F(self.owner_field) if isinstance(self.owner_field, str) else self.owner_field
        return (
            rows.filter(**{f"{self.due_field}__lt": overdue})
            .annotate(person=owner)
            .filter(person__in=owners.order_by().values("pk"))
            .order_by()
            .values("person")
            .annotate(n=Count("pk"))
        )

    def items(self, *, now, limit=None, **scope):
        """DueItems for select(...), at most `limit`: one query."""
        rows = self.select(now=now, **scope)
        if limit is not None:
            rows = rows[:limit]
        return [self.item_for(row, now) for row in rows]

    def iter_items(self, *, now, narrow=None, **scope):
        """Like items(), streamed in chunks: for the sweep, which may see many. `narrow(rows)` may leave
        rows out before they are read."""
        rows = self.select(now=now, **scope)
        if narrow is not None:
            rows = narrow(rows)
        return (self.item_for(row, now) for row in rows.iterator(chunk_size=500))

    def item_for(self, row, now):
        """The DueItem of one of the kind's rows (for a kind's own reminders too)."""
        item = self.item(row, now)
        item.kind, item.row = self.name, row
        item.key, item.uid = f"{self.key}:{row.pk}", f"{self.uid or self.key}-{row.pk}"
        item.due = row
        for part in self.due_field.split("__"):
            item.due = getattr(item.due, part)
        item.overdue = item.is_overdue(now)
        return item


_kinds = {}


def register(*kinds):
    """Apps call this in AppConfig.ready(). Registering a name again replaces the kind."""
    for kind in kinds:
        _kinds[kind.name] = kind


def kinds():
    """Every registered kind, in page order."""
    return sorted(_kinds.values(), key=lambda kind: (kind.order, kind.name))


def get(name):
    return _kinds[name]


def label(name):
    """The translated label of a kind (a reminder rule), or the name itself for one no longer registered."""
    kind = _kinds.get(name)
    return kind.label if kind is not None else name


def items_by_kind(*, now, limit=None, **scope):
    """[(kind, [DueItem])] for every kind, in the scopes given: one query per kind."""
    return [(kind, kind.items(now=now, limit=limit, **scope)) for kind in kinds()]


def overdue_by_owner(*, now, today, owners, **scope):
    """{owner id: number of their overdue items} over every kind, for the people in `owners` (a queryset of
    users), in the scopes given: one query (a grouped count per kind, joined by UNION ALL)."""
    parts = [kind.overdue_by_owner(now=now, today=today, owners=owners, **scope) for kind in kinds()]
    if not parts:
        return {}
    counts = {}
    for row in parts[0].union(*parts[1:], all=True):
        counts[row["person"]] = counts.get(row["person"], 0) + row["n"]
    return counts


def due_items(*, now, limit=None, **scope):
    """Every kind's items in one list, by due moment (kinds in page order on the same day)."""
    found = [item for _kind, items in items_by_kind(now=now, limit=limit, **scope) for item in items]
    return sorted(found, key=lambda item: item.due_moment)
