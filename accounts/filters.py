"""The complaint list's filters: the one place for them (the list, its exports and the dashboard's links)."""

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agency.core.filters import ListFilter

from .models import Client, Complaint
from .queries import past_their_clock

OPEN, ALL = "open", "all"


def _visible_clients(request):
    return (
        Client.objects.visible_to(request.user).order_by("name").only("pk", "name")
        if request
        else Client.objects.none()
    )


class ComplaintFilter(ListFilter):
    """Open complaints unless asked otherwise (`?status=all`, or one status)."""

    status = django_filters.ChoiceFilter(
        label=_("Show"),
        choices=[(OPEN, _("Open")), (ALL, _("All")), *Complaint.Status.choices],
        empty_label=None,
        method="filter_status",
    )
    client = django_filters.ModelChoiceFilter(
        label=_("Client"), queryset=_visible_clients, empty_label=_("All clients")
    )
    # The dashboard's "complaints past their clock" figure lists these.
    breached = django_filters.BooleanFilter(
        label=_("Past their answer clock"), widget=forms.CheckboxInput, method="filter_breached"
    )

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else {}
        data.setdefault("status", OPEN)
        super().__init__(data, *args, **kwargs)

    def filter_breached(self, queryset, name, value):
        return past_their_clock(queryset, timezone.now()) if value else queryset

    def filter_status(self, queryset, name, value):
        if value == OPEN:
            return queryset.open()
        if value == ALL:
            return queryset
        return queryset.filter(status=value)
