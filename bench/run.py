"""`make bench`: Accountable under load, beside Django's own floor, on this machine.

Starts the app the way production does (gunicorn, DEBUG=false, PostgreSQL, Redis),
logs in users of different roles, drives each page with wrk (loopback only,
bounded in time) and writes bench/results/<time>.json and bench/results/latest.md.
Every page is reported beside the fair floor it matches, measured in the same run with the same
server settings (FLOOR_OF): lists, detail pages and homes beside the list floor (50 of 100,000 rows
of a plain table and their COUNT through a template, behind a login), the dashboard beside the
aggregate floor (a GROUP BY over those 100,000 rows, behind a login), and the bare page beside a
minimal Django project's page (bench/minimal.py: no middleware, no apps). The ratio is the page's
requests per second over the floor's (1.0: as fast as the floor). latest.md keeps the previous
run's figures at the same scale beside the new ones. `--scale 10` measures only lists, homes and
the dashboard (and the floors), at ten times the data (`make bench-10`).
It also times the media plan's Excel export and import of 1,000 lines (bench/plan_excel.py)
and the reminder sweep over 100,000 checklist steps with 1% due (bench/reminder_sweep.py).

Which pages and which rows they open: bench/targets.py. With --queries-only it only reads each
page's SQL query count (no load, no timings): `make bench-queries` compares two scales that way.
"""

import argparse
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
PY = str(BASE / ".venv/bin/python")
RESULTS = BASE / "bench/results"
PORT = int(os.environ.get("BENCH_PORT", "8765"))
HOST = f"http://127.0.0.1:{PORT}"
MINIMAL_PORT = PORT + 1
MINIMAL_HOST = f"http://127.0.0.1:{MINIMAL_PORT}"
FLOOR_ROWS = 100_000
# Which floor each kind of page is compared with (kinds: bench/targets.py).
FLOOR_OF = {
    "minimal": "minimal",
    "list-floor": "list-floor",
    "aggregate-floor": "aggregate-floor",
    "bare": "minimal",
    "home": "list-floor",
    "list": "list-floor",
    "detail": "list-floor",
    "dashboard": "aggregate-floor",
}

sys.path.insert(0, str(BASE / "bench"))
from targets import MINIMAL_KIND, PAGES, SCALE_TEN_KINDS  # noqa: E402  (the pages measured, who opens them)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def sh(*args, env, **kwargs):
    return subprocess.run(args, cwd=BASE, env=env, check=True, **kwargs)


