"""The campaign list's filters: the one place for them (the list, its exports and the dashboard's links)."""

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Client
from agency.core.models import ACCOUNT_TITLES

from .models import Stage


def _visible_clients(request):
    return Client.objects.visible_to(request.user).order_by("name") if request else Client.objects.none()


def _account_people(request):
    return get_user_model().objects.filter(is_active=True, title__in=ACCOUNT_TITLES).order_by("first_name")


class CampaignFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    client = django_filters.ModelChoiceFilter(
        label=_("Client"), queryset=_visible_clients, empty_label=_("All clients")
    )
    stage = django_filters.ChoiceFilter(label=_("Stage"), choices=Stage.choices, empty_label=_("All stages"))
    lead_ae = django_filters.ModelChoiceFilter(
        label=_("Lead AE"), queryset=_account_people, empty_label=_("Any lead AE")
    )

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(job_number__icontains=value) | Q(name__icontains=value)) if value else queryset
