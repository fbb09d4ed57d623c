"""Benchmark: the reminder sweep with 100,000 stored checklist steps of which 1% are due.

Not a test: it prints and records timings. Runs against DATABASE_URL inside one transaction that is
rolled back at the end, so the database is left as it was (and no email task is queued).

    DATABASE_URL=postgres://... .venv/bin/python bench/reminder_sweep.py [--items 100000] [--due-share 0.01]
"""

import argparse
import cProfile
import json
import os
import platform
import pstats
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "agency.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.models import Brand, Client  # noqa: E402
from agency.core import deadlines, reminders  # noqa: E402
from agency.core.models import ReminderLedger, User  # noqa: E402
from briefs.models import Campaign, ChecklistStep  # noqa: E402

NOW = datetime(2026, 6, 18, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # a Thursday before the Dragon Boat Festival
DUE_SOON = date(2026, 6, 22)


class Rollback(Exception):
    pass


def seed(items, due_share):
    owners = User.objects.bulk_create(
        User(username=f"bench-owner-{i}", email=f"bench-owner-{i}@agency.example") for i in range(50)
    )
    client = Client.objects.create(name="Bench client", code="BENCH")
    brand = Brand.objects.create(client=client, name="Bench brand")
    campaigns = Campaign.objects.bulk_create(
        Campaign(client=client, brand=brand, job_number=f"BENCH-{i:04d}", name=f"Bench {i}", lead_ae=owners[0])
        for i in range(100)
    )
    due_every = round(1 / due_share)
    steps = []
    for i in range(items):
        if i % due_every == 0:
            due, done = DUE_SOON, None  # due soon: will be reminded
        elif i % 3 == 0:
            due, done = date(2026, 3, 1) + timedelta(days=i % 60), NOW  # done long ago
        else:
            due, done = date(2026, 8, 1) + timedelta(days=i % 300), None  # not due for weeks
        steps.append(
            ChecklistStep(
                campaign=campaigns[i % len(campaigns)],
                stage="brief",
                name=f"Step {i}",
                owner=owners[i % len(owners)],
                due_date=due,
                done_at=done,
            )
        )
    ChecklistStep.objects.bulk_create(steps, batch_size=5000)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE briefs_checkliststep")


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--due-share", type=float, default=0.01)
    parser.add_argument("--out", help="where to write the figures (JSON); default bench/results/")
    parser.add_argument(
        "--calls", action="store_true", help="also count Python function calls of the re-run (steady under load)"
    )
    args = parser.parse_args()
    figures = {}
    try:
        with transaction.atomic():
            _, figures["seed_seconds"] = timed(lambda: seed(args.items, args.due_share))
            checklist = deadlines.get("checklist")
            earliest, latest = reminders.deadline_window(NOW)

            def rule_query(now):
                return reminders.kind_dues(checklist, now)

            with connection.cursor() as cursor:
                sql, params = checklist.select(now=NOW, since=earliest, until=latest).query.sql_with_params()
                if connection.vendor == "postgresql":
                    cursor.execute("EXPLAIN " + sql, params)
                    figures["query_plan"] = [row[0] for row in cursor.fetchall()]
            dues, figures["rule_seconds"] = timed(lambda: len(list(rule_query(NOW))))
            first, figures["first_sweep_seconds"] = timed(lambda: reminders.sweep(NOW))
            second, figures["repeat_sweep_seconds"] = timed(lambda: reminders.sweep(NOW + timedelta(minutes=5)))
            if args.calls:
                profile = cProfile.Profile()
                with CaptureQueriesContext(connection) as captured:
                    profile.runcall(reminders.sweep, NOW + timedelta(minutes=10))
                stats = pstats.Stats(profile)
                figures.update(repeat_sweep_calls=stats.total_calls, repeat_sweep_queries=len(captured))
                stats.sort_stats("tottime").print_stats(12)
            figures.update(
                stored_items=ChecklistStep.objects.count(),
                due_items=dues,
                sent_first=first.total,
                sent_repeat=second.total,
                ledger_rows=ReminderLedger.objects.count(),
            )
            raise Rollback
    except Rollback:
        pass
    if connection.vendor == "postgresql":
        # The rolled-back rows are dead but still in the indexes until a vacuum: left there, they slow the
        # next pages measured on this database (the campaign list's open-steps lookup read 133,000 of them).
        with connection.cursor() as cursor:
            tables = ("briefs_checkliststep", "agency_reminderledger", "agency_outboxmessage", "agency_notification")
            cursor.execute("VACUUM ANALYZE " + ", ".join(tables))
    figures.update(
        database=connection.vendor,
        python=platform.python_version(),
        machine=f"{platform.machine()} {os.cpu_count()} cpu",
        measured_at=datetime.now().isoformat(timespec="seconds"),
        per_sent_reminder_ms=round(1000 * figures["first_sweep_seconds"] / max(figures["sent_first"], 1), 2),
    )
    for key, value in figures.items():
        if key != "query_plan":
            print(f"{key}: {round(value, 3) if isinstance(value, float) else value}")
    print("\n".join(figures.get("query_plan", [])))
    out = Path(args.out) if args.out else ROOT / "bench" / "results" / f"reminder_sweep-{connection.vendor}.json"
    out.write_text(json.dumps(figures, indent=2) + "\n")
    print(f"written to {out}")


if __name__ == "__main__":
    main()