def ensure_database(url):
    import psycopg2

    parts = urllib.parse.urlparse(url)
    name = parts.path.lstrip("/")
    admin = psycopg2.connect(
        host=parts.hostname, port=parts.port or 5432, user=parts.username or "postgres", dbname="postgres"
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cursor.fetchone():
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def fill_floor_table(url):
    """The floors' plain table (agency/site/views.py FLOOR_TABLE): 100,000 rows, made once per database."""
    import psycopg2

    parts = urllib.parse.urlparse(url)
    connection = psycopg2.connect(
        host=parts.hostname, port=parts.port or 5432, user=parts.username or "postgres", dbname=parts.path.lstrip("/")
    )
    with connection, connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_floor_row (id bigserial PRIMARY KEY, name varchar(100) NOT NULL, "
            "category varchar(20) NOT NULL, amount numeric(14, 2) NOT NULL, created_on date NOT NULL)"
        )
        cursor.execute("SELECT COUNT(*) FROM bench_floor_row")
        if cursor.fetchone()[0] != FLOOR_ROWS:
            cursor.execute("TRUNCATE bench_floor_row")
            cursor.execute(
                "INSERT INTO bench_floor_row (name, category, amount, created_on) "
                "SELECT 'Row ' || i, 'category-' || mod(i, 20), mod(i, 977) * 13.5, DATE '2026-01-01' + mod(i, 365) "
                "FROM generate_series(1, %s) AS i",
                [FLOOR_ROWS],
            )
            cursor.execute("ANALYZE bench_floor_row")
    connection.close()


def previous_report(results, scale):
    """The last report at this scale, if any: its figures are shown beside the new ones."""
    for path in sorted(results.glob("2*.json"), reverse=True):
        try:
            report = json.loads(path.read_text())
        except ValueError:
            continue
        if report.get("scale") == scale:
            return report
    return None


def wait_for(url):
    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            time.sleep(0.2)


def log_in(username, password):
    """A session cookie for this user, through the real login form."""
    with urllib.request.urlopen(HOST + "/auth/login/") as response:
        page = response.read().decode()
        csrf_cookie = re.search(r"csrftoken=([^;]+)", response.headers.get("Set-Cookie", "")).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": username, "password": password})
    request = urllib.request.Request(
        HOST + "/auth/login/", data=data.encode(), headers={"Cookie": f"csrftoken={csrf_cookie}"}
    )
    opener = urllib.request.build_opener(NoRedirect)
    try:
        opener.open(request)
    except urllib.error.HTTPError as redirect:
        cookies = redirect.headers.get_all("Set-Cookie") or []
        session = next((c.split(";")[0] for c in cookies if c.startswith("sessionid=")), None)
        if redirect.code == 302 and session:
            return session
    raise RuntimeError(f"could not log in as {username}")


def open_client_link(token):
    """The client contact's session: the emailed link moves its token into the session and redirects."""
    try:
        urllib.request.build_opener(NoRedirect).open(HOST + f"/d/{token}/")
    except urllib.error.HTTPError as redirect:
        cookies = redirect.headers.get_all("Set-Cookie") or []
        session = next((c.split(";")[0] for c in cookies if c.startswith("sessionid=")), None)
        if redirect.code == 302 and session:
            return session
    raise RuntimeError("the client decision link did not open")


def probe(path, cookie, host=HOST):
    """One request: status, SQL queries (X-Query-Count) and size of the page."""
    request = urllib.request.Request(host + path, headers={"Cookie": cookie} if cookie else {})
    try:
        response = urllib.request.build_opener(NoRedirect).open(request)
    except urllib.error.HTTPError as error:
        response = error
    with response:
        body = response.read()
        return {
            "status": response.status,
            "queries": int(response.headers.get("X-Query-Count", "0" if host == MINIMAL_HOST else "-1")),
            "page_bytes": len(body),
        }


def measure(path, cookie, seconds, connections, host=HOST):
    page = probe(path, cookie, host)
    env = {**os.environ, "BENCH_COOKIE": cookie or ""}
    out = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "60s", "-s", str(BASE / "bench/latency.lua")]
        + [host + path],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 60,
    ).stdout
    figures = json.loads(out.strip().splitlines()[-1])
    return {**page, **figures}


def timing_script(script, env, out, *extra):
    """Run one of the bench/ timing scripts against the benchmark database; its JSON figures."""
    sh(PY, f"bench/{script}", "--out", str(out), *extra, env=env)
    return json.loads(Path(out).read_text())


