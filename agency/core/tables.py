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

import django_tables2 as tables
from django.core.paginator import Page
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from . import object_links
from .exports import export_response

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


def export_table(request, table, export_format, name, sheet_title=None):
    """CSV or Excel of every row of the filtered table, in the order the page is sorted, formula-safe."""
    tables.RequestConfig(request, paginate=False).configure(table)
    header, rows = table.export_header_and_rows()
    return export_response(export_format, name, header, rows, sheet_title=sheet_title)


def selected_ids(request):
    """The ids ticked on a list (POST), as integers; anything else is ignored."""
    return sorted({int(value) for value in request.POST.getlist(SELECTED_FIELD) if value.isdigit()})
