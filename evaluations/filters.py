"""The review list's filters: the one place for them (the list and its exports)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agency.core.filters import ListFilter

from . import access
from .models import Review


def _cycles(request):
    return access.cycles_visible_to(request.user).order_by("-id") if request else Review.objects.none()


class ReviewFilter(ListFilter):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Review.Status.choices, empty_label=_("All statuses")
    )
    cycle = django_filters.ModelChoiceFilter(label=_("Cycle"), queryset=_cycles, empty_label=_("All cycles"))

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(reviewee__first_name__icontains=value)
            | Q(reviewee__last_name__icontains=value)
            | Q(reviewee__username__icontains=value)
        )
