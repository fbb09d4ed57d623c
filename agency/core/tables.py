"""The one table component for every list: sortable headers, filters and sort in the URL, pages that keep
them, exports of the filtered rows and the rows a person ticked.

An app describes its list as a `Table` (columns) and a django-filter `FilterSet` (the list's filters, the one
place for them). `list_page()` does the rest the same way everywhere:

    filters = CampaignFilter(request.GET, queryset=queries.campaign_list(request.user), request=request)
    context = list_page(request, CampaignTable(filters.qs), filters)

Sorting is always the database's (`order_by`), so a sorted page costs the same queries as an unsorted one;
a column that is not a database field is not sortable. Exports go through `agency.core.exports`, so no
cell can run as a formula.
"""

import datetime
import inspect
import re
from decimal import Decimal
from functools import partialmethod

import django_tables2 as tables
from django.core.paginator import Page
from django.db import models
from django.db.models import QuerySet
from django.template import Context, Template
from django.template.base import render_value_in_context
from django.template.defaultfilters import date as date_filter
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext_lazy as _
from django_tables2.utils import signature

from . import object_links
from .exports import rows_sheet, sheet_response

SORT_FIELD = "sort"  # ?sort=-budget; the field name every list shares
PAGE_FIELD = "page"
SELECTED_FIELD = "selected"  # the ticked rows' ids, posted to a list's bulk action


class Table(tables.Table):
    """A list in the house style: `partials/table.html` (headers with aria-sort, its own scrolling box)."""

    class Meta:
        template_name = "partials/table.html"
        attrs = {"class": "table table-sm table-hover align-middle"}
        order_by_field = SORT_FIELD
        page_field = PAGE_FIELD
        per_page = 25
        empty_text = _("Nothing matches.")

    def body_rows(self):
        """The shown rows as HTML, one `<tr>` each, the same cells django-tables2's BoundRow renders.

        BoundRow works out for every cell again how to read and render it (the accessor's fallbacks, the
        render method's signature, a date column's template compiled anew); here that is done once per
        column (`_cell_maker`), and a cell costs its value and its render method."""
        makers = [(column.attrs["td"].as_html(), _cell_maker(self, column)) for column in self.columns]
        rows = []
        for row in self.paginated_rows:
            attrs = row.attrs.as_html() if self.row_attrs else f'class="{"odd" if row.row_counter % 2 else "even"}"'
            cells = "".join([f"<td {td}>{make(row)}</td>" for td, make in makers])
            rows.append(mark_safe(f"<tr {attrs}>{cells}</tr>"))  # noqa: S308 (every cell escaped by _cell_maker)
        return rows

    def link(self, obj, text=None):
        """A name in a cell, linked to its page for a reader who may open it (agency/core/object_links.py)."""
        return object_links.link_to(getattr(self, "request", None), obj, text)

    def export_header_and_rows(self):
        """The header and rows of every filtered row (not one page), as the page shows them, without the
        tick boxes."""
        values = self.as_values(exclude_columns=[c.name for c in self.columns if isinstance(c.column, SelectColumn)])
        return next(values), values


class SelectColumn(tables.Column):
    """A tick box per row for bulk actions; the header names it for screen readers."""

    def __init__(self, **kwargs):
        kwargs.setdefault("accessor", "pk")
        kwargs.setdefault("verbose_name", _("Select"))
        kwargs.setdefault("orderable", False)
        kwargs.setdefault("exclude_from_export", True)
        kwargs.setdefault("attrs", {"th": {"class": "select-column"}, "td": {"class": "select-column"}})
        super().__init__(**kwargs)

    def render(self, value):
        return format_html(
            '<input type="checkbox" class="form-check-input row-select" name="{}" value="{}" form="bulk-form" '
            'aria-label="{}">',
            SELECTED_FIELD,
            value,
            _("Select this row"),
        )


def list_page(request, table, filters=None, *, per_page=None):
    """Sort and paginate `table` from the URL; the context every list template shares.

    `page` is the page of records (not of rendered rows), as the pages had before the component."""
    tables.RequestConfig(request, paginate={"per_page": per_page or table._meta.per_page}).configure(table)
    page = Page([row.record for row in table.page.object_list], table.page.number, table.paginator)
    return {"table": table, "filters": filters, "page": page}


def table_sheet(request, table, name, sheet_title=None):
    """Every row of the filtered table, in the order the page is sorted, as a Sheet (one COUNT query now;
    the rows are read when it is written). `request` may be the worker's stand-in (export_jobs.py)."""
    tables.RequestConfig(request, paginate=False).configure(table)
    header, rows = table.export_header_and_rows()
    data = table.data.data  # counted in the database, not read: a long export is read by the worker
    total = data.count() if isinstance(data, QuerySet) else len(data)
    return rows_sheet(name, header, rows, total=total, sheet_title=sheet_title)


def export_table(request, table, export_format, name, sheet_title=None):
    """CSV or Excel of every row of the table, written now (the ticked rows of a page)."""
    return sheet_response(table_sheet(request, table, name, sheet_title), export_format)


def selected_ids(request):
    """The ids ticked on a list (POST), as integers; anything else is ignored."""
    return sorted({int(value) for value in request.POST.getlist(SELECTED_FIELD) if value.isdigit()})


