"""The home page (my day) and the benchmarks' reference page."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from . import home_queries


@login_required
def home(request):
    clients = home_queries.my_clients_with_campaigns(request.user)
    context = {"clients": clients, **home_queries.my_day(request.user), **home_queries.role_sections(request.user)}
    return render(request, "agency/home.html", context)


def bench_bare(request):
    """The floor for benchmarks: Django rendering a 50-row template, no database, no login."""
    rows = [{"number": i, "name": f"Row {i}", "amount": i * 1000} for i in range(50)]
    return render(request, "agency/bench_bare.html", {"rows": rows})
