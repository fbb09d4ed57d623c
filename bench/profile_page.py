"""Where one page's time goes, on the seeded benchmark data: SQL queries and their time, Python function
calls (cProfile: the same whatever the machine's load, so before/after holds on a shared machine),
bytes, and the slowest functions. Single-threaded, through Django's test client, DEBUG off.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/accountable_bench_1_0 \
        .venv/bin/python bench/profile_page.py bench-ae /campaigns/ [--top 25] [--repeat 5]

The user is a username of the bench data (bench-ae, bench-manager, bench-gad-0 ...); paths may name
targets in braces as bench/targets.py does ({client}, {campaign}, {plan}, {review}).
"""

import argparse
import cProfile
import io
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from in_process import serve_pages  # noqa: E402  (sets Django up first)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("user")
    parser.add_argument("path")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sql", action="store_true", help="print every query with its time")
    args = parser.parse_args()
    serve_pages()

    from agency.core.models import User

    path = args.path
    if "{" in path:
        from targets import find_targets

        path = path.format(**find_targets())
    browser = Client()
    browser.force_login(User.objects.get(username=args.user))
    response = browser.get(path)  # warm-up: templates compiled, translations loaded
    assert response.status_code == 200, (response.status_code, path)

    seconds = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        browser.get(path)
        seconds.append(time.perf_counter() - started)

    profile = cProfile.Profile()
    with CaptureQueriesContext(connection) as captured:
        response = profile.runcall(browser.get, path)
    stats = pstats.Stats(profile)
    sql_ms = sum(float(q["time"]) for q in captured.captured_queries) * 1000
    print(f"{path} as {args.user}: HTTP {response.status_code}, {len(response.content):,} bytes")
    print(f"wall p50 {statistics.median(seconds) * 1000:.1f} ms over {args.repeat} (noisy on a shared machine)")
    print(f"{stats.total_calls:,} function calls; {len(captured)} queries, {sql_ms:.1f} ms in SQL")
    if args.sql:
        for query in captured.captured_queries:
            print(f"  {float(query['time']) * 1000:7.1f} ms  {query['sql'][:300]}")
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(args.top)
    print(out.getvalue())


if __name__ == "__main__":
    main()