# ── One column's cells, worked out once per table (Table.body_rows) ──────────────────────────────────

_CELL_CONTEXT = Context(autoescape=True)  # what `{{ cell }}` in partials/table.html does: localize, escape
_LOCALIZED = (Decimal, float, int, datetime.date, datetime.time)  # what a template localizes (a datetime is a date)


_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"})  # html.escape's


def as_html(value):
    """`{{ value }}` in a template: localized, then escaped unless safe already, as a plain str to join into
    more HTML. Text, a model row or a safe string take a few calls, not the template engine's dozens (a list
    writes hundreds of them)."""
    if isinstance(value, _LOCALIZED) and not isinstance(value, bool):
        return render_value_in_context(value, _CELL_CONTEXT)
    if hasattr(value, "__html__"):
        return value.__html__()
    return str(value).translate(_ESCAPES)


_DATE_TEMPLATE = re.compile(r'^\{\{ value\|date:"(?P<format>[^"]+)"\|default:default \}\}$')
_CELL_ARGUMENTS = ("value", "record", "column", "bound_column", "bound_row", "table")


_SAME_FOR_SAME_VALUE = "same"


def _choices_display(field, owner, name):
    """Whether a cell shows `owner.get_<name>_display()` (a field with choices, as django-tables2 does), and
    `_SAME_FOR_SAME_VALUE` when that is Django's own, which depends on the value alone (each call
    translates every label of the field again: once a value is enough)."""
    if not getattr(field, "choices", None) or not isinstance(owner, models.Model):
        return False
    display = inspect.getattr_static(type(owner), f"get_{name}_display", None)
    if display is None:
        return False
    return _SAME_FOR_SAME_VALUE if isinstance(display, partialmethod) else True


def _cell_maker(table, bound_column):
    """A function of a BoundRow that returns this column's cell as escaped HTML, as
    `{{ cell }}` over BoundRow.get_cell() would. Anything unusual (a link, callable cell attributes, records
    that are not model rows, a missing attribute) takes django-tables2's own way, cell by cell."""
    column = bound_column.column
    name = bound_column.name

    def slow(row):
        return as_html(row.get_cell(name))

    attrs = {**table.attrs, **column.attrs}
    td = attrs.get("td", attrs.get("cell", {}))
    if (
        bound_column.link
        or column.localize is not None
        or any(callable(v) for v in td.values())
        or isinstance(column, tables.ManyToManyColumn | tables.columns.linkcolumn.BaseLinkColumn)
    ):
        return slow

    render = bound_column.render
    default = bound_column.default
    empty_values = column.empty_values
    path, _, last = bound_column.accessor.rpartition("__")
    path = path.split("__") if path else []
    choices = {}  # record class -> does the accessor end on a field with choices (shown by its display)?
    labels = {}  # a choice's value -> its display, when that is Django's own get_FOO_display

    date_format = template = None
    if isinstance(column, tables.TemplateColumn) and render == column.render:
        kind = type(column)
        if kind.render is not tables.TemplateColumn.render or column.extra_context or not column.template_code:
            return slow
        if kind.get_context_data is not tables.TemplateColumn.get_context_data:
            return slow
        match = _DATE_TEMPLATE.match(column.template_code)
        if match:  # DateColumn, DateTimeColumn: `{{ value|date:"..."|default:default }}`, in Python
            date_format = match["format"]
        else:
            template = Template(column.template_code)  # compiled once, not once a cell
    plain = render == column.render and type(column).render is tables.Column.render  # the value as it is
    if not plain:
        wanted, catch_all = signature(render)
        if not catch_all and any(arg not in _CELL_ARGUMENTS for arg in wanted):
            return slow

    def make(row):
        record = row._record
        if not isinstance(record, models.Model):
            return slow(row)
        owner = record
        try:
            for bit in path:
                owner = getattr(owner, bit)
                if not isinstance(owner, models.Model):
                    return slow(row)  # a null relation (the default) or something not a row
            value = getattr(owner, last)
        except AttributeError:
            return slow(row)
        if callable(value):
            return slow(row)
        kind = type(record)
        if kind not in choices:
            choices[kind] = _choices_display(bound_column.accessor.get_field(kind), owner, last)
        if choices[kind]:
            display = getattr(owner, f"get_{last}_display")
            if choices[kind] == _SAME_FOR_SAME_VALUE and isinstance(value, str | int):
                if value not in labels:
                    labels[value] = display()
                value = labels[value]
            else:
                value = display()
        if date_format is not None:
            text = date_filter(template_localtime(value), date_format) if value else ""
            return as_html(text or default)
        if value in empty_values:
            return as_html(default)
        if template is not None:
            context = {"default": default, "column": bound_column, column.context_object_name: record}
            context.update(value=value, row_counter=row.row_counter, request=getattr(table, "request", None))
            return as_html(template.render(Context(context)))
        if plain:
            return as_html(value)
        given = {
            "value": value,
            "record": record,
            "column": column,
            "bound_column": bound_column,
            "bound_row": row,
            "table": table,
        }
        if not catch_all:
            given = {arg: given[arg] for arg in wanted}
        return as_html(render(**given))

    return make
