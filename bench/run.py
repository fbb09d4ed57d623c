"""`make bench`: Accountable under load, beside Django's own floor, on this machine.

Starts the app the way production does (gunicorn, DEBUG=false, PostgreSQL, Redis),
logs in users of different roles, drives each page with wrk (loopback only,
bounded in time) and writes bench/results/<time>.json and bench/results/latest.md.
Every page is reported beside a bare Django page rendering a 50-row template,
measured in the same run, as ratios of requests per second and of median latency.
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
PORT = 8765
HOST = f"http://127.0.0.1:{PORT}"

sys.path.insert(0, str(BASE / "bench"))
from targets import PAGES  # noqa: E402  (the pages measured, and who opens them)


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


def probe(path, cookie):
    """One request: status, SQL queries (X-Query-Count) and size of the page."""
    request = urllib.request.Request(HOST + path, headers={"Cookie": cookie} if cookie else {})
    try:
        response = urllib.request.build_opener(NoRedirect).open(request)
    except urllib.error.HTTPError as error:
        response = error
    with response:
        body = response.read()
        return {
            "status": response.status,
            "queries": int(response.headers.get("X-Query-Count", "-1")),
            "page_bytes": len(body),
        }


def measure(path, cookie, seconds, connections):
    page = probe(path, cookie)
    env = {**os.environ, "BENCH_COOKIE": cookie or ""}
    out = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "60s", "-s", str(BASE / "bench/latency.lua")]
        + [HOST + path],
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
    targets = json.loads(
        sh(PY, "bench/targets.py", env=env, capture_output=True, text=True).stdout.strip().splitlines()[-1]
    )

    gunicorn = subprocess.Popen(
        [str(BASE / ".venv/bin/gunicorn"), "agency.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{PORT}"],
        cwd=BASE,
        env=env,
    )
    skipped = []
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(HOST + "/_bench/bare/", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        cookies = {who: log_in(who, "bench-password") for who in {w for _, _, w in PAGES if w and w != "client"}}
        cookies["client"] = open_client_link(targets["decision_token"])
        rows = []
        for label, path, who in PAGES:
            if path in targets["missing_paths"]:
                skipped.append({"page": label, "path": path, "why": "not built yet: the address does not resolve"})
                print(f"{label:40} skipped: {path} does not resolve yet")
                continue
            path = path.format(**targets)
            if args.queries_only:
                figures = probe(path, cookies.get(who))
                print(f"{label:40} {figures['queries']:4} queries  (HTTP {figures['status']})")
            else:
                figures = measure(path, cookies.get(who), args.seconds, args.connections)
                print(
                    f"{label:40} {figures['rps']:8.1f} req/s  p95 {figures['p95_ms']:7.1f} ms  "
                    f"{figures['queries']} queries  (HTTP {figures['status']})"
                )
            rows.append({"page": label, "path": path, "user": who, **figures})
    finally:
        gunicorn.terminate()
        gunicorn.wait(20)

    if args.queries_only:
        counts = {row["page"]: row["queries"] for row in rows}
        if args.json:
            Path(args.json).write_text(json.dumps({"scale": args.scale, "queries": counts}, indent=2) + "\n")
        return

    print("Timing the plan Excel export and import (1,000 lines) ...")
    plan_excel = timing_script("plan_excel.py", env, results / "plan_excel.json")
    print(f"Timing the reminder sweep ({args.sweep_items:,} checklist steps, 1% due) ...")
    sweep = timing_script(
        "reminder_sweep.py", env, results / "reminder_sweep-postgresql.json", "--items", str(args.sweep_items)
    )

    floor = rows[0]
    for row in rows:
        row["ratio_to_bare"] = round(row["rps"] / floor["rps"], 3) if floor["rps"] else None
        row["p50_ratio_to_bare"] = round(row["p50_ms"] / floor["p50_ms"], 1) if floor["p50_ms"] else None
    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "scale": args.scale,
        "seconds_per_page": args.seconds,
        "connections": args.connections,
        "seed_seconds": round(seed_seconds, 1),
        "machine": f"{os.cpu_count()} cores",
        "pages": rows,
        "skipped": skipped,
        "plan_excel": plan_excel,
        "reminder_sweep": {k: v for k, v in sweep.items() if k != "query_plan"},
    }
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    (results / f"{stamp}.json").write_text(json.dumps(report, indent=2))
    lines = [
        f"# Benchmark {report['when']}",
        "",
        f"Scale {args.scale}, {args.seconds} s per page, {args.connections} connections, gunicorn 2 workers, "
        f"DEBUG=false, PostgreSQL + Redis, {report['machine']}. Data set seeded in {report['seed_seconds']} s "
        "(0 when it was already there). × bare: requests/s as a share of the bare Django page's; "
        "p50 × bare: median latency as a multiple of the bare page's.",
        "",
        "| page | HTTP | req/s | × bare | p50 ms | p50 × bare | p95 ms | p99 ms | SQL queries | bytes | errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        lines.append(
            f"| {row['page']} | {row['status']} | {row['rps']:.1f} | {row['ratio_to_bare']:.2f} | "
            f"{row['p50_ms']:.1f} | {row['p50_ratio_to_bare']} | {row['p95_ms']:.1f} | {row['p99_ms']:.1f} | "
            f"{row['queries']} | {row['page_bytes']} | {row['errors']} |"
        )
    for row in skipped:
        lines.append(f"| {row['page']} (`{row['path']}`) | skipped: {row['why']} | | | | | | | | | |")
    lines += [
        "",
        "| timed job | seconds |",
        "| --- | ---: |",
        f"| media plan Excel export, 1,000 lines | {plan_excel['export_seconds']} |",
        f"| media plan Excel import, 1,000 lines (read + write) | {plan_excel['import_seconds']} |",
        f"| reminder sweep, {sweep['stored_items']:,} steps, {sweep['due_items']:,} due: first run "
        f"({sweep['sent_first']:,} sent) | {sweep['first_sweep_seconds']:.2f} |",
        f"| reminder sweep again (nothing new to send) | {sweep['repeat_sweep_seconds']:.2f} |",
    ]
    (results / "latest.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
