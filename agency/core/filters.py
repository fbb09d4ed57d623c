"""Filters of the floor's own lists (the outbox, decisions waiting): the one place for them."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import OutboxMessage


class ListFilter(django_filters.FilterSet):
    """A list's filters. A filter that cannot be read (a client one may not see, a stage that does not
    exist) lists nothing and the form says why: never every row as if it had not been asked."""

    def filter_queryset(self, queryset):
        if self.is_bound and not self.form.is_valid():
            return queryset.none()
        return super().filter_queryset(queryset)


class OutboxFilter(ListFilter):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=OutboxMessage.Status.choices, empty_label=_("All statuses")
    )

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(subject__icontains=value) | Q(to_email__icontains=value) | Q(to_name__icontains=value))


class DecisionWaitingFilter(ListFilter):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), field_name="decision_kind", choices=[], empty_label=_("All kinds")
    )

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["kind"].extra["choices"] = list(kinds)

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(document_title__icontains=value) | Q(client__name__icontains=value) | Q(contact__name__icontains=value)
        )
