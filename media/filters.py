"""The booking list's filters: the one place for them (the list and its exports)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Client
from agency.core.filters import ListFilter

from .models import Booking, Channel


def _visible_clients(request):
    return (
        Client.objects.visible_to(request.user).order_by("name").only("pk", "name")
        if request
        else Client.objects.none()
    )


class BookingFilter(ListFilter):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Booking.Status.choices, empty_label=_("All statuses")
    )
    client = django_filters.ModelChoiceFilter(
        label=_("Client"), queryset=_visible_clients, empty_label=_("All clients")
    )
    channel = django_filters.ChoiceFilter(
        label=_("Channel"), field_name="line__channel", choices=Channel.choices, empty_label=_("All channels")
    )

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(reference__icontains=value)
            | Q(line__vendor__icontains=value)
            | Q(line__vehicle__icontains=value)
            | Q(line__version__campaign__job_number__icontains=value)
        )
