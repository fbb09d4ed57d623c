"""The manager dashboard's and the home page's sections: the building blocks, and the registries every
app fills from its AppConfig.ready() with the sections whose data it reads.

Dashboard sections (the roof's page, agency/site/dashboard_views.py, shows them by `order`):

    register_section("complaints", complaints_section, order=80)    # AccountsConfig.ready()

`build(scope)` returns a Section (tables, and a chart drawn from them) or None. Every table is also a
CSV download; its slug starts with the section's ("complaints-sla"), which is how an export finds
the one section to build. `scope.clients` is the visible, filtered clients queryset and
`scope.campaigns` their campaigns: use them as subqueries (`client__in=scope.clients`), never as
lists, and keep each section to a fixed number of queries whatever the data size.

Home ("my day") sections:

    register_home_section(my_complaints_home_section)                # AccountsConfig.ready()

`fn(user, now)` returns None (nothing to show) or {"title": ..., "template": "app/_home_x.html",
"context": {...}}: the page shows the title as a card header and includes the template with `section`.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.contrib.auth import get_user_model

ROW_LIMIT = 100  # rows shown on the page per table; the CSV has them all


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
    links: list | None = None  # per row, where its first cell leads (the list of the rows behind it)
    # Per row, the object each cell names (a client, a campaign, a person) or None: the page links the name to
    # its page for a reader who may open it (agency/core/object_links.py); the CSV keeps the text.
    objects: list | None = None

    @property
    def shown_rows(self):
        """[(link or "", [(cell, object or None)])] of the rows the page shows."""
        links, objects = self.links or [], self.objects or []
        return [
            (
                links[i] if i < len(links) else "",
                list(zip(row, objects[i] if i < len(objects) else [None] * len(row), strict=True)),
            )
            for i, row in enumerate(self.shown)
        ]

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
    """`chart`: one chart; `charts`: several, as [(title, chart)], e.g. one per currency."""

    slug: str
    title: str
    tables: list
    chart: dict | None = None
    note: str = ""
    extra: dict = field(default_factory=dict)
    charts: list = field(default_factory=list)

    @property
    def chart_id(self):
        return f"chart-{self.slug}"

    @property
    def chart_list(self):
        """[{"id", "title", "config", "empty"}]: an empty chart (nothing in it but zeros) is shown as a
        sentence, not as bare axes."""
        found = [("", self.chart)] if self.chart else []
        found += [(title, config) for title, config in self.charts if config]
        return [
            {
                "id": self.chart_id if i == 0 else f"{self.chart_id}-{i}",
                "title": title,
                "config": config,
                "empty": not any(v for dataset in config["data"]["datasets"] for v in dataset["data"]),
            }
            for i, (title, config) in enumerate(found)
        ]


def person_name(first, last, username):
    return get_user_model()(first_name=first or "", last_name=last or "", username=username or "").__str__()


def chart(kind, labels, datasets, *, stacked=False, horizontal=False, counts=True, scale=None, links=None):
    """A Chart.js configuration; numbers as floats, since JSON has no decimals. `counts`: the value axis
    shows whole numbers only (no 0.5 campaigns); `scale`: (min, max) of the value axis, e.g. (1, 5)."""
    options = {"responsive": True, "maintainAspectRatio": False, "plugins": {"legend": {"position": "bottom"}}}
    value_axis, label_axis = ("x", "y") if horizontal else ("y", "x")
    value = {"beginAtZero": True}
    if counts:
        value["ticks"] = {"precision": 0}
    if scale:
        value["min"], value["max"] = scale
    options["scales"] = {value_axis: value, label_axis: {}}
    if stacked:
        options["scales"]["x"]["stacked"] = options["scales"]["y"]["stacked"] = True
    if horizontal:
        options["indexAxis"] = "y"
    config = {
        "type": kind,
        "data": {
            "labels": [str(label) for label in labels],
            "datasets": [{"label": str(label), "data": [float(v or 0) for v in data]} for label, data in datasets],
        },
        "options": options,
    }
    if links:  # static/js/charts.js opens it on a click: see link_pattern()
        config["links"] = links
    return config


def link_pattern(pattern, keys):
    """A chart's links as one URL (or one per dataset) with "{}" for each bar's key: [keys] per bar.
    The page carries each URL once, not once per bar and dataset (resolve_link reads one back)."""
    return {"pattern": pattern, "keys": [str(key) for key in keys]}


def resolve_link(links, dataset, bar):
    """The URL a click on bar `bar` of dataset `dataset` opens (as static/js/charts.js does)."""
    if isinstance(links, dict):
        pattern = links["pattern"][dataset] if isinstance(links["pattern"], list) else links["pattern"]
        return pattern.replace("{}", links["keys"][bar])
    return (links[dataset] if isinstance(links[0], list) else links)[bar]


# ── The registries ───────────────────────────────────────────────────────────


@dataclass(frozen=True)
class _Registered:
    slug: str
    build: object
    order: int


_sections = {}
_home_sections = []


def register_section(slug, build, *, order):
    """Add a dashboard section; registering a slug again replaces it."""
    _sections[slug] = _Registered(slug, build, order)


def sections(scope, only=None):
    """The registered sections for this scope, in order, each built once; `only`: just the one with that slug."""
    registered = sorted(_sections.values(), key=lambda s: s.order)
    if only is not None:
        registered = [s for s in registered if s.slug == only]
    return [section for s in registered if (section := s.build(scope)) is not None]


def register_home_section(build):
    if build not in _home_sections:
        _home_sections.append(build)


def home_sections(user, now):
    return [section for build in _home_sections if (section := build(user, now))]
