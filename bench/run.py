"""`make bench`: Accountable under load, beside Django's own floor, on this machine.

Starts the app the way production does (gunicorn, DEBUG=false, PostgreSQL, Redis),
logs in users of different roles, drives each page with wrk (loopback only,
bounded in time) and writes bench/results/<time>.json and bench/results/latest.md.
Every page is reported beside a bare Django page rendering a 50-row template,
measured in the same run, as a ratio of requests per second.
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

# (label, path, who): who is None for anonymous pages. Add pages here as they are built.
PAGES = [
    ("bare Django page (50 rows)", "/_bench/bare/", None),
    ("login page", "/auth/login/", None),
    ("AE home (my day)", "/", "bench-ae"),
    ("manager home", "/", "bench-manager"),
    ("outbox", "/outbox/", "bench-manager"),
]


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

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        opener.open(request)
    except urllib.error.HTTPError as redirect:
        cookies = redirect.headers.get_all("Set-Cookie") or []
        session = next((c.split(";")[0] for c in cookies if c.startswith("sessionid=")), None)
        if redirect.code == 302 and session:
            return session
    raise RuntimeError(f"could not log in as {username}")


def measure(path, cookie, seconds, connections):
    request = urllib.request.Request(HOST + path, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request) as response:
        body = response.read()
        queries = int(response.headers.get("X-Query-Count", "-1"))
        status = response.status
    env = {**os.environ, "BENCH_COOKIE": cookie or ""}
    out = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "-s", str(BASE / "bench/latency.lua"), HOST + path],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 60,
    ).stdout
    figures = json.loads(out.strip().splitlines()[-1])
    return {"status": status, "queries": queries, "page_bytes": len(body), **figures}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=float(os.environ.get("BENCH_SCALE", "1")))
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("BENCH_SECONDS", "10")))
    parser.add_argument("--connections", type=int, default=4)
    args = parser.parse_args()

    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk (make bench does this)")
    database_url = os.environ.get(
        "BENCH_DATABASE_URL",
        f"postgres://postgres@127.0.0.1:5432/accountable_bench_{str(args.scale).replace('.', '_')}",
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
    }
    ensure_database(database_url)
    started = time.monotonic()
    sh(PY, "manage.py", "migrate", "--noinput", "-v0", env=env)
    sh(PY, "manage.py", "seed_bench", "--scale", str(args.scale), env=env)
    seed_seconds = time.monotonic() - started
    sh(PY, "manage.py", "collectstatic", "--noinput", "-v0", env=env)

    gunicorn = subprocess.Popen(
        [str(BASE / ".venv/bin/gunicorn"), "agency.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{PORT}"],
        cwd=BASE,
        env=env,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(HOST + "/_bench/bare/", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        cookies = {who: log_in(who, "bench-password") for who in {w for _, _, w in PAGES if w}}
        rows = []
        for label, path, who in PAGES:
            figures = measure(path, cookies.get(who), args.seconds, args.connections)
            rows.append({"page": label, "path": path, "user": who, **figures})
            print(
                f"{label:40} {figures['rps']:8.1f} req/s  p95 {figures['p95_ms']:7.1f} ms  {figures['queries']} queries"
            )
    finally:
        gunicorn.terminate()
        gunicorn.wait(20)

    floor = rows[0]["rps"]
    for row in rows:
        row["ratio_to_bare"] = round(row["rps"] / floor, 3) if floor else None
    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "scale": args.scale,
        "seconds_per_page": args.seconds,
        "connections": args.connections,
        "seed_seconds": round(seed_seconds, 1),
        "machine": f"{os.cpu_count()} cores",
        "pages": rows,
    }
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    (RESULTS / f"{stamp}.json").write_text(json.dumps(report, indent=2))
    lines = [
        f"# Benchmark {report['when']}",
        "",
        f"Scale {args.scale}, {args.seconds} s per page, {args.connections} connections, gunicorn 2 workers, "
        f"DEBUG=false, PostgreSQL + Redis, {report['machine']}. Data set seeded in {report['seed_seconds']} s.",
        "",
        "| page | req/s | × bare | p50 ms | p95 ms | p99 ms | SQL queries | bytes | errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        lines.append(
            f"| {row['page']} | {row['rps']:.1f} | {row['ratio_to_bare']:.2f} | {row['p50_ms']:.1f} | "
            f"{row['p95_ms']:.1f} | {row['p99_ms']:.1f} | {row['queries']} | {row['page_bytes']} | {row['errors']} |"
        )
    (RESULTS / "latest.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