def production_env(scale, **extra):
    """The benchmark database for this scale and the environment gunicorn runs with: DEBUG off,
    PostgreSQL, Redis, as in production (BENCH_DATABASE_URL / BENCH_REDIS_URL to change)."""
    database_url = os.environ.get(
        "BENCH_DATABASE_URL",
        f"postgres://postgres@127.0.0.1:5432/accountable_bench_{str(scale).replace('.', '_')}",
    )
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9"),
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": HOST,
        "SECURE_SSL_REDIRECT": "false",
        "BENCH_PAGES": "true",
        "LOG_LEVEL": "WARNING",
        **extra,
    }
    return database_url, env


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=float(os.environ.get("BENCH_SCALE", "1")))
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("BENCH_SECONDS", "10")))
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--sweep-items", type=int, default=100_000)
    parser.add_argument(
        "--results", default=os.environ.get("BENCH_RESULTS", str(RESULTS)), help="directory for the results"
    )
    parser.add_argument("--queries-only", action="store_true", help="only each page's SQL query count")
    parser.add_argument("--pages-only", action="store_true", help="skip the Excel and reminder-sweep timings")
    parser.add_argument(
        "--all-pages",
        action="store_true",
        help="at a scale other than 1, every page (default: lists, homes, dashboard)",
    )
    parser.add_argument("--json", help="with --queries-only: write the counts here as JSON")
    args = parser.parse_args()

    if not args.queries_only and not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk (make bench does this)")
    database_url, env = production_env(args.scale)
    results = Path(args.results)
    results.mkdir(parents=True, exist_ok=True)
    ensure_database(database_url)
    started = time.monotonic()
    sh(PY, "manage.py", "migrate", "--noinput", "-v0", env=env)
    sh(PY, "manage.py", "seed_bench", "--scale", str(args.scale), env=env)
    seed_seconds = time.monotonic() - started
    sh(PY, "manage.py", "collectstatic", "--noinput", "-v0", env=env)
    fill_floor_table(database_url)
    pages = [
        page
        for page in PAGES
        if args.scale == 1 or args.all_pages or page[3] in SCALE_TEN_KINDS or page[3] == FLOOR_OF[page[3]]
    ]
    targets = json.loads(
        sh(PY, "bench/targets.py", env=env, capture_output=True, text=True).stdout.strip().splitlines()[-1]
    )

    gunicorn = subprocess.Popen(
        [str(BASE / ".venv/bin/gunicorn"), "agency.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{PORT}"],
        cwd=BASE,
        env=env,
    )
    # The minimal Django project, with the same gunicorn settings (only its own page: no database).
    minimal = subprocess.Popen(
        [str(BASE / ".venv/bin/gunicorn"), "--chdir", str(BASE / "bench"), "minimal:application"]
        + ["--workers", "2", "--bind", f"127.0.0.1:{MINIMAL_PORT}"],
        cwd=BASE,
        env={k: v for k, v in env.items() if k != "DJANGO_SETTINGS_MODULE"},
    )
    skipped = []
    try:
        wait_for(HOST + "/_bench/bare/")
        wait_for(MINIMAL_HOST + "/_bench/bare/")
        cookies = {who: log_in(who, "bench-password") for who in {p[2] for p in pages if p[2] and p[2] != "client"}}
        if any(p[2] == "client" for p in pages):
            cookies["client"] = open_client_link(targets["decision_token"])
        rows = []
        for label, path, who, kind in pages:
            host = MINIMAL_HOST if kind == MINIMAL_KIND else HOST
            if path in targets["missing_paths"]:
                skipped.append({"page": label, "path": path, "why": "not built yet: the address does not resolve"})
                print(f"{label:40} skipped: {path} does not resolve yet")
                continue
            path = path.format(**targets)
            if args.queries_only:
                figures = probe(path, cookies.get(who), host)
                print(f"{label:40} {figures['queries']:4} queries  (HTTP {figures['status']})")
            else:
                figures = measure(path, cookies.get(who), args.seconds, args.connections, host)
                print(
                    f"{label:40} {figures['rps']:8.1f} req/s  p95 {figures['p95_ms']:7.1f} ms  "
                    f"{figures['queries']} queries  (HTTP {figures['status']})"
                )
            rows.append({"page": label, "path": path, "user": who, "kind": kind, **figures})
    finally:
        for server in (gunicorn, minimal):
            server.terminate()
            server.wait(20)

    if args.queries_only:
        counts = {row["page"]: row["queries"] for row in rows}
        if args.json:
            Path(args.json).write_text(json.dumps({"scale": args.scale, "queries": counts}, indent=2) + "\n")
        return

    plan_excel = sweep = None
    if args.scale == 1 and not args.pages_only:
        print("Timing the plan Excel export and import (1,000 lines) ...")
        plan_excel = timing_script("plan_excel.py", env, results / "plan_excel.json")
        print(f"Timing the reminder sweep ({args.sweep_items:,} checklist steps, 1% due) ...")
        sweep = timing_script(
            "reminder_sweep.py", env, results / "reminder_sweep-postgresql.json", "--items", str(args.sweep_items)
        )

    floors = {row["kind"]: row for row in rows if FLOOR_OF[row["kind"]] == row["kind"]}
    for row in rows:
        floor = floors.get(FLOOR_OF[row["kind"]])
        row["floor"] = floor["page"] if floor else None
        row["ratio_to_floor"] = round(row["rps"] / floor["rps"], 2) if floor and floor["rps"] else None
    previous = previous_report(results, args.scale)
    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "scale": args.scale,
        "seconds_per_page": args.seconds,
        "connections": args.connections,
        "seed_seconds": round(seed_seconds, 1),
        "machine": machine(),
        "pages": rows,
        "skipped": skipped,
        "plan_excel": plan_excel,
        "reminder_sweep": {k: v for k, v in sweep.items() if k != "query_plan"} if sweep else None,
    }
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    (results / f"{stamp}.json").write_text(json.dumps(report, indent=2))
    lines = markdown(report, previous, args)
    name = "latest.md" if args.scale == 1 else f"latest-scale-{args.scale:g}.md"
    (results / name).write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


