"""Benchmark: the media plan page and its flowchart with 1,000 plan lines, through Django's test client.

Not a test: it prints timings and sizes. Builds a draft plan of 1,000 lines with the media test
factories (add_lines) in the database of DATABASE_URL (migrated), inside one transaction that is
rolled back, so nothing is left behind. Each page is fetched a few times as the campaign's lead AE;
the first fetch warms the template cache and is not counted.

    DATABASE_URL=postgres://... .venv/bin/python bench/plan_page.py [--repeat 10] [--lines 1000]

On the 2-core dev machine under load (29 Nov 2026), medians / this process's CPU, 1,000 lines:
    plan page   before 400-440 ms / 330-375 ms CPU, 763,541 bytes
                after  190 ms / 150 ms CPU, 622,710 bytes (16 KB gzipped)
    flowchart   before 125-153 ms / 100-108 ms CPU, 375,910 bytes
                after  66-70 ms / 55 ms CPU, same bytes (6 KB gzipped)
Queries unchanged: 8 and 5.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from in_process import serve_pages  # noqa: E402  (sets Django up first)

from accounts.tests.factories import BrandFactory, ClientFactory, TeamMemberFactory  # noqa: E402
from agency.core.tests.factories import UserFactory  # noqa: E402
from briefs.models import Campaign, Stage  # noqa: E402
from briefs.tests.factories import CampaignFactory  # noqa: E402
from media.tests.factories import PlanVersionFactory, add_lines  # noqa: E402

PAGES = ("media_plan", "media_flowchart")


class Rollback(Exception):
    pass


def measure(browser, url, repeat):
    browser.get(url)  # warm-up: templates compiled, translations loaded
    times, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = browser.get(url)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as captured:
        response = browser.get(url)
    queries = len(captured)  # now: the next request empties the log
    zipped = browser.get(url, HTTP_ACCEPT_ENCODING="gzip")
    return {
        "median_ms": statistics.median(times) * 1000,
        "min_ms": min(times) * 1000,
        "cpu_ms": statistics.median(cpu) * 1000,  # this process only (not PostgreSQL): steadier on a shared machine
        "bytes": len(response.content),
        "bytes_gzip": len(zipped.content) if zipped.get("Content-Encoding") == "gzip" else None,
        "queries": queries,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--lines", type=int, default=1000)
    args = parser.parse_args()
    serve_pages()
    results = {}
    try:
        with transaction.atomic():
            ae = UserFactory(username="bench-plan-page-ae", title="AE")
            client = ClientFactory(name="Bench Dairy", code="BPP")
            # The factory's job numbers start again in every process: take one no other campaign has.
            job_number = f"BENCH-PLAN-{Campaign.objects.count() + 1}-{os.getpid()}"
            TeamMemberFactory(client=client, user=ae, role="lead_ae")
            brand = BrandFactory(client=client, name="Bench Yoghurt")
            campaign = CampaignFactory(
                client=client, brand=brand, lead_ae=ae, budget=5_000_000, stage=Stage.MEDIA, job_number=job_number
            )
            plan = PlanVersionFactory(campaign=campaign, number=1)
            add_lines(plan, args.lines)
            browser = Client()
            browser.force_login(ae)
            for name in PAGES:
                results[name] = measure(browser, reverse(name, args=[plan.pk]), args.repeat)
            raise Rollback
    except Rollback:
        pass
    print(f"{args.lines} plan lines, {args.repeat} fetches each (after one warm-up)")
    print(f"{'page':18} {'median ms':>10} {'min ms':>8} {'cpu ms':>8} {'bytes':>9} {'gzip bytes':>11} {'queries':>8}")
    for name, r in results.items():
        gz = r["bytes_gzip"] if r["bytes_gzip"] is not None else "-"
        times = f"{r['median_ms']:10.0f} {r['min_ms']:8.0f} {r['cpu_ms']:8.0f}"
        print(f"{name:18} {times} {r['bytes']:9,} {gz!s:>11} {r['queries']:8}")


if __name__ == "__main__":
    main()
