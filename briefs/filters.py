"""The campaign list's filters: the one place for them (the list, its exports and the dashboard's links)."""

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Client
from agency.core.filters import ListFilter
from agency.core.models import ACCOUNT_TITLES

from .models import Stage
from .models.campaign import WORKING_STAGES
from .queries import ACTIVE


def _visible_clients(request):
    return (
        Client.objects.visible_to(request.user).order_by("name").only("pk", "name")
        if request
        else Client.objects.none()
    )


def _account_people(request):
    people = get_user_model().objects.filter(is_active=True, title__in=ACCOUNT_TITLES).order_by("first_name")
    return people.only("pk", "first_name", "last_name", "username")  # what a choice shows (str(user))


class CampaignFilter(ListFilter):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    client = django_filters.ModelChoiceFilter(
        label=_("Client"), queryset=_visible_clients, empty_label=_("All clients")
    )
    stage = django_filters.ChoiceFilter(
        label=_("Stage"),
        choices=[(ACTIVE, _("Running (brief to evaluation)")), *Stage.choices],
        empty_label=_("All stages"),
        method="filter_stage",
    )
    lead_ae = django_filters.ModelChoiceFilter(
        label=_("Lead AE"), queryset=_account_people, empty_label=_("Any lead AE")
    )
    # The dashboard's links: its money figure per currency, its team filter (the head of a team and
    # everyone below them). Hidden on the page; kept in the URL.
    currency = django_filters.CharFilter(label=_("Currency"), method="filter_currency", widget=forms.HiddenInput)
    team = django_filters.ModelChoiceFilter(
        label=_("Team"), queryset=_account_people, method="filter_team", widget=forms.HiddenInput
    )

    def filter_stage(self, queryset, name, value):
        return queryset.filter(stage__in=WORKING_STAGES) if value == ACTIVE else queryset.filter(stage=value)

    def filter_currency(self, queryset, name, value):
        return queryset.filter(currency=value.strip().upper()[:3])

    def filter_team(self, queryset, name, head):
        people = get_user_model().objects
        return queryset.filter(Q(lead_ae=head) | Q(lead_ae__in=people.reports_of(head).values("pk")))

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(job_number__icontains=value) | Q(name__icontains=value)) if value else queryset
