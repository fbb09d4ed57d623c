"""Filters of the floor's own lists (the outbox, decisions waiting): the one place for them."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import OutboxMessage


class OutboxFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=OutboxMessage.Status.choices, empty_label=_("All statuses")
    )

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(subject__icontains=value) | Q(to_email__icontains=value) | Q(to_name__icontains=value))


class DecisionWaitingFilter(django_filters.FilterSet):
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
