"""The manager dashboard: what the viewer may see, across clients and teams, with CSV of every table.

The sections come from the apps whose data they read, registered in their AppConfig.ready()
(agency/core/dashboards.py); this page builds the scope they all read and shows them in order.
"""

from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.models import Client
from agency.core import dashboards
from agency.core.exports import csv_response
from briefs.models import Campaign, Stage

from .dashboard_figures import headline
from .dashboard_filters import DashboardFilter


def period_start(period, now):
    """The first day of the chosen period (last N days), or None for all time."""
    if not period:
        return None
    return timezone.localdate(now) - timedelta(days=int(period))


def scope_for(request, now=None, full=False):
    """The filter form and the Scope it gives. Invalid filters (a client this person may not see) give nothing."""
    now = now or timezone.now()
    filters = DashboardFilter(request.GET or None, queryset=Client.objects.visible_to(request.user), request=request)
    if filters.is_bound and not filters.is_valid():
        clients = Client.objects.none()
        since, person = None, False
        campaigns = Campaign.objects.none()
    else:
        clients = filters.qs
        data = filters.form.cleaned_data if filters.is_bound else {}
        since = period_start(data.get("period"), now)
        person = bool(data.get("team") or data.get("ae"))
        campaigns = Campaign.objects.filter(client__in=clients.values("pk"))
        campaigns = filters.campaigns(campaigns) if filters.is_bound else campaigns
        if since:
            # Campaigns that finished before the period are history, not this period's work.
            campaigns = campaigns.exclude(stage__in=[Stage.CLOSED, Stage.CANCELLED], stage_changed_at__date__lt=since)
    scope = dashboards.Scope(
        user=request.user,
        clients=clients,
        campaigns=campaigns,
        since=since,
        now=now,
        filtered_by_person=person,
        full=full,
    )
    return filters, scope


@login_required
@require_GET
def dashboard(request):
    filters, scope = scope_for(request)
    figures, change_since = [], None
    if not filters.is_bound or filters.is_valid():
        data = filters.form.cleaned_data if filters.is_bound else {}
        ids = {name: getattr(data.get(name), "pk", None) for name in ("client", "team", "ae")}
        figures, change_since = headline(scope, **ids)
    return render(
        request,
        "agency/dashboard.html",
        {
            "filters": filters,
            "figures": figures,
            "change_since": change_since,
            "sections": dashboards.sections(scope),
            "query": request.GET.urlencode(),
        },
    )


@login_required
@require_GET
def dashboard_export(request, table):
    """One dashboard table as CSV, with the same filters as the page."""
    _, scope = scope_for(request, full=True)
    for section in dashboards.sections(scope, only=table.split("-", 1)[0]):
        for candidate in section.tables:
            if candidate.slug == table:
                return csv_response(f"dashboard-{table}", candidate.header, candidate.rows)
    raise Http404("No such table.")
