"""Benchmark: Python function calls (cProfile) of the media plan page of the seeded bench's 1,000-line
plan, and of its competitor-separation check alone (every line's messages, and as the page asks: the
messages of its first page of lines and the whole plan's count). Function calls do not change with the machine's
load, unlike time, so before/after comparisons hold on a shared machine.

    DATABASE_URL=postgres://... .venv/bin/python manage.py seed_bench --scale 0.2
    DATABASE_URL=postgres://... .venv/bin/python bench/plan_calls.py
"""

import cProfile
import pstats
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from in_process import serve_pages  # noqa: E402  (sets Django up first)

from media import queries  # noqa: E402
from media.models import PlanVersion  # noqa: E402


def calls(fn, *args):
    profile = cProfile.Profile()
    with CaptureQueriesContext(connection) as captured:
        value = profile.runcall(fn, *args)
    return value, pstats.Stats(profile).total_calls, len(captured)


def main():
    serve_pages()
    plan = PlanVersion.objects.annotate(n=Count("lines")).filter(n=1000, status="draft").order_by("pk").first()
    ae = plan.campaign.lead_ae
    browser = Client()
    browser.force_login(ae)
    url = reverse("media_plan", args=[plan.pk])
    browser.get(url)  # warm-up: templates compiled, translations loaded
    response, page_calls, page_queries = calls(browser.get, url)
    assert response.status_code == 200
    conflicts, check_calls, check_queries = calls(queries.separation_conflicts, plan, ae)
    shown = {line.pk for line in queries.plan_page_lines(plan, 1)}
    _page, page_check_calls, page_check_queries = calls(queries.separation, plan, ae, shown)
    print(f"plan {plan.pk}: 1,000 lines, {len(conflicts)} lines with a clash")
    print(f"plan page: {page_calls:,} function calls, {page_queries} queries, {len(response.content):,} bytes")
    print(f"separation check alone: {check_calls:,} function calls, {check_queries} queries")
    print(f"  as the page asks: {page_check_calls:,} function calls, {page_check_queries} queries")


if __name__ == "__main__":
    main()