def machine():
    import platform

    # The load average when the run began says whether other work shared the cores (about 0 to 1: it did not).
    load = os.getloadavg()[0]
    return f"{platform.node()}, {platform.machine()}, {os.cpu_count()} cores, load average {load:.1f} at the start"


def markdown(report, previous, args):
    before = {row["page"]: row for row in (previous or {}).get("pages", [])}
    lines = [
        f"# Benchmark {report['when']}",
        "",
        f"Scale {args.scale}, {args.seconds} s per page, {args.connections} wrk connections, gunicorn 2 sync workers, "
        f"DEBUG=false, PostgreSQL + Redis, {report['machine']}. Data set seeded in {report['seed_seconds']} s "
        "(0 when it was already there). × floor: requests/s as a share of the matching floor's, measured in "
        "the same run (lists, details and homes: the list floor; the dashboard: the aggregate floor; the bare "
        "and login pages: a minimal Django page). "
        + (
            f"Before: the previous run at this scale ({previous['when']})."
            if previous
            else "Before: no previous run at this scale."
        ),
        "",
        "| page | HTTP | req/s | × floor | p50 ms | p95 ms | p99 ms | SQL queries | bytes | errors "
        "| before: req/s | before: p50 ms | before: queries |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in report["pages"]:
        old = before.get(row["page"], {})
        ratio = f"{row['ratio_to_floor']:.2f}" if row["ratio_to_floor"] is not None else "—"
        lines.append(
            f"| {row['page']} | {row['status']} | {row['rps']:.1f} | {ratio} | {row['p50_ms']:.1f} | "
            f"{row['p95_ms']:.1f} | {row['p99_ms']:.1f} | {row['queries']} | {row['page_bytes']} | {row['errors']} | "
            f"{_figure(old, 'rps')} | {_figure(old, 'p50_ms')} | {old.get('queries', '—')} |"
        )
    for row in report["skipped"]:
        lines.append(f"| {row['page']} (`{row['path']}`) | skipped: {row['why']} | | | | | | | | | | | |")
    plan_excel, sweep = report["plan_excel"], report["reminder_sweep"]
    if plan_excel and sweep:
        old_sweep = (previous or {}).get("reminder_sweep") or {}
        lines += [
            "",
            "| timed job | seconds | before |",
            "| --- | ---: | ---: |",
            f"| media plan Excel export, 1,000 lines | {plan_excel['export_seconds']} | "
            f"{((previous or {}).get('plan_excel') or {}).get('export_seconds', '—')} |",
            f"| media plan Excel import, 1,000 lines (read + write) | {plan_excel['import_seconds']} | "
            f"{((previous or {}).get('plan_excel') or {}).get('import_seconds', '—')} |",
            f"| reminder sweep, {sweep['stored_items']:,} steps, {sweep['due_items']:,} due: first run "
            f"({sweep['sent_first']:,} sent) | {sweep['first_sweep_seconds']:.2f} | "
            f"{_figure(old_sweep, 'first_sweep_seconds', 2)} |",
            f"| reminder sweep again (nothing new to send) | {sweep['repeat_sweep_seconds']:.2f} | "
            f"{_figure(old_sweep, 'repeat_sweep_seconds', 2)} |",
        ]
    return lines


def _figure(row, key, digits=1):
    value = row.get(key)
    return f"{value:.{digits}f}" if isinstance(value, int | float) else "—"


if __name__ == "__main__":
    main()
