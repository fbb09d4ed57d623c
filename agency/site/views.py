"""The home page (my day) and the benchmarks' reference page."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.shortcuts import render

from . import home_queries


@login_required
def home(request):
    clients, more_clients = home_queries.my_clients_with_campaigns(request.user)
    context = {
        "clients": clients,
        "more_clients": more_clients,
        **home_queries.my_day(request.user),
        **home_queries.role_sections(request.user),
    }
    return render(request, "agency/home.html", context)


def bench_bare(request):
    """The floor for benchmarks: Django rendering a 50-row template, no database, no login."""
    rows = [{"number": i, "name": f"Row {i}", "amount": i * 1000} for i in range(50)]
    return render(request, "agency/bench_bare.html", {"rows": rows})


# The fair floors (bench/run.py): what any Django page behind a login does with a plain table of
# 100,000 rows (bench_floor_row, created and filled by the bench, never by a migration).
FLOOR_TABLE = "bench_floor_row"


@login_required
def bench_list_floor(request):
    """The list floor: 50 of 100,000 rows and their COUNT, through a template, behind a login."""
    page = int(request.GET.get("page", 1))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {FLOOR_TABLE}")  # noqa: S608 (a constant)
        total = cursor.fetchone()[0]
        cursor.execute(
            f"SELECT id, name, category, amount, created_on FROM {FLOOR_TABLE} ORDER BY id LIMIT 50 OFFSET %s",  # noqa: S608
            [(page - 1) * 50],
        )
        rows = [dict(zip(("number", "name", "category", "amount", "created_on"), r, strict=True)) for r in cursor]
    return render(request, "agency/bench_floor.html", {"rows": rows, "total": total})


@login_required
def bench_aggregate_floor(request):
    """The aggregate floor: a GROUP BY over all 100,000 rows, through a template, behind a login."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT category, COUNT(*), SUM(amount), MIN(created_on), MAX(created_on) FROM {FLOOR_TABLE} "  # noqa: S608
            "GROUP BY category ORDER BY category"
        )
        rows = [dict(zip(("name", "number", "amount", "created_on", "category"), r, strict=True)) for r in cursor]
    return render(request, "agency/bench_floor.html", {"rows": rows, "total": len(rows)})
