"""Benchmark: the media plan's Excel export and import, 1,000 lines each way.

Not a test: it prints and records timings. Runs against the seeded benchmark database (DATABASE_URL,
after `manage.py seed_bench`) inside one transaction that is rolled back, so the plan is left as it was.
Export is the file the planner downloads; import reads that file back and replaces the plan's lines,
as the import page does (read, validate, write in one go).

    DATABASE_URL=postgres://... .venv/bin/python bench/plan_excel.py [--repeat 3] [--out FILE]
"""

import argparse
import json
import os
import platform
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "agency.settings")

import django  # noqa: E402

django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402

from agency.core.models import User  # noqa: E402
from media import queries  # noqa: E402
from media.models import PlanVersion  # noqa: E402
from media.services import excel, plan_import  # noqa: E402


class Rollback(Exception):
    pass


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "plan_excel.json"))
    args = parser.parse_args()
    ae = User.objects.get(username="bench-ae")
    plan = PlanVersion.objects.annotate(n=Count("lines")).filter(n=1000, status="draft").order_by("pk").first()
    if plan is None:
        sys.exit("no draft plan with 1,000 lines: run manage.py seed_bench first")
    exports, reads, writes = [], [], []
    try:
        with transaction.atomic():
            for round_ in range(args.repeat):
                version = PlanVersion.objects.select_related("campaign").get(pk=plan.pk)
                content, seconds = timed(
                    lambda v=version: excel.export_plan(v, queries.totals(v.lines.all()), "zh-hans")
                )
                exports.append(seconds)
                upload = SimpleUploadedFile("plan.xlsx", content)
                rows, seconds = timed(lambda u=upload: excel.read_lines(u))
                reads.append(seconds)
                # Every line changed (the same file would write nothing): the write replaces 1,000 lines.
                rows = [{**row, "notes": f"bench {round_}.{n}"} for n, row in enumerate(rows)]
                lines, seconds = timed(
                    lambda v=version, r=rows: plan_import.plan_lines_import(version=v, rows=r, replace=True, by=ae)
                )
                writes.append(seconds)
                assert lines["change"] == 1000, lines
            raise Rollback
    except Rollback:
        pass
    figures = {
        "lines": 1000,
        "repeat": args.repeat,
        "export_seconds": round(statistics.median(exports), 3),
        "import_read_seconds": round(statistics.median(reads), 3),
        "import_write_seconds": round(statistics.median(writes), 3),
        "import_seconds": round(statistics.median(r + w for r, w in zip(reads, writes, strict=True)), 3),
        "file_bytes": len(content),
        "database": connection.vendor,
        "python": platform.python_version(),
        "machine": f"{platform.machine()} {os.cpu_count()} cpu",
        "measured_at": datetime.now().isoformat(timespec="seconds"),
    }
    for key, value in figures.items():
        print(f"{key}: {value}")
    Path(args.out).write_text(json.dumps(figures, indent=2) + "\n")
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()
