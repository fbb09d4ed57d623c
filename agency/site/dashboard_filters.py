"""The manager dashboard's filters: period, client, team, AE (django-filter over the visible clients)."""

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from accounts.models import AccountTeamMember, Client
from agency.core.models import ACCOUNT_TITLES

PERIODS = [("30", _("Last 30 days")), ("90", _("Last 90 days")), ("365", _("Last 12 months"))]


def _attrs(attrs):
    """As django/forms/widgets/attrs.html writes them."""
    return format_html_join(
        "", " {}{}", ((name, "" if value is True else format_html('="{}"', value)) for name, value in attrs.items()
                      if value is not False)
    )  # fmt: skip


class Select(forms.Select):
    """The same <select> as Django's, written in Python: Django includes a template per option, and the
    client and AE lists have hundreds (a fifth of the dashboard's time went to them). Named Select so that
    crispy-forms gives it the same class ("select form-select")."""

    def _render(self, template_name, context, renderer=None):
        widget = context["widget"]
        if any(group_name for group_name, _choices, _index in widget["optgroups"]):
            return super()._render(template_name, context, renderer)
        options = format_html_join(
            "",
            '\n  <option value="{}"{}>{}</option>',
            ((option["value"], _attrs(option["attrs"]), option["label"])
             for _name, choices, _index in widget["optgroups"] for option in choices),
        )  # fmt: skip
        return format_html('<select name="{}"{}>{}\n</select>', widget["name"], _attrs(widget["attrs"]), options)


def visible_clients(request):
    return Client.objects.visible_to(request.user).order_by("name") if request else Client.objects.none()


def team_heads(request):
    """People with someone reporting to them: each heads a team."""
    return get_user_model().objects.filter(is_active=True, reports__isnull=False).distinct()


def account_people(request):
    return get_user_model().objects.filter(is_active=True, title__in=ACCOUNT_TITLES)


def group_of(head):
    """The head of a team and everyone below them, as a subquery of ids."""
    return get_user_model().objects.filter(Q(pk=head.pk) | Q(pk__in=get_user_model().objects.reports_of(head)))


class DashboardFilter(django_filters.FilterSet):
    """Narrows the visible clients. The campaign-level narrowing (lead AE, team, period) is in campaigns()."""

    period = django_filters.ChoiceFilter(
        label=_("Period"), choices=PERIODS, empty_label=_("All time"), method="keep_all", widget=Select
    )
    client = django_filters.ModelChoiceFilter(
        label=_("Client"),
        queryset=visible_clients,
        method="filter_client",
        empty_label=_("All clients"),
        widget=Select,
    )
    team = django_filters.ModelChoiceFilter(
        label=_("Team"), queryset=team_heads, method="filter_team", empty_label=_("All teams"), widget=Select
    )
    ae = django_filters.ModelChoiceFilter(
        label=_("AE"), queryset=account_people, method="filter_ae", empty_label=_("Everyone"), widget=Select
    )

    class Meta:
        model = Client
        fields = ["period", "client", "team", "ae"]

    def keep_all(self, queryset, name, value):
        return queryset

    def filter_client(self, queryset, name, value):
        return queryset.filter(pk=value.pk)

    def filter_team(self, queryset, name, value):
        members = AccountTeamMember.objects.filter(user__in=group_of(value).values("pk"))
        return queryset.filter(pk__in=members.values("client_id"))

    def filter_ae(self, queryset, name, value):
        return queryset.filter(pk__in=AccountTeamMember.objects.filter(user=value).values("client_id"))

    def campaigns(self, campaigns):
        """The campaigns of the filtered clients, narrowed to the chosen team's or AE's own."""
        data = self.form.cleaned_data
        if data.get("team"):
            campaigns = campaigns.filter(lead_ae__in=group_of(data["team"]).values("pk"))
        if data.get("ae"):
            campaigns = campaigns.filter(lead_ae=data["ae"])
        return campaigns
